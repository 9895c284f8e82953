import { sql } from 'kysely';
import { supervisionSources } from '../../domain/hazard.js';
import type { Db } from '../db/database.js';
import type { ReadIds } from './risk.repository.js';

/**
 * The analytics' SQL (issue 14, "beyond the anchors"). Every statement is keyed by district and
 * reads the ledger through migration 0036's indexes: hazard_repeat_ix (school, category, place,
 * found_at) for repeats, hazard_found_item_ix (item code) for self-check misses.
 */
const inSchools = (col: string, ids: ReadIds) =>
  ids === null ? sql`true` : ids.length ? sql`${sql.ref(col)} in (${sql.join(ids.map((i) => sql`${i}`))})` : sql`false`;

export type Range = { from: Date; to: Date };

/**
 * Repeat hazards at one school: groups of (school, category, place) with at least one hazard
 * found in the range after an earlier hazard of the same group had been closed (复发).
 */
export async function findRepeatGroups(db: Db, districtId: string, ids: ReadIds, range: Range, limit: number) {
  const r = await sql<{ school_id: string; school_name: string; category: string; place: string; repeats: number; total: number; last_found: Date }>`
    select h.school_id, o.name as school_name, h.category, h.place,
           count(*) filter (where exists (
             select 1 from hazard p
              where p.district_id = h.district_id and p.school_id = h.school_id and p.category = h.category and p.place = h.place
                and p.id <> h.id and p.closed_at is not null and p.closed_at <= h.found_at)) as repeats,
           count(*) as total, max(h.found_at) as last_found
      from hazard h
      join org_unit o on o.district_id = h.district_id and o.id = h.school_id
     where h.district_id = ${districtId} and h.found_at >= ${range.from} and h.found_at < ${range.to} and ${inSchools('h.school_id', ids)}
     group by h.school_id, o.name, h.category, h.place
    having count(*) filter (where exists (
             select 1 from hazard p
              where p.district_id = h.district_id and p.school_id = h.school_id and p.category = h.category and p.place = h.place
                and p.id <> h.id and p.closed_at is not null and p.closed_at <= h.found_at)) > 0
     order by repeats desc, total desc, last_found desc, h.school_id, h.category, h.place
     limit ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, repeats: Number(x.repeats), total: Number(x.total) }));
}

/** Every hazard of the given groups (whenever found, up to the range's end), oldest first: the rows behind a repeat. */
export async function findGroupHazards(db: Db, districtId: string, groups: { school_id: string; category: string; place: string }[], to: Date) {
  if (!groups.length) return [];
  const keys = sql.join(groups.map((g) => sql`(${g.school_id}::uuid, ${g.category}, ${g.place})`));
  const r = await sql<{
    id: string;
    code: string;
    title: string;
    school_id: string;
    category: string;
    place: string;
    state: string;
    found_at: Date;
    closed_at: Date | null;
    source: string;
  }>`
    select h.id, h.code, h.title, h.school_id, h.category, h.place, h.state, h.found_at, h.closed_at, h.source
      from hazard h
     where h.district_id = ${districtId} and h.found_at < ${to} and (h.school_id, h.category, h.place) in (${keys})
     order by h.school_id, h.category, h.place, h.found_at, h.code`.execute(db);
  return r.rows;
}

/** Hazard categories recurring across schools: per category, schools and hazards in the range, and schools with a repeat. */
export async function findCategoriesAcrossSchools(db: Db, districtId: string, ids: ReadIds, range: Range, limit: number) {
  const r = await sql<{ category: string; schools: number; hazards: number; school_list: { id: string; name: string; n: number }[] }>`
    with per as (
      select h.category, h.school_id, o.name, count(*) as n
        from hazard h join org_unit o on o.district_id = h.district_id and o.id = h.school_id
       where h.district_id = ${districtId} and h.found_at >= ${range.from} and h.found_at < ${range.to} and ${inSchools('h.school_id', ids)}
       group by h.category, h.school_id, o.name)
    select category, count(*) as schools, sum(n) as hazards,
           json_agg(json_build_object('id', school_id, 'name', name, 'n', n) order by n desc, name) as school_list
      from per group by category
    having count(*) > 1
     order by schools desc, hazards desc, category
     limit ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, schools: Number(x.schools), hazards: Number(x.hazards) }));
}

/**
 * 自查漏报: hazards found in the range by a supervising level (not the school itself, not the
 * public) from a checklist item, at a school whose own submitted self-check marked the same item
 * 合格 within `weeks` weeks before the finding; the latest such self-check is returned with it.
 */
export async function findSelfCheckMisses(db: Db, districtId: string, ids: ReadIds, range: Range, weeks: number) {
  const r = await sql<{
    id: string;
    code: string;
    title: string;
    school_id: string;
    school_name: string;
    source: string;
    found_at: Date;
    item_code: string;
    item_text: string;
    self_inspection_id: string;
    self_inspection_code: string;
    self_inspected_on: string;
  }>`
    select h.id, h.code, h.title, h.school_id, o.name as school_name, h.source, h.found_at, h.inspection_item_code as item_code,
           s.text as item_text, s.inspection_id as self_inspection_id, s.code2 as self_inspection_code, s.inspected_on as self_inspected_on
      from hazard h
      join org_unit o on o.district_id = h.district_id and o.id = h.school_id
      join lateral (
        select ii.text, i.id as inspection_id, i.code as code2, i.inspected_on
          from inspection i
          join inspection_item ii on ii.district_id = i.district_id and ii.inspection_id = i.id and ii.code = h.inspection_item_code
         where i.district_id = h.district_id and i.school_id = h.school_id and i.level = 'school_self' and i.status = 'submitted'
           and i.inspected_at < h.found_at and i.inspected_at >= h.found_at - make_interval(days => ${weeks * 7})
           and ii.result = 'pass'
         order by i.inspected_at desc limit 1) s on true
     where h.district_id = ${districtId} and h.inspection_item_code is not null
       and h.found_at >= ${range.from} and h.found_at < ${range.to}
       and h.source in (${sql.join(supervisionSources.map((x) => sql`${x}`))})
       and ${inSchools('h.school_id', ids)}
     order by h.found_at desc, h.code`.execute(db);
  return r.rows;
}

/**
 * Early warning: per school, the hazards overdue (deadline passed, not closed) at each of the
 * given instants (the ends of the periods), only schools with at least one.
 */
export async function countOverdueAt(db: Db, districtId: string, ids: ReadIds, ends: { idx: number; at: Date; day: string }[]) {
  const values = sql.join(ends.map((e) => sql`(${e.idx}::int, ${e.at}::timestamptz, ${e.day}::date)`));
  const r = await sql<{ school_id: string; idx: number; n: number }>`
    select h.school_id, p.idx, count(*) as n
      from hazard h
      join (values ${values}) as p(idx, at, day) on h.deadline < p.day and h.found_at < p.at and (h.closed_at is null or h.closed_at >= p.at)
     where h.district_id = ${districtId} and h.deadline is not null and ${inSchools('h.school_id', ids)}
     group by h.school_id, p.idx`.execute(db);
  return r.rows.map((x) => ({ schoolId: x.school_id, idx: Number(x.idx), n: Number(x.n) }));
}

/** The hazards overdue at one instant at the given schools (the rows that raised a warning). */
export async function findOverdueAt(db: Db, districtId: string, schoolIds: readonly string[], at: Date, day: string) {
  if (!schoolIds.length) return [];
  const r = await sql<{ id: string; code: string; title: string; school_id: string; category: string; place: string; deadline: string; found_at: Date }>`
    select h.id, h.code, h.title, h.school_id, h.category, h.place, h.deadline, h.found_at
      from hazard h
     where h.district_id = ${districtId} and h.school_id in (${sql.join(schoolIds.map((i) => sql`${i}`))})
       and h.deadline is not null and h.deadline < ${day}::date and h.found_at < ${at} and (h.closed_at is null or h.closed_at >= ${at})
     order by h.school_id, h.deadline, h.code`.execute(db);
  return r.rows;
}
