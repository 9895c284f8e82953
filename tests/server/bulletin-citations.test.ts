import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { currentReportPeriod, reportPeriodOf } from '../../src/domain/reports.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * A bulletin cites late, missing or returned reports (getReportStatus) and missed duty periods
 * (the compliance calendar) as its reason: only what those pages show, of the addressed unit,
 * with the figures frozen at issue time.
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client;
let school = '';
let farSchool = '';
const today = shanghaiDay(new Date());
const monthly = { code: 'monthly_work', label: '月报', period: 'monthly' as const, due: { day: 28 } };
const current = currentReportPeriod(monthly, today) as NonNullable<ReturnType<typeof currentReportPeriod>>;
const old = reportPeriodOf(monthly, addDays(reportPeriodOf(monthly, addDays(current.start, -1)).start, -1));

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const bulletin = (over: Record<string, unknown>) => ({ kind: 'criticism', unitId: school, title: '报送和工作落实不力', reason: '多次迟报、漏报', ...over });
type Missed = { key: string; obligationCode: string; periodKey: string };

async function missedDuties(c: Client, schoolId: string): Promise<Missed[]> {
  const r = await c.get(`/api/schools/${schoolId}/compliance-calendar?range=semester`);
  expect(r.statusCode, r.body).toBe(200);
  type Item = { obligation: { code: string }; period: { key: string }; cell: { status: string }; missed: { period: { key: string } }[] };
  return (r.json().items as Item[]).flatMap((it) => [
    ...it.missed.map((m) => ({ key: `${it.obligation.code}:${m.period.key}`, obligationCode: it.obligation.code, periodKey: m.period.key })),
    ...(it.cell.status === 'overdue' ? [{ key: `${it.obligation.code}:${it.period.key}`, obligationCode: it.obligation.code, periodKey: it.period.key }] : []),
  ]);
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal] = await t.loginAll(['admin', 'centre_officer', 'principal'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  // The school files the current period on time (not citable); the old period stays missing.
  const r = await principal.post('/api/reports', { typeCode: 'monthly_work', periodKey: current.key, cells: [], fields: { narrative: '按时报送' } });
  expect(r.statusCode, r.body).toBe(201);
}, 120_000);
afterAll(() => t?.close());

describe('bulletins citing reports and duties', () => {
  it('cites the missing report and a missed duty period, shown on the bulletin with the figures of the day', async () => {
    const board = (await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${old.key}`)).json();
    expect(board.rows.find((r: { unitId: string }) => r.unitId === school).standing).toBe('missing');
    const duties = await missedDuties(admin, school);
    expect(duties.length).toBeGreaterThan(0);
    const duty = duties[0] as Missed;
    const r = await admin.post(
      '/api/bulletins',
      bulletin({
        reports: [{ typeCode: 'monthly_work', periodKey: old.key, unitId: school }],
        duties: [{ schoolId: school, obligationCode: duty.obligationCode, periodKey: duty.periodKey }],
      }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const d = (await admin.get(`/api/bulletins/${r.json().bulletin.id}`)).json();
    const report = d.links.find((l: { refType: string }) => l.refType === 'report');
    expect(report).toMatchObject({ refId: school, refKey: `monthly_work:${old.key}` });
    expect(report.detail).toContain('逾期未报');
    expect(report.detail).toContain(board.dueOn);
    const cited = d.links.find((l: { refType: string }) => l.refType === 'duty');
    expect(cited).toMatchObject({ refId: school, refKey: duty.key });
    expect(cited.detail).toMatch(/逾期未完成：完成 \d+\/\d+/);
    const pdf = await admin.get(`/api/bulletins/${r.json().bulletin.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  it('refuses an on-time report, another unit’s report, a duty that was not missed, and bad input', async () => {
    const onTime = await admin.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'monthly_work', periodKey: current.key, unitId: school }] }));
    expectError(onTime, 400, 'VALIDATION_FAILED');
    expect(onTime.json().error.details[0].path).toBe('reports.0');
    expectError(
      await admin.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'monthly_work', periodKey: old.key, unitId: farSchool }] })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await admin.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'no_such', periodKey: old.key, unitId: school }] })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await admin.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'monthly_work', periodKey: '2026-13', unitId: school }] })),
      400,
      'VALIDATION_FAILED',
    );
    const duty = (await missedDuties(admin, school))[0] as Missed;
    expectError(
      await admin.post('/api/bulletins', bulletin({ duties: [{ schoolId: school, obligationCode: duty.obligationCode, periodKey: '1999-01' }] })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await admin.post('/api/bulletins', bulletin({ duties: [{ schoolId: farSchool, obligationCode: duty.obligationCode, periodKey: duty.periodKey }] })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await admin.post('/api/bulletins', bulletin({ duties: [{ schoolId: school }] })), 400, 'VALIDATION_FAILED');
  });

  it("a centre cites its school's missing report; a school cannot issue", async () => {
    const r = await centre.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'monthly_work', periodKey: old.key, unitId: school }] }));
    expect(r.statusCode, r.body).toBe(201);
    expectError(
      await principal.post('/api/bulletins', bulletin({ reports: [{ typeCode: 'monthly_work', periodKey: old.key, unitId: school }] })),
      403,
      'FORBIDDEN',
    );
  });
});
