import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCaseDeadlines } from '../../src/server/cases/case-deadline-scan.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The case engine over HTTP (issue 12): bad input, the petition flow of seed 004 with 复查/复核,
 * threats and incidents escalating at once with acknowledgement times, incident levels and
 * reports, confidentiality for every demo role (bullying cases restricted and every read audited),
 * an append-only timeline, statistics and the Excel export. Runs on PGlite and PostgreSQL.
 */
let t: TestApp;
let admin: Client,
  principal: Client,
  officer: Client,
  staff: Client,
  centre: Client,
  police: Client,
  dept: Client,
  joint: Client,
  leader: Client,
  inspector: Client;
let other: Client;
let school = '';
let farSchool = '';
const roles: Record<string, Client> = {};

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const countCases = async () => Number((await sql<{ n: number }>`select count(*)::int as n from case_file`.execute(t.db)).rows[0]?.n);

async function create(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/cases', { source: 'letter', title: '反映学校乱收费', description: '家长来信反映……', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const version = (await admin.get(`/api/cases/${id}`)).json().version;
  return c.post(`/api/cases/${id}/actions/${action}`, { version, ...body });
}
async function step(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await act(c, id, action, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, officer, staff, centre, police, dept, joint, leader, inspector, other] = await t.loginAll([
    'admin',
    'principal',
    'school_officer',
    'staff',
    'centre_officer',
    'police',
    'dept_officer',
    'joint_inspector',
    'leader',
    'inspector',
    'other_admin',
  ] as const);
  Object.assign(roles, { admin, principal, officer, staff, centre, police, dept, joint, leader, inspector });
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

describe('case input', () => {
  it('refuses bad input with 4xx and writes nothing', async () => {
    const before = await countCases();
    expectError(await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/cases', { typeCode: 'petition', source: 'pigeon', title: '标题' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '标题', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/cases', { typeCode: 'casino', source: 'letter', title: '标题' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '标题', schoolId: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/cases', { typeCode: 'accident', source: 'school_report', title: '无学校的事故' }), 400, 'VALIDATION_FAILED');
    expectError(
      await admin.post('/api/cases', { typeCode: 'accident', source: 'school_report', title: '负数', schoolId: school, deaths: -1 }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await admin.post('/api/cases', { typeCode: 'crime_lead', source: 'letter', title: '线索', kind: '赌博' }), 400, 'VALIDATION_FAILED');
    // A school role cannot file a case about another school.
    expectError(await principal.post('/api/cases', { typeCode: 'dispute', source: 'visit', title: '纠纷', schoolId: farSchool }), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/cases?state=nowhere'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/cases?from=0000-01-01'), 400, 'VALIDATION_FAILED');
    expect(await countCases()).toBe(before);
    const c = await create(admin, { typeCode: 'petition' });
    expectError(await admin.post(`/api/cases/${c.id}/actions/fly`, { version: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/cases/${c.id}/actions/assign`, {}), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/cases/${c.id}/actions/assign`, { version: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/cases/${c.id}/actions/assign`, { version: 1, unitId: c.id }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/cases/${c.id}/actions/assign`, { version: 7, unitId: school }), 409, 'CONFLICT');
    expectError(await admin.post(`/api/cases/${c.id}/actions/archive`, { version: 1 }), 409, 'CONFLICT');
    expectError(await admin.get('/api/cases/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/cases/${c.id}`), 404, 'NOT_FOUND');
    const after = (await admin.get(`/api/cases/${c.id}`)).json();
    expect(after.version).toBe(1);
    expect(after.timeline).toHaveLength(1);
  });
});

describe('the petition flow (seed 004) with 复查 and 复核', () => {
  it('签收登记 → 任务分办 → 核查办理 → 督查督办 → 情况反馈 → 整理归档, each step timed, audited, on the timeline', async () => {
    const c = await create(admin, { typeCode: 'petition', reporterName: '王小明', reporterPhone: '13812345678', relatedSchoolIds: [farSchool] });
    expect(c.code).toMatch(/^XF\d{4}-\d{4}$/);
    expect(c.state).toBe('registered');
    expect(c.sla).toBe('on_time');
    // 15 calendar days for the acceptance decision.
    expect(new Date(c.stepDueAt).getTime() - new Date(c.stepEnteredAt).getTime()).toBeGreaterThan(15 * 86_400_000 - 86_400_000);
    expect(c.relatedSchools.map((s: { id: string }) => s.id)).toEqual([farSchool]);

    expectError(await act(principal, c.id, 'assign', { unitId: school }), 404, 'NOT_FOUND');
    let d = await step(admin, c.id, 'assign', { unitId: school, note: '请核查' });
    expect(d).toMatchObject({ state: 'assigned', assignedUnitId: school });
    const inbox = await sql<{ n: number }>`select count(*)::int as n from notification where entity_id = ${c.id} and kind = 'case_assigned'`.execute(t.db);
    expect(inbox.rows[0]?.n).toBeGreaterThan(0);

    expectError(await act(centre, c.id, 'accept'), 403, 'FORBIDDEN');
    d = await step(principal, c.id, 'accept');
    expect(d.state).toBe('handling');
    expect(d.availableActions).toEqual(expect.arrayContaining(['submit', 'return', 'note']));
    expect(d.reporterName).toBe('王小明'); // the handling unit sees the petitioner
    expectError(await act(principal, c.id, 'submit'), 400, 'VALIDATION_FAILED');
    d = await step(principal, c.id, 'submit', { note: '经核查，收费已退还' });
    expect(d.state).toBe('supervising');
    d = await step(admin, c.id, 'send_back', { note: '请附退费凭证' });
    expect(d.state).toBe('handling');
    d = await step(officer, c.id, 'submit', { note: '已附凭证' });
    d = await step(admin, c.id, 'approve');
    expect(d.state).toBe('feedback');
    expectError(await act(admin, c.id, 'archive'), 409, 'CONFLICT'); // no reply yet
    d = await step(principal, c.id, 'reply', { reply: '王小明您好：经核查……' });
    expect(d.state).toBe('replied');
    d = await step(admin, c.id, 'archive');
    expect(d.state).toBe('archived');
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'assign',
      'accept',
      'submit',
      'send_back',
      'submit',
      'approve',
      'reply',
      'archive',
    ]);
    const audit = (await auditEventsFor(t.db, c.id)).map((e) => e.action);
    expect(audit).toContain('case.archive');
    expect(audit.filter((a) => a.startsWith('case.')).length).toBeGreaterThanOrEqual(9);
    const steps = await sql<{ step: string; left_at: Date | null }>`select step, left_at from case_step where case_id = ${c.id} order by seq`.execute(t.db);
    expect(steps.rows.map((s) => s.step)).toEqual(['registered', 'assigned', 'handling', 'supervising', 'handling', 'supervising', 'feedback', 'replied']);
    expect(steps.rows.every((s) => s.left_at !== null)).toBe(true);

    // 复查, then 复核, then no more.
    d = await step(admin, c.id, 'reopen', { note: '信访人申请复查' });
    expect(d).toMatchObject({ state: 'handling', reviewRound: 1, stateLabel: '核查办理（复查）' });
    await step(principal, c.id, 'submit', { note: '复查维持' });
    await step(admin, c.id, 'approve');
    await step(admin, c.id, 'reply', { reply: '复查意见' });
    await step(admin, c.id, 'archive');
    await step(admin, c.id, 'reopen', { note: '申请复核' });
    await step(principal, c.id, 'submit', { note: '复核维持' });
    await step(admin, c.id, 'approve');
    await step(admin, c.id, 'reply', { reply: '复核意见' });
    await step(admin, c.id, 'archive');
    expectError(await act(admin, c.id, 'reopen', { note: '再次' }), 409, 'CONFLICT');
  });

  it('延期 once by 30 days; 退回 to the registrar', async () => {
    const c = await create(admin, { typeCode: 'petition' });
    await step(admin, c.id, 'assign', { unitId: school });
    const accepted = await step(principal, c.id, 'accept');
    const extended = await step(admin, c.id, 'extend', { note: '情况复杂' });
    expect(new Date(extended.stepDueAt).getTime() - new Date(accepted.stepDueAt).getTime()).toBe(30 * 86_400_000);
    expectError(await act(admin, c.id, 'extend', { note: '再延' }), 409, 'CONFLICT');
    const back = await step(principal, c.id, 'return', { note: '不属本校职责' });
    expect(back).toEqual({ id: c.id, state: 'registered', hidden: true });
    expect((await admin.get(`/api/cases/${c.id}`)).json()).toMatchObject({ state: 'registered', assignedUnitId: null });
    expectError(await principal.get(`/api/cases/${c.id}`), 404, 'NOT_FOUND'); // no longer its case
  });

  it('the timeline never changes: the database refuses updates and deletes', async () => {
    const c = await create(admin, { typeCode: 'dispute' });
    await expect(sql`update case_event set note = 'x' where case_id = ${c.id}`.execute(t.db)).rejects.toThrow();
    await expect(sql`delete from case_event where case_id = ${c.id}`.execute(t.db)).rejects.toThrow();
  });
});

describe('threats and incidents escalate at once', () => {
  it('a 扬言报复 case notifies the district and the school precinct police; acknowledgement times are recorded', async () => {
    const c = await create(centre, { typeCode: 'threat', source: 'phone', title: '家长扬言报复学校', schoolId: school, subjectName: '某家长' });
    expect(c.escalations.map((e: { target: string }) => e.target).sort()).toEqual(['district', 'police']);
    expect(c.escalations.every((e: { acknowledgedAt: string | null }) => e.acknowledgedAt === null)).toBe(true);
    const notified = await sql<{ n: number }>`select count(*)::int as n from notification where entity_id = ${c.id} and kind = 'case_escalated'`.execute(t.db);
    expect(notified.rows[0]?.n).toBeGreaterThanOrEqual(2);
    const seen = await police.get(`/api/cases/${c.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().availableActions).toContain('acknowledge');
    const ack = await step(police, c.id, 'acknowledge');
    const mine = ack.escalations.find((e: { target: string }) => e.target === 'police');
    expect(mine.acknowledgedAt).not.toBeNull();
    expect(mine.minutesToAcknowledge).toBeGreaterThanOrEqual(0);
    expectError(await act(police, c.id, 'acknowledge'), 403, 'FORBIDDEN');
    await step(admin, c.id, 'acknowledge');
    // Reading a threat case is audited.
    const reads = (await auditEventsFor(t.db, c.id)).filter((e) => e.action === 'case.read');
    expect(reads.length).toBeGreaterThan(0);
  });

  it('an accident: level from the pack thresholds, corrected by the district, report deadlines, handling, insurance, and a hazard', async () => {
    const c = await create(principal, {
      typeCode: 'accident',
      source: 'school_report',
      title: '学生课间摔伤',
      kind: undefined,
      occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      place: '操场',
      seriousInjuries: 1,
      minorInjuries: 2,
      lossYuan: 5000,
    });
    expect(c.incident).toMatchObject({ level: 'general', levelComputed: 'general', seriousInjuries: 1 });
    expect(c.incident.reports.map((r: { kind: string }) => r.kind)).toEqual(['first', 'written', 'follow_up', 'final']);
    expect(c.incident.reports[0].status).toBe('done'); // reporting it is the first report
    // yunjiang escalates every incident (district pack); the national default only from 较大 or a death.
    expect(c.escalations.length).toBeGreaterThan(0);
    expectError(await act(principal, c.id, 'correct_level', { level: 'larger', note: '改' }), 403, 'FORBIDDEN');
    let d = await step(admin, c.id, 'correct_level', { level: 'larger', note: '经调查，重伤 10 人' });
    expect(d.incident).toMatchObject({ level: 'larger', levelComputed: 'general' });
    d = await step(principal, c.id, 'record_report', { reportKind: 'written' });
    expect(d.incident.reports[1].doneAt).not.toBeNull();
    d = await step(principal, c.id, 'update_incident', {
      liability: '学校未尽管理职责',
      insuranceStatus: 'filed',
      insuranceAmount: 3000,
      mediationOutcome: '调解达成协议',
      lessons: '加强课间巡查',
    });
    expect(d.incident).toMatchObject({ insuranceStatus: 'filed', insuranceAmount: 3000, level: 'larger' });
    d = await step(admin, c.id, 'raise_hazard', { hazard: { title: '操场地面破损', category: 'facility', place: '操场' }, note: '事故原因' });
    expect(d.hazards).toHaveLength(1);
    const h = await admin.get(`/api/hazards/${d.hazards[0].id}`);
    expect(h.statusCode, h.body).toBe(200);
    expectError(await act(admin, c.id, 'raise_hazard', { hazard: { title: 'x', category: 'NOPE', place: '操场' } }), 400, 'VALIDATION_FAILED');
  });
});

describe('a time limit that passes', () => {
  it('tells the owner, the handling unit and the district once per due instant', async () => {
    const c = await create(admin, { typeCode: 'threat', source: 'phone', title: '超时测试', schoolId: school });
    const later = new Date(new Date(c.stepDueAt).getTime() + 60_000);
    const first = await scanCaseDeadlines(t.db, later);
    expect(first).toBeGreaterThan(0);
    const rows = await sql<{ n: number }>`select count(*)::int as n from notification where entity_id = ${c.id} and kind = 'case_overdue'`.execute(t.db);
    expect(rows.rows[0]?.n).toBeGreaterThan(0);
    const again = await sql<{ n: number }>`select count(*)::int as n from notification where entity_id = ${c.id} and kind = 'case_overdue'`.execute(t.db);
    await scanCaseDeadlines(t.db, later);
    const after = await sql<{ n: number }>`select count(*)::int as n from notification where entity_id = ${c.id} and kind = 'case_overdue'`.execute(t.db);
    expect(after.rows[0]?.n).toBe(again.rows[0]?.n);
    expect((await admin.get(`/api/cases/${c.id}`)).json().sla).toBe('on_time'); // not yet: the scan was told a later time
  });
});

describe('confidentiality for every role', () => {
  let petition = '';
  let bullying = '';
  beforeAll(async () => {
    const p = await create(admin, { typeCode: 'petition', reporterName: '李四', reporterPhone: '13900001111', schoolId: school });
    await step(admin, p.id, 'assign', { unitId: school });
    petition = p.id;
    const b = await create(admin, { typeCode: 'bullying', source: 'school_report', title: '初二学生遭同学欺凌', schoolId: school, reporterName: '家长赵某' });
    await step(admin, b.id, 'assign', { unitId: school });
    bullying = b.id;
  });

  it('a petition is seen by the assigned school, its supervisors and the district; the petitioner is masked outside the handling units', async () => {
    const inScope = async (c: Client) => (await c.get(`/api/schools/${school}`)).statusCode === 200;
    const expectations: Record<string, { sees: boolean; personal: boolean }> = {
      admin: { sees: true, personal: true },
      principal: { sees: true, personal: true },
      officer: { sees: true, personal: true },
      staff: { sees: false, personal: false },
      dept: { sees: false, personal: false },
      joint: { sees: false, personal: false },
      centre: { sees: await inScope(centre), personal: false },
      police: { sees: await inScope(police), personal: false },
      leader: { sees: await inScope(leader), personal: false },
      inspector: { sees: await inScope(inspector), personal: false },
    };
    expect(expectations.centre?.sees).toBe(true); // the demo's centre holds YJT0101: the masking is really tested
    for (const [name, want] of Object.entries(expectations)) {
      const c = roles[name] as Client;
      const res = await c.get(`/api/cases/${petition}`);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(want.sees ? 200 : 404);
      const listed = (await c.get('/api/cases?typeCode=petition&pageSize=200')).json().items.some((i: { id: string }) => i.id === petition);
      expect(listed, name).toBe(want.sees);
      if (want.sees) {
        expect(res.json().reporterName, name).toBe(want.personal ? '李四' : '李*');
        expect(res.json().reporterPhone, name).toBe(want.personal ? '13900001111' : '139****1111');
      }
    }
    expectError(await other.get(`/api/cases/${petition}`), 404, 'NOT_FOUND');
  });

  it('a bullying case is seen only by its own units; every read is audited, a refused read writes nothing', async () => {
    for (const [name, c] of Object.entries(roles)) {
      const res = await c.get(`/api/cases/${bullying}`);
      const sees = ['admin', 'principal', 'officer'].includes(name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(sees ? 200 : 404);
      const listed = (await c.get('/api/cases?typeCode=bullying&pageSize=200')).json().items.some((i: { id: string }) => i.id === bullying);
      expect(listed, name).toBe(sees);
    }
    const reads = async () => (await auditEventsFor(t.db, bullying)).filter((e) => e.action === 'case.read').length;
    const before = await reads();
    await principal.get(`/api/cases/${bullying}`);
    expect(await reads()).toBe(before + 1);
    await centre.get(`/api/cases/${bullying}`);
    await staff.get(`/api/cases/${bullying}`);
    expect(await reads()).toBe(before + 1);
  });

  it('the one-school file’s cases panel shows what /cases shows: the bullying case only to its own units, the petitioner masked', async () => {
    for (const [name, c] of Object.entries(roles)) {
      const file = await c.get(`/api/schools/${school}/file`);
      if (file.statusCode !== 200) continue; // outside the scope: the file itself is 404
      const panel = file.json().panels.find((p: { key: string }) => p.key === 'cases');
      expect(panel, name).toBeDefined();
      const all = panel.counts.find((x: { key: string }) => x.key === 'all');
      expect(all.value, name).toBe((await c.get(`/api/cases?schoolId=${school}&pageSize=1`)).json().total);
      const open = (await c.get(`/api/cases?schoolId=${school}&open=true&pageSize=200`)).json();
      expect(panel.counts.find((x: { key: string }) => x.key === 'open').value, name).toBe(open.total);
      const visible = new Set(open.items.map((x: { id: string }) => x.id));
      for (const x of panel.detail.open) expect(visible.has(x.id), name).toBe(true);
      expect(visible.has(bullying), name).toBe(['admin', 'principal', 'officer'].includes(name));
      expect(JSON.stringify(panel), name).not.toContain('13900001111');
    }
  }, 90_000); // ten accounts each load a whole school file; 31 s at load 11

  it('staff report harm to students and see only what they reported', async () => {
    const c = await create(staff, { typeCode: 'public_report', source: 'school_report', title: '发现学生被校外人员勒索' });
    expect(c.schoolId).toBe(school);
    const list = (await staff.get('/api/cases?pageSize=200')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });
});

describe('statistics, export and the waiting list', () => {
  it('counts match the lists behind them; the export is an Excel file', async () => {
    const stats = (await admin.get('/api/cases/stats')).json();
    const all = (await admin.get('/api/cases?pageSize=1')).json();
    expect(stats.total).toBe(all.total);
    const open = (await admin.get('/api/cases?open=true&pageSize=1')).json();
    expect(stats.open).toBe(open.total);
    const overdue = (await admin.get('/api/cases?overdue=true&pageSize=1')).json();
    expect(stats.overdueCount).toBe(overdue.total);
    for (const r of stats.byType) expect((await admin.get(`/api/cases?typeCode=${r.key}&pageSize=1`)).json().total).toBe(r.count);
    expect(stats.onTimeBySteps.length).toBeGreaterThan(0);
    for (const r of stats.incidentsByLevel) expect((await admin.get(`/api/cases?level=${r.key}&pageSize=1`)).json().total).toBe(r.count);
    const x = await admin.get('/api/cases/export?typeCode=petition');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const principalStats = (await principal.get('/api/cases/stats')).json();
    expect(principalStats.total).toBe((await principal.get('/api/cases?pageSize=1')).json().total);
  });

  it('waiting=true lists the cases waiting on the user unit', async () => {
    const c = await create(admin, { typeCode: 'dispute', title: '招生入学纠纷' });
    await step(admin, c.id, 'assign', { unitId: school });
    const waiting = (await principal.get('/api/cases?waiting=true&pageSize=200')).json().items.map((i: { id: string }) => i.id);
    expect(waiting).toContain(c.id);
    await step(principal, c.id, 'accept');
    await step(principal, c.id, 'submit', { note: '已调解' });
    const after = (await principal.get('/api/cases?waiting=true&pageSize=200')).json().items.map((i: { id: string }) => i.id);
    expect(after).not.toContain(c.id);
    const adminWaiting = (await admin.get('/api/cases?waiting=true&pageSize=200')).json().items.map((i: { id: string }) => i.id);
    expect(adminWaiting).toContain(c.id); // 督查督办 is the district's
  });

  it('lists the case types of the district pack', async () => {
    const r = (await principal.get('/api/case-types')).json();
    expect(r.types).toHaveLength(8);
    expect(r.incident.escalateFromLevel).toBe('general'); // yunjiang
  });
});
