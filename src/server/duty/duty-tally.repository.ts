import { type Expression, type Kysely, sql } from 'kysely';
import type { DutyTally } from '../../domain/coverage.js';
import type { InspectionLevel } from '../../domain/policy/pack-schema.js';
import type { Database } from '../db/schema.js';
import type { DutyTallyQuery } from './duty-sources.js';

/**
 * A duty source's facts as one relation, a row per fact as its loadFacts makes them, already
 * narrowed to the district, the days from..to, the subjects and the types: subject_id, school_id,
 * day (date), type, level, hours, audience, occasion, participants, base (null where the kind has none).
 */
export type FactRelation = Expression<unknown>;

/**
 * The tallies of a source's fact relation (domain/coverage.ts DutyTally, as tallyFacts makes them
 * from the same facts): joined to the periods, narrowed by occasion and the share taking part as
 * countsFor does, grouped by subject, period and the split (type or audience).
 */
export async function tallyFacts(db: Kysely<Database>, relation: FactRelation, q: DutyTallyQuery): Promise<DutyTally[]> {
  if (q.periods.length === 0 || (q.subjectIds && q.subjectIds.length === 0)) return [];
  const periods = sql.join(q.periods.map((p) => sql`(${p.key}::text, ${p.start}::date, ${p.end}::date)`));
  const part = q.split === 'type' ? sql`f.type` : q.split === 'audience' ? sql`coalesce(f.audience, 'school')` : sql`null::text`;
  const occasions = q.occasions?.length ? sql`and f.occasion in (${sql.join(q.occasions)})` : sql``;
  // countsFor: a base above 0, a known number taking part, and participants / base >= minShare (both as doubles, as in JS).
  const share =
    q.minShare !== undefined ? sql`and f.base > 0 and f.participants is not null and f.participants::float8 / f.base::float8 >= ${q.minShare}::float8` : sql``;
  const { rows } = await sql<{
    subject_id: string;
    period_key: string;
    part: string | null;
    records: number;
    days: number;
    schools: number;
    hours: string | number;
    last_day: string;
    levels: string[] | null;
  }>`
    select f.subject_id, p.key as period_key, ${part} as part, count(*)::int as records, count(distinct f.day)::int as days,
      count(distinct coalesce(f.school_id, f.subject_id))::int as schools, coalesce(sum(f.hours), 0) as hours,
      to_char(max(f.day), 'YYYY-MM-DD') as last_day, array_remove(array_agg(distinct f.level), null) as levels
    from (${relation}) as f
    join (values ${periods}) as p(key, start_day, end_day) on f.day between p.start_day and p.end_day
    where true ${occasions} ${share}
    group by f.subject_id, p.key, 3`.execute(db);
  return rows.map((r) => ({
    subjectId: r.subject_id,
    periodKey: r.period_key,
    part: r.part,
    records: r.records,
    days: r.days,
    schools: r.schools,
    hours: Number(r.hours),
    lastDay: r.last_day,
    levels: (r.levels ?? []) as InspectionLevel[],
  }));
}
