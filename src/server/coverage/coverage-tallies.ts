import { type DutyTally, type SchoolFact, tallyFacts, tallySplit } from '../../domain/coverage.js';
import type { DutyFact, DutyKind } from '../../domain/duty.js';
import type { Period } from '../../domain/periods.js';
import type { ObligationDef } from '../../domain/policy/pack-schema.js';
import type { AppContext } from '../context.js';
import { dutySources } from '../duty/duty.registry.js';
import type { DutySource, DutyTallyQuery } from '../duty/duty-sources.js';
import { tallyRelations, tallyStatement } from '../duty/duty-tally.repository.js';
import { dutyTallyCacheOf, type TallyJob } from '../duty/duty-tally-cache.js';
import * as repo from './coverage.repository.js';

/**
 * The tallies the coverage grid, the obligations page and the dashboard judge (domain/coverage.ts
 * DutyTally) for obligations of every subject, through the duty engine's tally cache
 * (duty/duty-tally-cache.ts): one version read, then only what changed is recomputed —
 *  - school duties of a source with a fact relation: in SQL, the misses of a kind in one statement;
 *  - school duties of a source without one: its facts, tallied by the domain;
 *  - department duties: the kind's facts once, credited to the departments that carried them out
 *    (creditDepartments), tallied by the domain per obligation;
 *  - district duties: the kind's facts once, all under the one subject ''.
 */

/** A kind whose record module is not registered (yet): no facts, so its duties show open or overdue. */
const emptySource = (kind: DutyKind): DutySource => ({ kind, loadFacts: async () => [], ownerOf: async () => undefined });
export const sourceOf = (kind: DutyKind): DutySource => dutySources.find((x) => x.kind === kind) ?? emptySource(kind);

/** Codes an obligation narrows the query to: templates and types; none for "any of the kind". */
export const typesOf = (ob: ObligationDef) => (ob.kind === 'inspection' ? [...ob.templates, ...ob.types] : ob.types);

type FactsWanted = { kind: DutyKind; levels?: readonly string[]; types?: readonly string[] };
export const wantedBy = (ob: ObligationDef): FactsWanted => ({ kind: ob.kind, levels: ob.levels, types: typesOf(ob) });

/**
 * The facts of one kind in [from, to] at the given subjects (null = the district), from its duty
 * source, narrowed to levels and types in SQL (the weekly self-checks never count for the monthly
 * supervision: 2/3 of the rows).
 */
export async function factsFor(
  app: AppContext,
  districtId: string,
  want: FactsWanted,
  from: string,
  to: string,
  subjectIds: readonly string[] | null,
): Promise<DutyFact[]> {
  const { types = [], levels = [] } = want;
  return sourceOf(want.kind).loadFacts(app.db, { districtId, from, to, subjectIds, ...(types.length && { types }), ...(levels.length && { levels }) });
}

/**
 * A department's duty counts the records it carried out: facts whose unit is the department, or
 * that one of its users took part in. Each fact is re-keyed to the department as its subject.
 */
export async function creditDepartments(
  app: AppContext,
  districtId: string,
  facts: readonly DutyFact[],
  departments: readonly SchoolFact[],
): Promise<DutyFact[]> {
  const ids = new Set(departments.map((d) => d.id));
  const unitOf = await repo.findUserUnits(app.db, districtId, [...new Set(facts.flatMap((f) => f.actorIds))]);
  return facts.flatMap((f) => {
    const units = new Set([...(f.unitId ? [f.unitId] : []), ...f.actorIds.flatMap((u) => unitOf.get(u) ?? [])]);
    return [...units].filter((u) => ids.has(u)).map((u) => ({ ...f, subjectId: u }));
  });
}

/**
 * What one obligation's tallies are asked over: its periods; school duties at the given schools
 * (null = the district), department duties over the given departments, district duties over all.
 */
export type TallyWanted = { ob: ObligationDef; periods: readonly Period[]; subjectIds: readonly string[] | null; departments?: readonly SchoolFact[] };

type Job = TallyJob & { w: TallyWanted };

const spanOf = (periods: readonly Period[]) => ({
  from: periods.map((p) => p.start).sort()[0] as string,
  to: periods
    .map((p) => p.end)
    .sort()
    .at(-1) as string,
});

/** The SQL tally query of a school duty (the filter countsFor applies, as WHERE clauses). */
function tallyQuery(districtId: string, { ob, periods, subjectIds }: TallyWanted): DutyTallyQuery {
  const types = typesOf(ob);
  return {
    districtId,
    ...spanOf(periods),
    subjectIds,
    ...(types.length && { types }),
    ...(ob.levels.length && { levels: ob.levels }),
    periods: periods.map((p) => ({ key: p.key, start: p.start, end: p.end })),
    ...(ob.occasions.length && { occasions: ob.occasions }),
    ...(ob.minShare !== undefined && { minShare: ob.minShare }),
    split: tallySplit(ob),
  };
}

/** Everything a job's tallies depend on besides the records: the obligation's filter and rule, periods, subjects. */
function jobOf(districtId: string, w: TallyWanted): Job {
  const { ob } = w;
  const subject = ob.subject;
  const filter = [ob.kind, ob.levels, ob.templates, ob.types, ob.occasions, ob.minShare ?? null, ob.countBy, ob.per];
  const key =
    subject === 'school'
      ? [subject, tallyQuery(districtId, w), filter]
      : [subject, filter, w.periods.map((p) => [p.key, p.start, p.end]), (w.departments ?? []).map((d) => d.id)];
  return { kind: ob.kind, key, w };
}

/** The union of what a group's obligations name: narrowed only when every one of them names some. */
const allName = (jobs: readonly Job[], f: (ob: ObligationDef) => readonly string[]) =>
  jobs.every((j) => f(j.w.ob).length > 0) ? [...new Set(jobs.flatMap((j) => f(j.w.ob)))] : [];

/** The misses of one kind and subject, computed together. */
async function computeGroup(app: AppContext, districtId: string, jobs: readonly Job[]): Promise<DutyTally[][]> {
  const first = (jobs[0] as Job).w.ob;
  const source = sourceOf(first.kind);
  if (first.subject === 'school' && source.factRelation) {
    const relationOf = source.factRelation;
    return tallyRelations(
      app.db,
      jobs.map((j) => {
        const q = tallyQuery(districtId, j.w);
        return { relation: relationOf(app.db, q), q };
      }),
    );
  }
  if (first.subject === 'school')
    return Promise.all(
      jobs.map(async ({ w }) => {
        if (w.periods.length === 0 || (w.subjectIds && w.subjectIds.length === 0)) return [];
        const { from, to } = spanOf(w.periods);
        return tallyFacts(w.ob, await factsFor(app, districtId, wantedBy(w.ob), from, to, w.subjectIds), w.periods);
      }),
    );
  // Department and district duties: the kind's facts once over the days the group needs, the whole district.
  const live = jobs.filter((j) => j.w.periods.length > 0);
  if (live.length === 0) return jobs.map(() => []);
  const { from, to } = spanOf(live.flatMap((j) => j.w.periods));
  const raw = await factsFor(app, districtId, { kind: first.kind, levels: allName(live, (ob) => ob.levels), types: allName(live, typesOf) }, from, to, null);
  if (first.subject === 'district') return jobs.map(({ w }) => tallyFacts(w.ob, raw, w.periods, () => ''));
  const departments = [...new Map(jobs.flatMap((j) => j.w.departments ?? []).map((d) => [d.id, d])).values()];
  const credited = await creditDepartments(app, districtId, raw, departments);
  return jobs.map(({ w }) => {
    const mine = new Set((w.departments ?? []).map((d) => d.id));
    return tallyFacts(
      w.ob,
      credited.filter((f) => mine.has(f.subjectId)),
      w.periods,
    );
  });
}

/**
 * The tallies of each wanted obligation, in the order asked: cached ones as they are, the misses
 * grouped by kind and subject (one SQL statement per kind for school duties).
 */
export async function talliesOf(app: AppContext, districtId: string, wanted: readonly TallyWanted[]): Promise<DutyTally[][]> {
  const jobs = wanted.map((w) => jobOf(districtId, w));
  return dutyTallyCacheOf(app.db).tallies(app.db, districtId, jobs, (misses) => computeJobs(app, districtId, misses));
}

/** talliesOf without the cache: what a miss computes (tests compare the two; the bench times it per kind). */
export const talliesUncached = (app: AppContext, districtId: string, wanted: readonly TallyWanted[]) =>
  computeJobs(
    app,
    districtId,
    wanted.map((w) => jobOf(districtId, w)),
  );

async function computeJobs(app: AppContext, districtId: string, jobs: readonly Job[]): Promise<DutyTally[][]> {
  const groups = new Map<string, { job: Job; at: number }[]>();
  jobs.forEach((job, at) => {
    const key = `${job.w.ob.kind}:${job.w.ob.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), { job, at }]);
  });
  const out: DutyTally[][] = jobs.map(() => []);
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const results = await computeGroup(
        app,
        districtId,
        group.map((g) => g.job),
      );
      group.forEach((g, n) => {
        out[g.at] = results[n] ?? [];
      });
    }),
  );
  return out;
}

/** The SQL statement a kind's school duties are tallied with on a miss (null when the source has no relation). */
export function tallyStatementOf(app: AppContext, districtId: string, wanted: readonly TallyWanted[]) {
  const first = wanted[0]?.ob;
  const relationOf = first && sourceOf(first.kind).factRelation;
  if (!relationOf) return null;
  return tallyStatement(
    wanted.map((w) => {
      const q = tallyQuery(districtId, w);
      return { relation: relationOf(app.db, q), q };
    }),
  );
}
