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

type TallyRow = {
  q: number;
  subject_id: string;
  period_key: string;
  part: string | null;
  records: number;
  days: number;
  schools: number;
  hours: string | number;
  last_day: string;
  levels: string[] | null;
};

const isEmpty = (q: DutyTallyQuery) => q.periods.length === 0 || (q.subjectIds !== null && q.subjectIds.length === 0);

/**
 * One tally query's SELECT (domain/coverage.ts DutyTally, as tallyFacts makes them from the same
 * facts): the relation joined to the periods, narrowed by occasion and the share taking part as
 * countsFor does, grouped by subject, period and the split (type or audience); `q` tags its rows.
 */
function tallySelect(index: number, relation: FactRelation, q: DutyTallyQuery) {
  const periods = sql.join(q.periods.map((p) => sql`(${p.key}::text, ${p.start}::date, ${p.end}::date)`));
  const part = q.split === 'type' ? sql`f.type` : q.split === 'audience' ? sql`coalesce(f.audience, 'school')` : sql`null::text`;
  const occasions = q.occasions?.length ? sql`and f.occasion in (${sql.join(q.occasions)})` : sql``;
  // countsFor: a base above 0, a known number taking part, and participants / base >= minShare (both as doubles, as in JS).
  const share =
    q.minShare !== undefined ? sql`and f.base > 0 and f.participants is not null and f.participants::float8 / f.base::float8 >= ${q.minShare}::float8` : sql``;
  return sql`
    select ${sql.lit(index)}::int as q, f.subject_id, p.key as period_key, ${part} as part, count(*)::int as records, count(distinct f.day)::int as days,
      count(distinct coalesce(f.school_id, f.subject_id))::int as schools, coalesce(sum(f.hours), 0)::numeric as hours,
      to_char(max(f.day), 'YYYY-MM-DD') as last_day, array_remove(array_agg(distinct f.level::text), null) as levels
    from (${relation}) as f
    join (values ${periods}) as p(key, start_day, end_day) on f.day between p.start_day and p.end_day
    where true ${occasions} ${share}
    group by f.subject_id, p.key, 4`;
}

const toTally = (r: TallyRow): DutyTally => ({
  subjectId: r.subject_id,
  periodKey: r.period_key,
  part: r.part,
  records: r.records,
  days: r.days,
  schools: r.schools,
  hours: Number(r.hours),
  lastDay: r.last_day,
  levels: (r.levels ?? []) as InspectionLevel[],
});

/**
 * The tallies of several (relation, query) pairs in ONE statement (UNION ALL of their SELECTs, each
 * planned on its own: a weekly duty still reads two weeks, a yearly one two years): the
 * obligations of a kind cost one round trip instead of one each. Answers in the order asked.
 */
export async function tallyRelations(db: Kysely<Database>, parts: readonly TallyPart[]): Promise<DutyTally[][]> {
  const out: DutyTally[][] = parts.map(() => []);
  const statement = tallyStatement(parts);
  if (!statement) return out;
  const { rows } = await statement.execute(db);
  for (const r of rows) out[r.q]?.push(toTally(r));
  return out;
}

export type TallyPart = { relation: FactRelation; q: DutyTallyQuery };

/** The one statement of tallyRelations (null when every part is empty); bench/duties.ts EXPLAINs it. */
export function tallyStatement(parts: readonly TallyPart[]) {
  const live = parts.flatMap((p, i) => (isEmpty(p.q) ? [] : [tallySelect(i, p.relation, p.q)]));
  return live.length ? sql<TallyRow>`${sql.join(live, sql` union all `)}` : null;
}

/** The tallies of one source's fact relation (tallyRelations of one). */
export async function tallyFacts(db: Kysely<Database>, relation: FactRelation, q: DutyTallyQuery): Promise<DutyTally[]> {
  return (await tallyRelations(db, [{ relation, q }]))[0] as DutyTally[];
}

/**
 * The district's duty versions by kind ('org' included): each moves on at the commit of any change
 * of the records the kind counts (migration 0029). One primary-key range read.
 */
export async function findDutyVersions(db: Kysely<Database>, districtId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('duty_version').select(['kind', 'n']).where('district_id', '=', districtId).execute();
  return new Map(rows.map((r) => [r.kind, Number(r.n)]));
}
