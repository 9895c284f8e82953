import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { findAssessedUnits } from '../../src/server/assessment/assessment.repository.js';
import { measureNamed } from '../../src/server/assessment/measures.registry.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * 迟报/漏报 and 瞒报 of incidents (seed 004; RULES.md SG-01): each required report of an incident is
 * on time, late by so many minutes, or missing, on the case and in the list; the district marks an
 * incident concealed (认定瞒报) with a reason, audited; the measures incident_reports_late and
 * incidents_concealed equal what the case list shows for the school.
 */
let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client;
let school = ''; // YJT0101, the principal's
let districtId = '';
const HOUR = 3_600_000;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const act = async (c: Client, id: string, action: string, body: Record<string, unknown> = {}) => {
  const version = (await admin.get(`/api/cases/${id}`)).json().version;
  return c.post(`/api/cases/${id}/actions/${action}`, { version, ...body });
};
const accident = async (title: string, hoursAgo: number) => {
  const res = await principal.post('/api/cases', {
    typeCode: 'accident',
    source: 'school_report',
    title,
    occurredAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    place: '操场',
    minorInjuries: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; incident: { reports: { kind: string; standing: string; lateMinutes: number | null; lateText: string | null }[] } };
};

async function adminActor(): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
  const role = u.role as Role;
  return {
    userId: u.id,
    districtId: u.district_id,
    username: u.username,
    displayName: u.display_name,
    role,
    orgUnitId: u.org_unit_id,
    sessionId: 'test',
    csrfToken: '',
    mustChangePassword: false,
    scope: await resolveScope(t.db, { userId: u.id, districtId: u.district_id, role, orgUnitId: u.org_unit_id }),
    ip: '',
  };
}

/** The measure for the school over this school year, computed as a round does (every school at once). */
async function measure(code: string) {
  const m = measureNamed(code);
  if (!m) throw new Error(`no measure ${code}`);
  const pack = await packOf(t.ctx, districtId);
  const units = await findAssessedUnits(t.db, districtId, 'school');
  const values = await m.compute({
    app: t.ctx,
    actor: await adminActor(),
    pack,
    from: '2026-09-01',
    to: '2027-08-31',
    units,
    unitType: 'school',
    params: {},
    now: new Date(),
  });
  expect(values.size).toBe(units.length);
  return values.get(school);
}

/** What the case list shows for the school's incidents of the same span. */
async function listed() {
  const r = await admin.get(`/api/cases?schoolId=${school}&from=2026-09-01&to=2027-08-31&pageSize=100`);
  expect(r.statusCode, r.body).toBe(200);
  const items = r.json().items as { level: string | null; concealed: boolean; faultyReports: unknown[] }[];
  const incidents = items.filter((i) => i.level !== null);
  return { faulty: incidents.reduce((n, i) => n + i.faultyReports.length, 0), concealed: incidents.filter((i) => i.concealed).length };
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre, other] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  districtId = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
}, 240_000);
afterAll(async () => t?.close());

describe('incident reports on time, late or missing', () => {
  it('a first report made 3 h after the incident is late by about 2 h; later reports are still in time', async () => {
    const c = await accident('学生课间追逐摔伤', 3);
    const first = c.incident.reports.find((r) => r.kind === 'first');
    expect(first?.standing).toBe('late');
    expect(first?.lateMinutes).toBeGreaterThanOrEqual(120);
    expect(first?.lateMinutes).toBeLessThanOrEqual(121);
    expect(first?.lateText).toMatch(/^迟报 2 小时/);
    expect(c.incident.reports.find((r) => r.kind === 'written')).toMatchObject({ standing: 'pending', lateMinutes: null });
  });

  it('reports past their deadline are missing until made, then late; the list and the measure agree', async () => {
    const before = await listed();
    expect((await measure('incident_reports_late'))?.value).toBe(before.faulty);
    const c = await accident('食堂地面湿滑学生滑倒', 30); // first late; written (24 h) and follow-up (24 h) missing
    const standing = (await admin.get(`/api/cases/${c.id}`)).json().incident.reports as { kind: string; standing: string }[];
    expect(Object.fromEntries(standing.map((r) => [r.kind, r.standing]))).toEqual({
      first: 'late',
      written: 'missing',
      follow_up: 'missing',
      final: 'pending',
    });
    const made = await act(principal, c.id, 'record_report', { reportKind: 'written' });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().incident.reports.find((r: { kind: string }) => r.kind === 'written')).toMatchObject({ standing: 'late', status: 'late' });

    const after = await listed();
    expect(after.faulty).toBe(before.faulty + 3);
    const v = await measure('incident_reports_late');
    expect(v?.value).toBe(after.faulty);
    expect(v?.rows.filter((r) => r.link === `/cases/${c.id}`).map((r) => r.text.split('：')[1]?.slice(0, 4))).toEqual(['首报迟报', '书面报告', '续报已逾']);
  });
});

describe('瞒报: the district marks an incident concealed', () => {
  it('refuses bad input, other roles and other districts; marks once with the reason, audited; the veto measure counts it', async () => {
    const c = await accident('学生体育课扭伤（家长反映，学校未报）', 1);
    const petition = (await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '反映学校收费', schoolId: school })).json();
    const before = await listed();
    expect((await measure('incidents_concealed'))?.value).toBe(before.concealed);

    expectError(await act(admin, c.id, 'mark_concealed', {}), 400, 'VALIDATION_FAILED');
    expectError(await act(admin, c.id, 'mark_concealed', { note: 'x\u0000' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/cases/${c.id}/actions/mark_concealed`, { note: '无版本号' }), 400, 'VALIDATION_FAILED');
    expectError(await act(principal, c.id, 'mark_concealed', { note: '学校自己认定' }), 403, 'FORBIDDEN');
    // The centre reads its school's report (it supervises the reporter) but only the district marks 瞒报.
    expectError(await act(centre, c.id, 'mark_concealed', { note: '中心认定' }), 403, 'FORBIDDEN');
    expectError(await act(other, c.id, 'mark_concealed', { note: '他区认定' }), 404, 'NOT_FOUND');
    expectError(await act(admin, petition.id, 'mark_concealed', { note: '不是事故' }), 409, 'CONFLICT');

    const reason = '派出所通报后核实：事故发生后学校未向区教委报告';
    const done = await act(admin, c.id, 'mark_concealed', { note: reason });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().incident.concealed).toMatchObject({ reason, byName: expect.any(String), at: expect.any(String) });
    expect(done.json().timeline.some((e: { action: string; note: string }) => e.action === 'mark_concealed' && e.note === reason)).toBe(true);
    const audit = await auditEventsFor(t.db, c.id);
    expect(audit.some((e) => e.action === 'case.mark_concealed' && e.summary?.includes(reason))).toBe(true);
    expectError(await act(admin, c.id, 'mark_concealed', { note: reason }), 409, 'CONFLICT');
    // The school sees the mark on its case.
    expect((await principal.get(`/api/cases/${c.id}`)).json().incident.concealed?.reason).toBe(reason);

    const after = await listed();
    expect(after.concealed).toBe(before.concealed + 1);
    const v = await measure('incidents_concealed');
    expect(v?.value).toBe(after.concealed);
    expect(v?.rows.some((r) => r.link === `/cases/${c.id}`)).toBe(true);
  });
});
