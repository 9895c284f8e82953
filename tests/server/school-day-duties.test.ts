import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

/**
 * Daily duties due on school days only (日巡查 in the national pack): the coverage grid and the
 * obligations page list no period on weekends, public holidays or in the holidays; the leader on
 * duty (duty_roster) keeps every calendar day.
 */
type Period = { key: string; start: string; end: string };
type Cell = { periodKey: string; status: string };

let t: TestApp;
let admin: Client;
let principal: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, principal] = await t.loginAll(['admin', 'principal'] as const);
});
afterAll(() => t.close());

describe('daily duties on school days only over HTTP', () => {
  it('GET /api/coverage for daily_patrol in October 2026: the week of 10-12 shows only Monday to Friday; 国庆 out, the 调休 Saturday in', async () => {
    const res = await admin.get('/api/coverage?view=week&obligation=daily_patrol&from=2026-10&to=2026-10');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.obligation).toMatchObject({ code: 'daily_patrol', dueOn: 'school_days' });
    const keys = (body.periods as Period[]).map((p) => p.key);
    expect(keys.filter((k) => k >= '2026-10-12' && k <= '2026-10-18')).toEqual(['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16']);
    expect(keys.slice(0, 3)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(keys).toHaveLength(18);
    // Every school's row has one cell per school day: no Saturday or Sunday is overdue.
    const rows = body.rows as { cells: Cell[] }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.cells.map((c) => c.periodKey)).toEqual(keys);
    expect(rows.some((r) => r.cells.some((c) => c.periodKey === '2026-10-17' || c.periodKey === '2026-10-18'))).toBe(false);

    // The leader on duty: every day of the month.
    const roster = await admin.get('/api/coverage?view=week&obligation=duty_roster&from=2026-10&to=2026-10');
    expect(roster.statusCode, roster.body).toBe(200);
    expect(roster.json().obligation.dueOn).toBe('every_day');
    expect((roster.json().periods as Period[]).map((p) => p.key)).toContain('2026-10-17');
    expect(roster.json().periods).toHaveLength(31);
  });

  it('GET /api/obligations on a Saturday: 日巡查 is due next Monday, the one before is Friday', async () => {
    const res = await principal.get('/api/obligations?day=2026-10-17');
    expect(res.statusCode, res.body).toBe(200);
    type Item = { obligation: { code: string }; current: { period: Period }; previous: { period: Period } };
    const items = res.json().items as Item[];
    const patrol = items.find((i) => i.obligation.code === 'daily_patrol');
    expect(patrol?.current.period.key).toBe('2026-10-19');
    expect(patrol?.previous.period.key).toBe('2026-10-16');
    const roster = items.find((i) => i.obligation.code === 'duty_roster');
    expect(roster?.current.period.key).toBe('2026-10-17');
  });
});
