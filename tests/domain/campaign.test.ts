import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { cleanupTemplates, countedWindow, dayOfYear, dutyCell, hazardTarget, instantiateTemplate, phaseState, rateOf } from '../../src/domain/campaign.js';
import { campaignTemplateSchema } from '../../src/domain/policy/campaigns-schema.js';

/** 专项行动 rules: phase windows against today, duty cells, the hazards target, templates made for a year. */
const phase = { startsOn: '2026-05-26', endsOn: '2026-11-25' };
const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2025-12-01', n));

describe('phase windows', () => {
  it('is upcoming before its first day, running on its first and last day, ended after', () => {
    expect(phaseState(phase, '2026-05-25')).toBe('upcoming');
    expect(phaseState(phase, '2026-05-26')).toBe('running');
    expect(phaseState(phase, '2026-11-25')).toBe('running');
    expect(phaseState(phase, '2026-11-26')).toBe('ended');
  });
  it('counts records from its first day to today while it runs, to its last day after', () => {
    expect(countedWindow(phase, '2026-05-25')).toBeNull();
    expect(countedWindow(phase, '2026-06-01')).toEqual({ from: '2026-05-26', to: '2026-06-01' });
    expect(countedWindow(phase, '2027-01-01')).toEqual({ from: '2026-05-26', to: '2026-11-25' });
  });
  it('never counts a day outside the phase or after today (property)', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, today) => {
        const p = a <= b ? { startsOn: a, endsOn: b } : { startsOn: b, endsOn: a };
        const w = countedWindow(p, today);
        if (!w) return today < p.startsOn;
        return w.from === p.startsOn && w.to <= p.endsOn && w.to <= today && w.from <= w.to;
      }),
    );
  });
});

describe('duty cells and targets', () => {
  it('is done at min records; open while running, missed after; upcoming before', () => {
    expect(dutyCell(0, 1, 'upcoming')).toBe('upcoming');
    expect(dutyCell(5, 1, 'upcoming')).toBe('upcoming');
    expect(dutyCell(1, 2, 'running')).toBe('open');
    expect(dutyCell(2, 2, 'running')).toBe('done');
    expect(dutyCell(1, 2, 'ended')).toBe('missed');
    expect(dutyCell(3, 2, 'ended')).toBe('done');
  });
  it('meets the hazards target when every campaign hazard found by the phase end is closed by it', () => {
    const p = { startsOn: '2026-11-26', endsOn: '2027-01-31' };
    const h = (foundOn: string, closedOn: string | null) => ({ schoolId: 's', foundOn, closedOn });
    expect(hazardTarget([], p, '2026-12-01').status).toBe('met');
    expect(hazardTarget([h('2026-06-01', null)], p, '2026-12-01')).toEqual({ found: 1, closedInTime: 0, open: 1, status: 'open' });
    expect(hazardTarget([h('2026-06-01', null)], p, '2027-02-01').status).toBe('missed');
    expect(hazardTarget([h('2026-06-01', '2027-02-03')], p, '2027-02-05')).toEqual({ found: 1, closedInTime: 0, open: 1, status: 'missed' });
    expect(hazardTarget([h('2026-06-01', '2027-01-31')], p, '2027-02-05')).toEqual({ found: 1, closedInTime: 1, open: 0, status: 'met' });
    // A hazard found after the phase is not this phase's target.
    expect(hazardTarget([h('2027-02-02', null)], p, '2027-02-05')).toEqual({ found: 0, closedInTime: 0, open: 0, status: 'met' });
    expect(hazardTarget([h('2026-06-01', null)], p, '2026-11-01').status).toBe('upcoming');
  });
  it('gives rates with one decimal, none over nothing', () => {
    expect(rateOf(1, 3)).toBe(33.3);
    expect(rateOf(0, 0)).toBeNull();
    expect(rateOf(3, 3)).toBe(100);
  });
});

describe('templates', () => {
  it('makes seed 001 plan for a year, 验收 into the next year', () => {
    const t = campaignTemplateSchema.parse({
      code: 'plan',
      label: '护校安园',
      kind: 'special',
      phases: [
        { code: 'mopai', label: '摸排', from: '04-23', to: '05-25' },
        { code: 'yanshou', label: '验收', from: '11-26', to: '01-31', toNextYear: true, closeHazards: true },
      ],
    });
    const c = instantiateTemplate(t, 2021);
    expect(c.name).toBe('2021年护校安园');
    expect(c.phases.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2021-04-23', '2021-05-25'],
      ['2021-11-26', '2022-01-31'],
    ]);
  });
  it('keeps 29 February in leap years only', () => {
    expect(dayOfYear(2028, '02-29')).toBe('2028-02-29');
    expect(dayOfYear(2027, '02-29')).toBe('2027-02-28');
  });
  it('turns the surroundings clean-ups into one-phase campaigns with the surroundings checklist', () => {
    const ts = cleanupTemplates({
      surroundings: { cleanups: [{ code: 'spring', label: '春季集中整治', from: '03-01', to: '05-31' }] } as never,
      checklists: [{ code: 'surroundings' }] as never,
    });
    expect(ts).toHaveLength(1);
    expect(ts[0]).toMatchObject({
      code: 'cleanup_spring',
      kind: 'cleanup',
      phases: [{ from: '03-01', to: '05-31', closeHazards: true, duties: [{ kind: 'inspection', types: ['surroundings'] }] }],
    });
  });
});
