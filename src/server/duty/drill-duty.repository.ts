import { sql } from 'kysely';
import type { DutySource } from './duty-sources.js';

/**
 * Submitted drills as duty facts (drafts never count): the drill type is the type, the school
 * is the subject, the recorder is credited; participants are students and staff taking part and
 * the base is the school's enrolment plus staff as stored on the drill when it was recorded, so
 * a 全员 rule (a share of enrolment) judges each drill against the school as it was then.
 */
export const drillDutySource: DutySource = {
  kind: 'drill',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    let query = db
      .selectFrom('drill')
      .select([
        'id',
        'school_id',
        'type_code',
        sql<string>`to_char(drilled_on, 'YYYY-MM-DD')`.as('day'),
        'created_by',
        'student_participants',
        'staff_participants',
        'enrollment_base',
        'staff_base',
      ])
      .where('district_id', '=', q.districtId)
      .where('status', '=', 'submitted')
      .where('drilled_on', '>=', q.from)
      .where('drilled_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('type_code', 'in', q.types);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      kind: 'drill' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.type_code,
      actorIds: [r.created_by],
      participants: r.student_participants + r.staff_participants,
      base: r.enrollment_base + r.staff_base,
    }));
  },
  factRelation(db, q) {
    let query = db
      .selectFrom('drill')
      .select([
        'school_id as subject_id',
        'school_id',
        'drilled_on as day',
        'type_code as type',
        sql<null>`null::text`.as('level'),
        sql<null>`null::numeric`.as('hours'),
        sql<null>`null::text`.as('audience'),
        sql<null>`null::text`.as('occasion'),
        sql<number>`student_participants + staff_participants`.as('participants'),
        sql<number>`enrollment_base + staff_base`.as('base'),
      ])
      .where('district_id', '=', q.districtId)
      .where('status', '=', 'submitted')
      .where('drilled_on', '>=', q.from)
      .where('drilled_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('type_code', 'in', q.types);
    return query;
  },
  async ownerOf(db, districtId, recordId) {
    const row = await db
      .selectFrom('drill as d')
      .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'd.district_id').onRef('o.id', '=', 'd.school_id'))
      .select(['d.school_id', 'o.name', 'd.type_label', 'd.code'])
      .where('d.district_id', '=', districtId)
      .where('d.id', '=', recordId)
      .executeTakeFirst();
    return row ? { unitId: row.school_id, label: `${row.name} ${row.type_label}（${row.code}）` } : undefined;
  },
};
