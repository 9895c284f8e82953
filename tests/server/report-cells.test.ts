import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { currentReportPeriod } from '../../src/domain/reports.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Issue 13 leftovers: the report cells of the modules that had none (public reports, school buses,
 * 护学岗, patrol logs) equal the figure of the page that module shows, for a school, a township and
 * the district; department report types (派出所, 市场监管) with their precinct figures and the
 * figures the department writes; saved drafts (the filer's, audited, versioned, gone on submit).
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client, officer: Client, police: Client, dept: Client, other: Client;
let school = '';
let township = '';
let policeUnit = '';
const today = shanghaiDay(new Date());
const monthly = { code: 'monthly_work', label: '月报', period: 'monthly' as const, due: { day: 28 } };
const current = currentReportPeriod(monthly, today) as NonNullable<ReturnType<typeof currentReportPeriod>>;
const inPeriod = current.start.slice(0, 8) + '10';

type Cell = { key: string; computed: number | null; value: number | null; note: string };
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const draftOf = async (c: Client, q: Record<string, string>) => {
  const r = await c.get(`/api/reports/draft?${new URLSearchParams({ typeCode: 'monthly_work', periodKey: current.key, ...q })}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const before = { publicReports: { received: 0, handled: 0 }, allPublic: 0, special_check: 0, weekly_study: 0 };
const cellsOf = (d: { cells: Cell[] }) => new Map(d.cells.map((c) => [c.key, c.computed]));

let ipNo = 1;
async function publicReport(description: string) {
  const ip = `10.9.0.${ipNo++}`;
  const ch = await t.server.inject({ method: 'GET', url: '/api/public/report-challenge', remoteAddress: ip });
  const token = ch.json().token as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8'));
  const r = await t.server.inject({
    method: 'POST',
    url: '/api/public/reports',
    remoteAddress: ip,
    payload: { unitId: school, description, challengeToken: token, challengeAnswer: claims.s },
  });
  expect(r.statusCode, r.body).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp();
  t.ctx.config.publicReports.minFillMs = 0;
  t.ctx.config.publicReports.perIpHour = 1000;
  t.ctx.config.publicReports.perSchoolHour = 1000;
  [admin, centre, principal, officer, police, dept, other] = await t.loginAll([
    'admin',
    'centre_officer',
    'principal',
    'school_officer',
    'police',
    'dept_officer',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  township = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
  policeUnit = (await t.db.selectFrom('app_user').select('org_unit_id').where('username', '=', 'police').executeTakeFirstOrThrow()).org_unit_id;

  // Baselines (the demo district may hold some), then two public reports received in the period
  // to file, one of them handled, and one received today.
  const range = `from=${current.start}&to=${current.end}`;
  before.publicReports = (await centre.get(`/api/public-reports?status=all&${range}&unitId=${township}`)).json().counts;
  before.allPublic = (await admin.get('/api/public-reports?status=all')).json().counts.received;
  for (const kind of ['special_check', 'weekly_study'] as const)
    before[kind] = (await principal.get(`/api/school-bus-checks?kind=${kind}&${range}&schoolId=${school}&pageSize=1`)).json().total;
  await publicReport('校门口护栏松动，放学时拥挤');
  await publicReport('学校旁边的小卖部卖三无食品');
  await publicReport('上学路上的井盖缺失');
  const rows = await t.db.selectFrom('public_report').select('id').orderBy('submitted_at', 'desc').limit(3).execute();
  for (const r of rows.slice(1, 3))
    await t.db
      .updateTable('public_report')
      .set({ submitted_at: new Date(`${inPeriod}T09:00:00+08:00`) })
      .where('id', '=', r.id)
      .execute();
  const done = await admin.post(`/api/public-reports/${rows[1]?.id}/triage`, { outcome: 'rejected', publicReply: '经核实护栏已修复' });
  expect(done.statusCode, done.body).toBe(200);

  // School-bus checks in the period: the centre's special check and the school's weekly study.
  const check = (c: Client, kind: string) =>
    c.post('/api/school-bus-checks', {
      schoolId: school,
      kind,
      checkedOn: inPeriod,
      participants: '教管中心、派出所',
      content: '查证照和照管人员',
      result: 'ok',
    });
  expect((await check(centre, 'special_check')).statusCode).toBe(201);
  expect((await check(officer, 'weekly_study')).statusCode).toBe(201);

  // A 护学岗 at the school's (only) gate covering the required periods: the setting rate is per gate.
  const at = await t.db.selectFrom('school').select(['latitude', 'longitude']).where('id', '=', school).executeTakeFirstOrThrow();
  const gates = await officer.put(`/api/schools/${school}/gates`, {
    gates: [{ name: '南门', isMain: true, latitude: Number(at.latitude), longitude: Number(at.longitude) }],
  });
  expect(gates.statusCode, gates.body).toBe(200);
  const gateId = (await t.db.selectFrom('school_gate').select('id').where('school_id', '=', school).executeTakeFirstOrThrow()).id;
  const post = await officer.post('/api/guard-posts', {
    schoolId: school,
    gateId,
    gateLabel: '南门',
    periods: ['morning', 'afternoon'],
    rota: [
      { periodCode: 'morning', weekdays: [1, 2, 3, 4, 5], role: 'guard', personName: '保安老周' },
      { periodCode: 'afternoon', weekdays: [1, 2, 3, 4, 5], role: 'teacher', personName: '值周教师李明' },
    ],
  });
  expect(post.statusCode, post.body).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('the cells of public reports, school buses, 护学岗 and patrols equal their pages', () => {
  it('for the school and the township, read by their filers and by the district', async () => {
    const range = `from=${current.start}&to=${current.end}`;
    for (const [c, unitId, narrow] of [
      [principal, school, `schoolId=${school}`],
      [centre, township, `orgUnitId=${township}`],
      [admin, township, `orgUnitId=${township}`],
      [admin, school, `schoolId=${school}`],
    ] as const) {
      const cells = cellsOf(await draftOf(c, { unitId }));
      // The bus-check and patrol pages filter by school; without one they show the user's scope.
      const pageNarrows = unitId === school || c !== admin;
      const one = unitId === school ? `&schoolId=${school}` : '';
      if (pageNarrows) {
        const buses = async (kind: string) => (await c.get(`/api/school-bus-checks?kind=${kind}&${range}&pageSize=1${one}`)).json().total;
        expect(cells.get('school_buses.special_checks')).toBe(await buses('special_check'));
        expect(cells.get('school_buses.weekly_studies')).toBe(await buses('weekly_study'));
        const trainings = await c.get(`/api/trainings?${range}&pageSize=1${one}`);
        expect(trainings.statusCode, trainings.body).toBe(200);
        expect(cells.get('training.sessions')).toBe(trainings.json().total);
        const patrol = await c.get(`/api/patrol-logs?${range}&pageSize=1${one}`);
        expect(patrol.statusCode, patrol.body).toBe(200);
        expect(cells.get('patrol.logs')).toBe(patrol.json().total);
      }
      if (unitId === school) {
        expect(cells.get('school_buses.special_checks')).toBe(before.special_check + 1);
        expect(cells.get('school_buses.weekly_studies')).toBe(before.weekly_study + 1);
      }
      const guard = await c.get(`/api/guard-duty/stats?${range}&${narrow}`);
      expect(guard.statusCode, guard.body).toBe(200);
      expect(cells.get('guard_duty.schools_set')).toBe(guard.json().counts.set);
      expect(cells.get('guard_duty.schools_unset')).toBe(guard.json().counts.unset);
      expect(cells.get('guard_duty.expected')).toBe(guard.json().counts.expected);
      expect(cells.get('guard_duty.signed')).toBe(guard.json().counts.signed);
      expect(cells.get('guard_duty.schools_set')).toBeGreaterThanOrEqual(1);
      if (unitId === school) {
        // Only the handling units see public reports: a school's report has no such row.
        expect(cells.has('public_reports.received')).toBe(false);
      } else {
        const q = await c.get(`/api/public-reports?status=all&${range}&unitId=${township}&pageSize=1`);
        expect(q.statusCode, q.body).toBe(200);
        expect(cells.get('public_reports.received')).toBe(q.json().counts.received);
        expect(cells.get('public_reports.handled')).toBe(q.json().counts.handled);
        expect(q.json().counts).toEqual({ received: before.publicReports.received + 2, handled: before.publicReports.handled + 1 });
      }
    }
  });

  it("the queue's date filter and unit are checked", async () => {
    const district = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
    expect((await admin.get('/api/public-reports?status=all')).json().counts.received).toBe(before.allPublic + 3);
    expectError(await admin.get(`/api/public-reports?from=${current.end}&to=${current.start}`), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/public-reports?from=2026-13-01'), 400, 'VALIDATION_FAILED');
    expectError(await centre.get(`/api/public-reports?unitId=${district}`), 404, 'NOT_FOUND');
    expectError(await principal.get('/api/public-reports?status=all'), 403, 'FORBIDDEN');
  });
});

describe('department report types', () => {
  it('the police station files its monthly report: precinct 护学岗 figures prefilled, its own figures written without a note', async () => {
    const types = (await police.get('/api/report-types')).json().items as { code: string; filesHere: boolean; filerLabels: string[] }[];
    expect(types.find((x) => x.code === 'police_monthly')).toMatchObject({ filesHere: true, filerLabels: ['派出所'] });
    expect(types.find((x) => x.code === 'market_monthly')?.filesHere).toBe(false);
    expect(types.find((x) => x.code === 'monthly_work')?.filesHere).toBe(false);
    const d = await draftOf(police, { typeCode: 'police_monthly' });
    expect(d.unit.id).toBe(policeUnit);
    const cells = cellsOf(d);
    const stats = (await police.get(`/api/guard-duty/stats?from=${current.start}&to=${current.end}&orgUnitId=${policeUnit}`)).json();
    expect(cells.get('guard_duty.schools_set')).toBe(stats.counts.set);
    expect(cells.get('guard_duty.expected')).toBe(stats.counts.expected);
    expect(cells.get('police.campus_patrols')).toBeNull();
    const r = await police.post('/api/reports', {
      typeCode: 'police_monthly',
      periodKey: current.key,
      cells: [
        { key: 'police.campus_patrols', value: 42 },
        { key: 'guard_duty.signed', value: (cells.get('guard_duty.signed') ?? 0) + 1 },
      ],
      fields: { narrative: '开展校园周边巡逻 42 次' },
    });
    expectError(r, 400, 'VALIDATION_FAILED'); // a changed platform figure still needs its reason
    expect(r.json().error.details[0].path).toBe('cells.1.note');
    const ok = await police.post('/api/reports', {
      typeCode: 'police_monthly',
      periodKey: current.key,
      cells: [{ key: 'police.campus_patrols', value: 42 }],
      fields: { narrative: '开展校园周边巡逻 42 次' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const after = await draftOf(police, { typeCode: 'police_monthly' });
    expect(after.cells.find((c: Cell) => c.key === 'police.campus_patrols').value).toBe(42);
  });

  it('only departments of the named type file it; the status board lists those departments only', async () => {
    expectError(await police.get(`/api/reports/draft?typeCode=market_monthly&periodKey=${current.key}`), 400, 'VALIDATION_FAILED');
    expectError(await police.get(`/api/reports/draft?typeCode=monthly_work&periodKey=${current.key}`), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/reports/draft?typeCode=police_monthly&periodKey=${current.key}`), 400, 'VALIDATION_FAILED');
    const m = await draftOf(dept, { typeCode: 'market_monthly' });
    expect(m.cells.every((c: Cell) => c.computed === null)).toBe(true);
    const board = await admin.get(`/api/reports/status?typeCode=police_monthly&periodKey=${current.key}`);
    expect(board.statusCode, board.body).toBe(200);
    const kinds = await t.db
      .selectFrom('org_unit')
      .select(['id', 'kind', 'department_type'])
      .where(
        'id',
        'in',
        board.json().rows.map((r: { unitId: string }) => r.unitId),
      )
      .execute();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k.kind === 'department' && k.department_type === 'police_station')).toBe(true);
    expect(board.json().rows.find((r: { unitId: string }) => r.unitId === policeUnit).standing).toMatch(/on_time|late/);
  });
});

describe('saved drafts', () => {
  const base = () => ({ typeCode: 'monthly_work', periodKey: current.key });
  it("the principal saves an unfinished report; the school's other filer picks it up; the centre sees no draft", async () => {
    const d = await draftOf(principal, {});
    expect(d.savedDraft).toBeNull();
    const found = d.cells.find((c: Cell) => c.key === 'hazards.found');
    const s = await principal.put('/api/reports/draft', {
      ...base(),
      version: null,
      cells: [{ key: 'hazards.found', value: (found.computed ?? 0) + 2, note: '两处隐患在纸质台账，尚未录入' }],
      fields: { narrative: '本月开展' },
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().version).toBe(1);
    const mine = await draftOf(officer, {});
    expect(mine.savedDraft).toMatchObject({ version: 1, savedByName: '孙丽华' });
    expect(mine.cells.find((c: Cell) => c.key === 'hazards.found')).toMatchObject({ value: (found.computed ?? 0) + 2, computed: found.computed });
    expect(mine.fields.find((f: { code: string }) => f.code === 'narrative').value).toBe('本月开展');
    const upper = await draftOf(centre, { unitId: school });
    expect(upper.savedDraft).toBeNull();
    expect(upper.fields.find((f: { code: string }) => f.code === 'narrative').value).toBe('');
    const id = (await t.db.selectFrom('report_draft').select('id').executeTakeFirstOrThrow()).id;
    expect((await auditEventsFor(t.db, id)).map((a) => a.action)).toEqual(['report.draft_save']);
  });

  it('refuses a stale version, someone who does not file for the unit, and what is not on the form', async () => {
    const body = { ...base(), version: 1, cells: [], fields: { narrative: '本月开展安全检查' } };
    expectError(await officer.put('/api/reports/draft', { ...body, version: null }), 409, 'CONFLICT');
    expect((await officer.put('/api/reports/draft', body)).json().version).toBe(2);
    expectError(await principal.put('/api/reports/draft', body), 409, 'CONFLICT'); // version 1 is stale now
    expectError(await centre.put('/api/reports/draft', { ...body, unitId: school, version: 2 }), 403, 'FORBIDDEN');
    expectError(await other.put('/api/reports/draft', { ...body, unitId: school, version: 2 }), 404, 'NOT_FOUND');
    expectError(await principal.put('/api/reports/draft', { ...body, version: 2, cells: [{ key: 'no.such', value: 1 }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/reports/draft', { ...body, version: 2, fields: { nothing: 'x' } }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put('/api/reports/draft', { ...body, version: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await centre.delete(`/api/reports/draft?typeCode=monthly_work&periodKey=${current.key}&unitId=${school}`), 403, 'FORBIDDEN');
  });

  it('submitting turns the draft into the version; saving after that is refused; discard needs a draft', async () => {
    const r = await principal.post('/api/reports', { ...base(), cells: [], fields: { narrative: '本月开展安全检查' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(await t.db.selectFrom('report_draft').selectAll().execute()).toHaveLength(0);
    expect((await draftOf(principal, {})).savedDraft).toBeNull();
    expectError(await principal.put('/api/reports/draft', { ...base(), version: null, cells: [], fields: {} }), 409, 'CONFLICT');
    expectError(await principal.delete(`/api/reports/draft?typeCode=monthly_work&periodKey=${current.key}`), 404, 'NOT_FOUND');
  });

  it('a saved draft can be discarded, with the audit trail', async () => {
    const put = await centre.put('/api/reports/draft', { ...base(), version: null, cells: [], fields: { problems: '人手不足' } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await draftOf(centre, {})).savedDraft.version).toBe(1);
    const id = (await t.db.selectFrom('report_draft').select('id').executeTakeFirstOrThrow()).id;
    const del = await centre.delete(`/api/reports/draft?typeCode=monthly_work&periodKey=${current.key}`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await draftOf(centre, {})).savedDraft).toBeNull();
    expect((await auditEventsFor(t.db, id)).map((a) => a.action)).toEqual(['report.draft_discard', 'report.draft_save']);
  });
});
