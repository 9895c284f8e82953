import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { startOfShanghaiDay } from '../../src/domain/case-time.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * 任务分办 with a deadline (seed 004): the assigning unit sets the handling step's last day, never
 * beyond the pack's handling limit (yunjiang 信访: 60 days) counted from the assignment; the
 * assignee's 签收 starts handling with that deadline, which the SLA status then follows.
 */
let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client;
let school = '';
const today = shanghaiDay(new Date());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const act = async (c: Client, id: string, action: string, body: Record<string, unknown> = {}) => {
  const version = (await admin.get(`/api/cases/${id}`)).json().version;
  return c.post(`/api/cases/${id}/actions/${action}`, { version, ...body });
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre, other] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
}, 240_000);
afterAll(async () => t?.close());

describe('任务分办 with an assigner-set deadline', () => {
  it('refuses bad days, days beyond the pack limit and other units; the accepted step is due that day', async () => {
    const created = await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '反映校门口接送拥堵', schoolId: school });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    expectError(await act(admin, id, 'assign', { unitId: school, handlingDueOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    expectError(await act(admin, id, 'assign', { unitId: school, handlingDueOn: '明天' }), 400, 'VALIDATION_FAILED');
    const past = await act(admin, id, 'assign', { unitId: school, handlingDueOn: addDays(today, -1) });
    expectError(past, 400, 'VALIDATION_FAILED');
    expect(past.json().error.message).toBe('办理期限不能早于今天');
    const beyond = await act(admin, id, 'assign', { unitId: school, handlingDueOn: addDays(today, 61) });
    expectError(beyond, 400, 'VALIDATION_FAILED');
    expect(beyond.json().error.message).toContain(`最迟 ${addDays(today, 60)}`);
    expectError(await act(admin, id, 'note', { note: '记录', handlingDueOn: addDays(today, 5) }), 400, 'VALIDATION_FAILED');
    expectError(await act(principal, id, 'assign', { unitId: school, handlingDueOn: addDays(today, 5) }), 404, 'NOT_FOUND');
    expectError(await act(other, id, 'assign', { unitId: school, handlingDueOn: addDays(today, 5) }), 404, 'NOT_FOUND');
    // Nothing was written by the refusals.
    expect((await admin.get(`/api/cases/${id}`)).json()).toMatchObject({ state: 'registered', handlingDueAt: null, version: 1 });

    const last = addDays(today, 10);
    const assigned = await act(admin, id, 'assign', { unitId: school, handlingDueOn: last });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const due = startOfShanghaiDay(addDays(last, 1)).toISOString();
    expect(assigned.json()).toMatchObject({ state: 'assigned', handlingDueAt: due });
    expect((await auditEventsFor(t.db, id)).some((e) => e.action === 'case.assign' && e.summary?.includes(`${last} 前办结`))).toBe(true);

    const accepted = await act(principal, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'handling', stepDueAt: due, sla: 'on_time' });
    const listed = (await centre.get(`/api/cases?schoolId=${school}&pageSize=100`)).json().items.find((c: { id: string }) => c.id === id);
    expect(listed).toMatchObject({ stepDueAt: due, sla: 'on_time' });
  });

  it('without a day the pack limit applies from 签收, as before', async () => {
    const id = (await admin.post('/api/cases', { typeCode: 'petition', source: 'letter', title: '反映食堂价格', schoolId: school })).json().id as string;
    expect((await act(admin, id, 'assign', { unitId: school })).statusCode).toBe(200);
    const accepted = (await act(principal, id, 'accept')).json();
    expect(accepted.handlingDueAt).toBeNull();
    // 60 days: midnight after the 60th day from today.
    expect(accepted.stepDueAt).toBe(startOfShanghaiDay(addDays(today, 61)).toISOString());
  });
});
