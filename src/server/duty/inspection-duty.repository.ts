import { sql } from 'kysely';
import type { InspectionLevel } from '../../domain/policy/pack-schema.js';
import type { DutySource } from './duty-sources.js';

/** Submitted inspections as duty facts: the template code is the type, the inspectors are credited. */
export const inspectionDutySource: DutySource = {
  kind: 'inspection',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    let query = db
      .selectFrom('inspection')
      .select(['id', 'school_id', 'level', 'template_code', sql<string>`to_char(inspected_on, 'YYYY-MM-DD')`.as('day'), 'inspector_ids'])
      .where('district_id', '=', q.districtId)
      .where('status', '=', 'submitted')
      .where('inspected_on', '>=', q.from)
      .where('inspected_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('template_code', 'in', q.types);
    if (q.levels?.length) query = query.where('level', 'in', q.levels);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      kind: 'inspection' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.template_code,
      level: r.level as InspectionLevel,
      actorIds: r.inspector_ids,
    }));
  },
  // The same facts as loadFacts, tallied in SQL: the dashboard's coverage panel and the school
  // grids move a row per school and period instead of a year of every school's checks.
  factRelation(db, q) {
    let query = db
      .selectFrom('inspection')
      .select([
        'school_id as subject_id',
        'school_id',
        'inspected_on as day',
        'template_code as type',
        'level',
        sql<null>`null::numeric`.as('hours'),
        sql<null>`null::text`.as('audience'),
        sql<null>`null::text`.as('occasion'),
        sql<null>`null::integer`.as('participants'),
        sql<null>`null::integer`.as('base'),
      ])
      .where('district_id', '=', q.districtId)
      .where('status', '=', 'submitted')
      .where('inspected_on', '>=', q.from)
      .where('inspected_on', '<=', q.to);
    if (q.subjectIds) query = query.where('school_id', 'in', q.subjectIds);
    if (q.types?.length) query = query.where('template_code', 'in', q.types);
    if (q.levels?.length) query = query.where('level', 'in', q.levels);
    return query;
  },
  async ownerOf(db, districtId, recordId) {
    const row = await db
      .selectFrom('inspection as i')
      .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'i.district_id').onRef('o.id', '=', 'i.school_id'))
      .select(['i.school_id', 'o.name', 'i.template_code'])
      .where('i.district_id', '=', districtId)
      .where('i.id', '=', recordId)
      .executeTakeFirst();
    return row ? { unitId: row.school_id, label: `${row.name} ${row.template_code}` } : undefined;
  },
};
