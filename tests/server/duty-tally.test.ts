import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDuties } from '../../bench/duties.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { type DutyTally, tallyFacts as domainTallies, tallySplit } from '../../src/domain/coverage.js';
import { rulePeriodsBetween } from '../../src/domain/periods.js';
import { type ObligationDef, obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { dutySources } from '../../src/server/duty/duty.registry.js';
import type { DutyTallyQuery } from '../../src/server/duty/duty-sources.js';
import { tallyFacts, tallyRelations } from '../../src/server/duty/duty-tally.repository.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { createTestApp, type TestApp } from '../support/harness.js';

/**
 * Each duty source's SQL tallies (its factRelation tallied by duty-tally.repository, alone and batched) against the domain's tallyFacts over the same
 * source's facts (loadFacts), on a district seeded with two months of every kind of record (the
 * duties benchmark's bulk seed): for the pack's school duties and for variants of every count
 * rule, split, share and occasion.
 */
let t: TestApp;
let districtId = '';
beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  districtId = (await admin.get('/api/auth/me')).json().districtId;
  await seedDuties(t.db, districtId, 60);
}, 600_000);
afterAll(() => t.close());

// Only inspections carry levels (as a set: SQL aggregates them sorted).
const levelsOfKind = (kind: string) => (x: DutyTally) => ({ ...x, levels: kind === 'inspection' ? [...x.levels].sort() : [] });

const order = (a: DutyTally, b: DutyTally) =>
  a.subjectId.localeCompare(b.subjectId) || a.periodKey.localeCompare(b.periodKey) || (a.part ?? '').localeCompare(b.part ?? '');

describe('SQL tallies equal the domain tallies of the facts', () => {
  it('for every school duty of the pack and every count rule, split, share and occasion', async () => {
    const pack = await packOf(t.ctx, districtId);
    const today = shanghaiDay(new Date());
    const from = addDays(today, -70);
    const variants = (kind: ObligationDef['kind']): ObligationDef[] => {
      // Inspection duties name the supervision levels they count.
      const base = {
        code: 'v',
        label: '变体',
        kind,
        period: 'weekly' as const,
        ...(kind === 'inspection' && { levels: ['school_self', 'centre', 'inspector'] }),
      };
      const out: Record<string, unknown>[] = [
        { ...base, countBy: 'records' },
        { ...base, countBy: 'days', period: 'monthly' },
        { ...base, minShare: 0.5 },
        { ...base, minShare: 0.9, countBy: 'days' },
      ];
      const typeCodes = pack.vocab?.[
        kind === 'drill'
          ? 'drillTypes'
          : kind === 'education'
            ? 'educationTopics'
            : kind === 'training'
              ? 'trainingKinds'
              : kind === 'letter'
                ? 'posts'
                : kind === 'document'
                  ? 'documentTypes'
                  : 'patrolRoutes'
      ]
        ?.slice(0, 3)
        .map((x) => x.code);
      if (kind === 'roster') out.push({ ...base, types: ['night_duty', 'day_leader'], per: 'type', period: 'daily' });
      else if (typeCodes?.length) out.push({ ...base, types: typeCodes, per: 'type', period: 'monthly' });
      if (kind === 'education' || kind === 'training') {
        out.push({ ...base, countBy: 'hours' }, { ...base, countBy: 'hours', minShare: 0.5, period: 'monthly' });
        if (typeCodes?.length) out.push({ ...base, countBy: 'hours', types: typeCodes, per: 'type' });
      }
      if (kind === 'education')
        out.push({ ...base, countBy: 'hours', per: 'class', period: 'monthly' }, { ...base, occasions: ['first_lesson', 'pre_holiday'], period: 'semester' });
      return out.map((x) => obligationSchema.parse(x));
    };
    let compared = 0;
    for (const source of dutySources) {
      const relationOf = source.factRelation;
      if (!relationOf) continue;
      // The kind's obligations in one statement (tallyRelations, as the service batches a kind's misses).
      const batch: { relation: ReturnType<typeof relationOf>; q: DutyTallyQuery; expected: DutyTally[]; label: string }[] = [];
      const obligations = [...pack.obligations.filter((o) => o.subject === 'school' && o.kind === source.kind), ...variants(source.kind)];
      for (const ob of obligations) {
        const periods = rulePeriodsBetween(ob, from, today, pack.calendar).slice(-40);
        if (periods.length === 0) continue;
        const q = {
          districtId,
          from: periods.map((p) => p.start).sort()[0] as string,
          to: periods
            .map((p) => p.end)
            .sort()
            .at(-1) as string,
          subjectIds: null,
          ...(ob.types.length && { types: ob.types }),
        };
        const tq: DutyTallyQuery = {
          ...q,
          ...(ob.levels.length && { levels: ob.levels }),
          periods,
          ...(ob.occasions.length && { occasions: ob.occasions }),
          ...(ob.minShare !== undefined && { minShare: ob.minShare }),
          split: tallySplit(ob),
        };
        const sqlTallies = await tallyFacts(t.db, relationOf(t.db, tq), tq);
        const levelsOf = levelsOfKind(source.kind);
        const domain = domainTallies(ob, await source.loadFacts(t.db, { ...q, ...(ob.levels.length && { levels: ob.levels }) }), periods).map(levelsOf);
        expect(
          sqlTallies.map(levelsOf).sort(order),
          `${source.kind} ${ob.code} ${JSON.stringify({ countBy: ob.countBy, per: ob.per, minShare: ob.minShare })}`,
        ).toEqual(domain.sort(order));
        compared += sqlTallies.length;
        batch.push({ relation: relationOf(t.db, tq), q: tq, expected: domain, label: `${source.kind} ${ob.code}` });
      }
      const batched = await tallyRelations(t.db, batch);
      batch.forEach((b, i) => {
        expect((batched[i] ?? []).map(levelsOfKind(source.kind)).sort(order), `batched ${b.label}`).toEqual(b.expected);
      });
    }
    // The seed gives every kind records: the comparison is not over empty sets.
    expect(compared).toBeGreaterThan(1000);
  }, 600_000);
});
