import { sql } from 'kysely';
import type { DutyFact } from '../../domain/duty.js';
import type { DutySource } from '../duty/duty-sources.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Safety education sessions as duty facts: one fact per session per audience (`school`,
 * `grade:<n>`, `class:<n>-<c>`; see domain/education.ts; the fact id is the session id, or
 * `<session id>:<audience>` when one session names several classes), the topic code as the type, the
 * occasion code, the class hours, the students taking part and the school's enrolment at the
 * time of reading as the base. The recording user is credited.
 */
export const educationDutySource: DutySource = {
  kind: 'education',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    let query = db
      .selectFrom('education_session as e')
      .leftJoin('school as s', (j) => j.onRef('s.district_id', '=', 'e.district_id').onRef('s.id', '=', 'e.school_id'))
      .select([
        'e.id',
        'e.school_id',
        sql<string>`to_char(e.held_on, 'YYYY-MM-DD')`.as('day'),
        'e.topic',
        'e.occasion',
        'e.hours',
        'e.audiences',
        'e.participants',
        's.enrollment',
        'e.created_by',
        'e.speaker_unit_id',
      ])
      .where('e.district_id', '=', q.districtId)
      .where('e.held_on', '>=', q.from)
      .where('e.held_on', '<=', q.to);
    if (q.subjectIds) query = query.where('e.school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('e.topic', 'in', q.types);
    const rows = await query.execute();
    const facts: DutyFact[] = [];
    for (const r of rows) {
      for (const audience of r.audiences) {
        const fact: DutyFact = {
          id: r.audiences.length > 1 ? `${r.id}:${audience}` : r.id,
          kind: 'education',
          subjectId: r.school_id,
          schoolId: r.school_id,
          day: r.day,
          type: r.topic,
          hours: Number(r.hours),
          audience,
          actorIds: [r.created_by],
        };
        if (r.occasion) fact.occasion = r.occasion;
        if (r.speaker_unit_id) fact.unitId = r.speaker_unit_id;
        if (r.participants !== null) fact.participants = r.participants;
        if (r.enrollment !== null) fact.base = Number(r.enrollment);
        facts.push(fact);
      }
    }
    return facts;
  },
  /** One row per session and audience, as loadFacts makes one fact per audience. */
  factRelation(db, q) {
    let query = db
      .selectFrom('education_session as e')
      .leftJoin('school as s', (j) => j.onRef('s.district_id', '=', 'e.district_id').onRef('s.id', '=', 'e.school_id'))
      .select([
        'e.school_id as subject_id',
        'e.school_id',
        'e.held_on as day',
        'e.topic as type',
        sql<null>`null::text`.as('level'),
        'e.hours',
        sql<string>`unnest(e.audiences)`.as('audience'),
        'e.occasion',
        'e.participants',
        's.enrollment as base',
      ])
      .where('e.district_id', '=', q.districtId)
      .where('e.held_on', '>=', q.from)
      .where('e.held_on', '<=', q.to);
    if (q.subjectIds) query = query.where('e.school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('e.topic', 'in', q.types);
    return query;
  },
  async ownerOf(db, districtId, recordId) {
    const id = recordId.split(':')[0] as string;
    if (!UUID_RE.test(id)) return undefined;
    const row = await db
      .selectFrom('education_session as e')
      .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'e.district_id').onRef('o.id', '=', 'e.school_id'))
      .select(['e.school_id', 'o.name', sql<string>`to_char(e.held_on, 'YYYY-MM-DD')`.as('day')])
      .where('e.district_id', '=', districtId)
      .where('e.id', '=', id)
      .executeTakeFirst();
    return row ? { unitId: row.school_id, label: `${row.name} ${row.day} 安全教育` } : undefined;
  },
};
