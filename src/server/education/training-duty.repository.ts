import { sql } from 'kysely';
import type { DutySource } from '../duty/duty-sources.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff trainings as duty facts: the training kind code as the type, the hours, the attendee
 * count as participants and the staff count recorded with the training as the base (a share of
 * staff, 全员培训). The staff accounts marked as attendees are credited.
 */
export const trainingDutySource: DutySource = {
  kind: 'training',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    let query = db
      .selectFrom('staff_training')
      .select([
        'id',
        'school_id',
        sql<string>`to_char(trained_on, 'YYYY-MM-DD')`.as('day'),
        'kind',
        'hours',
        'attendee_ids',
        'attendee_count',
        'staff_base',
        'trainer_unit_id',
      ])
      .where('district_id', '=', q.districtId)
      .where('trained_on', '>=', q.from)
      .where('trained_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('kind', 'in', q.types);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      kind: 'training' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.kind,
      hours: Number(r.hours),
      participants: r.attendee_count,
      base: r.staff_base,
      actorIds: r.attendee_ids,
      ...(r.trainer_unit_id && { unitId: r.trainer_unit_id }),
    }));
  },
  factRelation(db, q) {
    let query = db
      .selectFrom('staff_training')
      .select([
        'school_id as subject_id',
        'school_id',
        'trained_on as day',
        'kind as type',
        sql<null>`null::text`.as('level'),
        'hours',
        sql<null>`null::text`.as('audience'),
        sql<null>`null::text`.as('occasion'),
        'attendee_count as participants',
        'staff_base as base',
      ])
      .where('district_id', '=', q.districtId)
      .where('trained_on', '>=', q.from)
      .where('trained_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('kind', 'in', q.types);
    return query;
  },
  async ownerOf(db, districtId, recordId) {
    if (!UUID_RE.test(recordId)) return undefined;
    const row = await db
      .selectFrom('staff_training as t')
      .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 't.district_id').onRef('o.id', '=', 't.school_id'))
      .select(['t.school_id', 'o.name', sql<string>`to_char(t.trained_on, 'YYYY-MM-DD')`.as('day')])
      .where('t.district_id', '=', districtId)
      .where('t.id', '=', recordId)
      .executeTakeFirst();
    return row ? { unitId: row.school_id, label: `${row.name} ${row.day} 教职工培训` } : undefined;
  },
};
