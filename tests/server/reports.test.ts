import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { periodOf } from '../../src/domain/periods.js';
import { currentReportPeriod, reportPeriodOf } from '../../src/domain/reports.js';
import { scanReportDeadlines } from '../../src/server/reports/report-reminders.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, centre: Client, principal: Client, officer: Client, staff: Client, other: Client;
let school = ''; // YJT0101, the principal's school under the centre officer's township
let farSchool = ''; // YJT0201: another township
let township = '';
const today = shanghaiDay(new Date());
const monthly = { code: 'monthly_work', label: '月报', period: 'monthly' as const, due: { day: 28 } };
const current = currentReportPeriod(monthly, today) as NonNullable<ReturnType<typeof currentReportPeriod>>;
// Two months before the one to file now: long past its due day.
const old = reportPeriodOf(monthly, addDays(reportPeriodOf(monthly, addDays(current.start, -1)).start, -1));
const thisMonth = periodOf('monthly', today, []);

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
type Cell = { key: string; computed: number | null; value: number | null; note: string };
const draft = async (c: Client, q: Record<string, string>) => c.get(`/api/reports/draft?${new URLSearchParams({ typeCode: 'monthly_work', ...q })}`);
const fields = { narrative: '本月开展安全检查，整改隐患。', problems: '', plans: '继续排查' };

beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal, officer, staff, other] = await t.loginAll([
    'admin',
    'centre_officer',
    'principal',
    'school_officer',
    'staff',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  township = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
  // A hazard found in the period to file, so the prefilled figures are not all zero.
  const h = await officer.post('/api/hazards', {
    schoolId: school,
    title: '楼梯扶手松动',
    place: '教学楼',
    category: 'building',
    source: 'school_self',
    foundAt: `${current.start}T10:00:00+08:00`,
  });
  expect(h.statusCode, h.body).toBe(201);
}, 120_000);
afterAll(() => t?.close());

describe('report types and the prefilled draft', () => {
  it('lists the pack types with the due rule and the period to file now', async () => {
    const r = await principal.get('/api/report-types');
    expect(r.statusCode, r.body).toBe(200);
    const m = r.json().items.find((x: { code: string }) => x.code === 'monthly_work');
    expect(m.dueRule).toBe('每月28日（含）前报送上月情况');
    expect(m.current.key).toBe(current.key);
    expect(m.filesHere).toBe(true);
  });

  it("one set of numbers: the school's and the township's prefilled cells equal the dashboard's and the ledger's for the same period and unit", async () => {
    for (const [c, unitId] of [
      [principal, school],
      [centre, township],
      [admin, school],
    ] as const) {
      const d = await draft(c, { periodKey: current.key, unitId });
      expect(d.statusCode, d.body).toBe(200);
      const cells = new Map((d.json().cells as Cell[]).map((x) => [x.key, x.computed]));
      const dash = await c.get(`/api/dashboard?period=custom&from=${current.start}&to=${current.end}&orgUnitId=${unitId}`);
      expect(dash.statusCode, dash.body).toBe(200);
      const panel = (k: string) => dash.json().panels.find((p: { key: string }) => p.key === k).data;
      expect(cells.get('hazards.found')).toBe(panel('hazardRates').found.value);
      expect(cells.get('hazards.closed')).toBe(panel('hazardRates').closed.value);
      expect(cells.get('hazards.open')).toBe(panel('hazardRates').open.value);
      expect(cells.get('notices.issued')).toBe(panel('notices').issued.value);
      expect(cells.get('sanfang.guards_required')).toBe(panel('sanfang').guardsRequired);
      const scopeQ = unitId === school ? `schoolId=${school}` : `parentId=${township}`;
      const ledger = await c.get(`/api/hazards?${scopeQ}&from=${current.start}&to=${current.end}&pageSize=1`);
      expect(ledger.json().total).toBe(cells.get('hazards.found'));
      const drills = await c.get(`/api/drills?${scopeQ}&status=submitted&from=${current.start}&to=${current.end}&pageSize=1`);
      expect(drills.json().total).toBe(cells.get('drills.submitted'));
    }
    const mine = (await draft(principal, { periodKey: current.key })).json();
    expect(mine.unit.id).toBe(school);
    expect(mine.cells.find((c: Cell) => c.key === 'hazards.found').computed).toBeGreaterThanOrEqual(1);
    expect(mine.canSubmit).toBe(true);
  });

  it('bad input and scope: unknown type 404, bad or unfinished period 400, another school 404, another district 404', async () => {
    expectError(await principal.get('/api/reports/draft?typeCode=no_such_report'), 404, 'NOT_FOUND');
    expectError(await draft(principal, { periodKey: '2026-13' }), 400, 'VALIDATION_FAILED');
    expectError(await draft(principal, { periodKey: thisMonth.key }), 400, 'VALIDATION_FAILED');
    expectError(await draft(principal, { unitId: farSchool }), 404, 'NOT_FOUND');
    expectError(await draft(centre, { unitId: farSchool }), 404, 'NOT_FOUND');
    expectError(await draft(other, { unitId: school }), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/reports/status?typeCode=monthly_work&parentId=${township}`), 404, 'NOT_FOUND');
    expectError(await principal.get('/api/reports/draft?typeCode=annual_summary'), 400, 'VALIDATION_FAILED'); // a school does not file it
  });
});

describe('submit, return, resubmit', () => {
  let reportId = '';
  it('refuses a changed figure without a note, a missing required section, and someone who does not file for the unit', async () => {
    const d = (await draft(principal, { periodKey: current.key })).json();
    const found = d.cells.find((c: Cell) => c.key === 'hazards.found');
    const base = { typeCode: 'monthly_work', periodKey: current.key, fields };
    const r1 = await principal.post('/api/reports', { ...base, cells: [{ key: 'hazards.found', value: found.computed + 1 }] });
    expectError(r1, 400, 'VALIDATION_FAILED');
    expect(r1.json().error.details[0].path).toBe('cells.0.note');
    expectError(await principal.post('/api/reports', { ...base, fields: { narrative: ' ' } }), 400, 'VALIDATION_FAILED');
    expectError(await principal.post('/api/reports', { ...base, cells: [{ key: 'no.such', value: 1 }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.post('/api/reports', { ...base, cells: [{ key: 'hazards.found', value: -1 }] }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/reports', base), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/reports', { ...base, unitId: school }), 403, 'FORBIDDEN');
    expectError(await principal.post('/api/reports', { ...base, periodKey: thisMonth.key }), 400, 'VALIDATION_FAILED');
    expectError(await other.post('/api/reports', { ...base, unitId: school }), 404, 'NOT_FOUND');
  });

  it('files with a corrected figure kept beside the computed one, once (409 after), audited', async () => {
    const d = (await draft(principal, { periodKey: current.key })).json();
    const found = d.cells.find((c: Cell) => c.key === 'hazards.found');
    const body = {
      typeCode: 'monthly_work',
      periodKey: current.key,
      fields,
      cells: [{ key: 'hazards.found', value: found.computed + 2, note: '另有两处在纸质台账，未录入平台' }],
    };
    const r = await principal.post('/api/reports', body);
    expect(r.statusCode, r.body).toBe(201);
    reportId = r.json().id;
    expect(r.json()).toMatchObject({ versionNo: 1, standing: 'on_time' });
    expectError(await officer.post('/api/reports', body), 409, 'CONFLICT');
    const after = (await draft(principal, { periodKey: current.key })).json();
    const cell = after.cells.find((c: Cell) => c.key === 'hazards.found');
    expect(cell).toMatchObject({ value: found.computed + 2, submittedComputed: found.computed, note: '另有两处在纸质台账，未录入平台' });
    expect(after.canSubmit).toBe(false);
    expect(after.report.state).toBe('submitted');
    const audit = await auditEventsFor(t.db, reportId);
    expect(audit.map((a) => a.action)).toEqual(['report.submit']);
  });

  it('the centre sees the school among its filed schools, the others missing; another school never sees it', async () => {
    const d = (await draft(centre, { periodKey: current.key })).json();
    expect(d.unit.id).toBe(township);
    expect(d.children.filed).toBe(1);
    expect(d.children.expected).toBeGreaterThan(1);
    expect(d.children.missing.length).toBe(d.children.expected - 1);
    const found = (await draft(principal, { periodKey: current.key })).json().cells.find((c: Cell) => c.key === 'hazards.found').value;
    expect(d.children.sums['hazards.found']).toBe(found);
    const list = (await centre.get(`/api/reports?periodKey=${current.key}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(reportId);
    const foreign = (await other.get('/api/reports')).json();
    expect(foreign.total).toBe(0);
    expectError(await other.post(`/api/reports/${reportId}/return`, { reason: 'x' }), 404, 'NOT_FOUND');
  });

  it('is returned with a reason only by its recipient; the school is told; a resubmission keeps both versions', async () => {
    expectError(await principal.post(`/api/reports/${reportId}/return`, { reason: '自己退回' }), 403, 'FORBIDDEN');
    expectError(await admin.post(`/api/reports/${reportId}/return`, { reason: '  ' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/reports/${reportId}/return`, {}), 400, 'VALIDATION_FAILED');
    const r = await centre.post(`/api/reports/${reportId}/return`, { reason: '隐患数与台账不符，请核对' });
    expect(r.statusCode, r.body).toBe(200);
    expectError(await admin.post(`/api/reports/${reportId}/return`, { reason: '再退' }), 409, 'CONFLICT');
    const inbox = (await principal.get('/api/notifications')).json();
    expect(inbox.items.some((n: { kind: string; body: string }) => n.kind === 'report_returned' && n.body.includes('隐患数与台账不符'))).toBe(true);
    const status = (await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${current.key}&parentId=${township}`)).json();
    expect(status.rows.find((x: { unitId: string }) => x.unitId === school)).toMatchObject({ standing: 'returned', returnCount: 1 });
    const again = await officer.post('/api/reports', { typeCode: 'monthly_work', periodKey: current.key, fields: { narrative: '已核对更正' } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: reportId, versionNo: 2, standing: 'on_time' });
    const d = (await draft(admin, { periodKey: current.key, unitId: school })).json();
    expect(d.report.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([2, 1]);
    expect(d.report.versions[1]).toMatchObject({ returnReason: '隐患数与台账不符，请核对', fields: { narrative: fields.narrative } });
    expect(d.report.returnCount).toBe(1);
    expect((await auditEventsFor(t.db, reportId)).length).toBe(3);
  });
});

describe('status: late, missing and returned per unit and period', () => {
  it('an old period is missing everywhere; a 零报告 filed now is late; a school sees only its own row', async () => {
    const before = (await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${old.key}`)).json();
    expect(before.totals.missing).toBe(before.totals.expected);
    const z = await principal.post('/api/reports', { typeCode: 'monthly_work', periodKey: old.key, zeroReport: true });
    expect(z.statusCode, z.body).toBe(201);
    expect(z.json().standing).toBe('late');
    const after = (await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${old.key}`)).json();
    expect(after.totals).toMatchObject({ late: 1, missing: before.totals.expected - 1 });
    const own = (await principal.get(`/api/reports/status?typeCode=monthly_work&periodKey=${old.key}`)).json();
    expect(own.rows.map((r: { unitId: string }) => r.unitId)).toEqual([school]);
    const zd = (await draft(principal, { periodKey: old.key })).json();
    expect(zd.zeroReport).toBe(true);
    expect(zd.fields[0].value).toContain('零报告');
    expectError(await principal.get('/api/reports/status?typeCode=monthly_work&periodKey=bad'), 400, 'VALIDATION_FAILED');
  });

  it('reminds the unfiled units once near the due day and once after it (no repeat on rerun)', async () => {
    const d = (await draft(principal, { periodKey: current.key })).json();
    const soon = addDays(d.dueOn, -2);
    const n1 = await scanReportDeadlines(t.db, t.ctx.policies, soon);
    expect(n1).toBeGreaterThan(0);
    expect(await scanReportDeadlines(t.db, t.ctx.policies, soon)).toBe(0);
    const inbox = (await centre.get('/api/notifications')).json();
    expect(inbox.items.some((n: { kind: string }) => n.kind === 'report_due')).toBe(true);
    // The principal's school has filed: no reminder for it.
    const mine = (await principal.get('/api/notifications')).json();
    expect(mine.items.some((n: { kind: string; title: string }) => n.kind === 'report_due' && n.title.includes(current.label))).toBe(false);
  });
});

describe('exports', () => {
  it('Excel in the office layout and an A4 PDF', async () => {
    const x = await centre.get(`/api/reports/export?typeCode=monthly_work&periodKey=${current.key}`);
    expect(x.statusCode, x.body).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]?.getCell('A1').value)).toContain('护校安园');
    expect(wb.worksheets[1]?.name).toBe('所属学校汇总');
    const p = await principal.get(`/api/reports/pdf?typeCode=monthly_work&periodKey=${current.key}`);
    expect(p.statusCode).toBe(200);
    expect(p.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expectError(await principal.get(`/api/reports/pdf?typeCode=monthly_work&unitId=${farSchool}`), 404, 'NOT_FOUND');
  });
});
