import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/** The month `back` months before the current Shanghai month, as YYYY-MM. */
function monthBack(back: number): string {
  const [y, m] = shanghaiDay(new Date()).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

type Total = { periodKey: string; schools: number; done: number; overdue: number; rate: number | null };

let t: TestApp;
let admin: Client;
let officer: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = await t.loginAll(['admin', 'school_officer'] as const);
});
afterAll(() => t.close());

// The demo district dates from 181 days ago; months two to four back ended after that and after
// their 3 grace days, so without any check they are overdue. Once the first check is dated the
// first day of month three back, month four back is before the records begin: 无数据.
describe('periods before the records begin', () => {
  const from = monthBack(4);
  const to = monthBack(2);
  const totals = async (): Promise<Total[]> => {
    const res = await admin.get(`/api/coverage?view=month&obligation=monthly_sweep&from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().totals;
  };

  it('are overdue for a district in use without checks, and 无数据 before its first check', async () => {
    const before = await totals();
    const schools = before[0]?.schools as number;
    expect(schools).toBeGreaterThan(200);
    expect(before.map((x) => [x.schools, x.done, x.overdue])).toEqual([
      [schools, 0, schools],
      [schools, 0, schools],
      [schools, 0, schools],
    ]);

    const school = await idOfSchool(t.db, 'YJT0101');
    const body = await inspectionBody(officer, school, 'monthly_sweep', 'school_self', { inspectedAt: `${monthBack(3)}-01T10:00:00+08:00` });
    expect((await officer.post('/api/inspections', body)).statusCode).toBe(201);

    const after = await totals();
    expect(after).toEqual([
      { periodKey: monthBack(4), schools: 0, done: 0, overdue: 0, rate: null },
      { periodKey: monthBack(3), schools, done: 1, overdue: schools - 1, rate: Math.round((1 / schools) * 1000) / 10 },
      { periodKey: monthBack(2), schools, done: 0, overdue: schools, rate: 0 },
    ]);
    const grid = (await admin.get(`/api/coverage?view=month&obligation=monthly_sweep&from=${from}&to=${to}`)).json();
    const row = grid.rows.find((r: { school: { id: string } }) => r.school.id === school);
    expect(row.cells.map((c: { status: string }) => c.status)).toEqual(['none', 'done', 'overdue']);
  });
});
