import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDuties } from '../../bench/duties.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { type DutyTally, tallyFacts, tallySplit } from '../../src/domain/coverage.js';
import { rulePeriodsBetween } from '../../src/domain/periods.js';
import { type ObligationDef, obligationSchema } from '../../src/domain/policy/pack-schema.js';
import { dutySources } from '../../src/server/duty/duty.registry.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { createTestApp, type TestApp } from '../support/harness.js';

/**
 * Each duty source's SQL tallies (DutySource.tally) against the domain's tallyFacts over the same
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
      if (!source.tally) continue;
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
        const sqlTallies = await source.tally(t.db, {
          ...q,
          ...(ob.levels.length && { levels: ob.levels }),
          periods,
          ...(ob.occasions.length && { occasions: ob.occasions }),
          ...(ob.minShare !== undefined && { minShare: ob.minShare }),
          split: tallySplit(ob),
        });
        // Only inspections carry levels (as a set: SQL aggregates them sorted).
        const levelsOf = (x: DutyTally) => ({ ...x, levels: source.kind === 'inspection' ? [...x.levels].sort() : [] });
        const domain = tallyFacts(ob, await source.loadFacts(t.db, { ...q, ...(ob.levels.length && { levels: ob.levels }) }), periods).map(levelsOf);
        expect(
          sqlTallies.map(levelsOf).sort(order),
          `${source.kind} ${ob.code} ${JSON.stringify({ countBy: ob.countBy, per: ob.per, minShare: ob.minShare })}`,
        ).toEqual(domain.sort(order));
        compared += sqlTallies.length;
      }
    }
    // The seed gives every kind records: the comparison is not over empty sets.
    expect(compared).toBeGreaterThan(1000);
  }, 600_000);
});
