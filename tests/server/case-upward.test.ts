import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCaseDeadlines } from '../../src/server/cases/case-deadline-scan.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The district's upward report of an escalating incident (逐级上报, cases.yaml incident.upwardHours,
 * 2 h): due on the case from when the district learns of it, recorded only by the district, a
 * workbench to-do for the district admin, notices when close to due and when overdue (once each).
 */
let t: TestApp;
let admin: Client, principal: Client, centre: Client;
let school = '';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
const act = async (c: Client, id: string, action: string, body: Record<string, unknown> = {}) => {
  const version = (await admin.get(`/api/cases/${id}`)).json().version;
  return c.post(`/api/cases/${id}/actions/${action}`, { version, ...body });
};
const upwardTodo = async (c: Client) => {
  const wb = (await c.get('/api/workbench')).json();
  return wb.sections.flatMap((s: { items: { key: string; count: number }[] }) => s.items).find((i: { key: string }) => i.key === 'cases.upward');
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre] = await t.loginAll(['admin', 'principal', 'centre_officer'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
}, 120_000);
afterAll(() => t.close());

describe('upward report of an incident', () => {
  it('is due upwardHours after the district learns of it, shown on the workbench, recorded by the district only', async () => {
    const before = (await admin.get('/api/cases?upwardPending=true')).json().total as number;
    const res = await principal.post('/api/cases', {
      typeCode: 'accident',
      source: 'school_report',
      title: '学生课间摔伤',
      occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      place: '操场',
      seriousInjuries: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    const row = await t.db.selectFrom('case_file').select(['created_at', 'upward_due_at', 'upward_report_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    // yunjiang escalates every incident; upwardHours is 2.
    expect(row.upward_due_at?.getTime()).toBe(row.created_at.getTime() + 2 * 3600_000);
    expect(c.incident.upward).toMatchObject({ label: '向上级报告', doneAt: null, status: 'open' });
    expect((await admin.get('/api/cases?upwardPending=true')).json().total).toBe(before + 1);
    expect((await upwardTodo(admin))?.count).toBe(before + 1);
    expect(await upwardTodo(principal)).toBeUndefined();
    expect(await upwardTodo(centre)).toBeUndefined();
    expectError(await admin.get('/api/cases?upwardPending=maybe'), 400, 'VALIDATION_FAILED');

    // Close to due: one notice to the district admins; overdue: one more; never twice.
    const adminId = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const notices = async () =>
      (await t.db.selectFrom('notification').select(['title']).where('user_id', '=', adminId).where('entity_id', '=', c.id).execute())
        .map((n) => n.title)
        .filter((x) => x.includes('向上级报告'));
    const due = row.upward_due_at as Date;
    await scanCaseDeadlines(t.db, new Date(due.getTime() - 20 * 60_000));
    await scanCaseDeadlines(t.db, new Date(due.getTime() - 10 * 60_000));
    expect(await notices()).toEqual([`事故向上级报告即将到期：${c.code}`]);
    await scanCaseDeadlines(t.db, new Date(due.getTime() + 60_000));
    await scanCaseDeadlines(t.db, new Date(due.getTime() + 120_000));
    expect((await notices()).sort()).toEqual([`事故向上级报告即将到期：${c.code}`, `事故向上级报告已超时：${c.code}`].sort());

    expectError(await act(principal, c.id, 'record_report', { reportKind: 'upward' }), 403, 'FORBIDDEN');
    expectError(await act(admin, c.id, 'record_report', { reportKind: 'upwards' }), 400, 'VALIDATION_FAILED');
    const done = await act(admin, c.id, 'record_report', { reportKind: 'upward' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().incident.upward).toMatchObject({ status: 'done', doneAt: expect.any(String) });
    expect((await auditEventsFor(t.db, c.id)).some((e) => e.summary?.includes('向上级报告'))).toBe(true);
    expectError(await act(admin, c.id, 'record_report', { reportKind: 'upward' }), 409, 'CONFLICT');
    expect((await admin.get('/api/cases?upwardPending=true')).json().total).toBe(before);
    // Recorded: the scan says nothing more.
    await scanCaseDeadlines(t.db, new Date(due.getTime() + 3 * 3600_000));
    expect(await notices()).toHaveLength(2);
  });

  it('a case that is not an incident has no upward report', async () => {
    const res = await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '反映学校乱收费', schoolId: school });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().incident).toBeNull();
    expectError(await act(admin, res.json().id, 'record_report', { reportKind: 'upward' }), 409, 'CONFLICT');
  });
});
