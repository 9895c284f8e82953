import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, police: Client, officer: Client, staff: Client, inspector: Client, centre: Client, principal: Client;
let school = ''; // YJT0101: the school users' own
let otherSchool = '';

beforeAll(async () => {
  t = await createTestApp();
  [admin, police, officer, staff, inspector, centre, principal] = (await Promise.all(
    ['admin', 'police', 'school_officer', 'staff', 'inspector', 'centre_officer', 'principal'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { message: string };
}
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const visitor = { name: '冯来访', idLast4: '123X', phone: '13800001111', purpose: '送教材', host: '教务处' };

describe('门卫登记 at the gatehouse', () => {
  it('the school staff enter a visitor and a vehicle, see them today, and mark one left', async () => {
    const v = await staff.post('/api/gate-log', { schoolId: school, ...visitor });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ kind: 'visitor', idLast4: '123X', leftAt: null, enteredOn: today() });
    const car = await officer.post('/api/gate-log', { schoolId: school, kind: 'vehicle', plate: '渝a12345', purpose: '食堂送货' });
    expect(car.json().plate).toBe('渝A12345');
    const list = (await principal.get(`/api/gate-log?schoolId=${school}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([v.json().id, car.json().id]));
    expect(list.recent[0]).toMatchObject({ kind: 'vehicle', plate: '渝A12345' });
    expect(list.retentionDays).toBe(365);
    const left = await staff.post(`/api/gate-log/${v.json().id}/leave`);
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json().leftAt).not.toBeNull();
    // The same leave again (an outbox retry, another tap) changes nothing and answers the entry as it is.
    const again = await staff.post(`/api/gate-log/${v.json().id}/leave`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().leftAt).toBe(left.json().leftAt);
  });
  it('the same submission sent twice (a double tap, a retry) records one visitor', async () => {
    const entries = async () =>
      Number(
        (
          await t.db
            .selectFrom('gate_log_entry')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'gate_log.create')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [e0, a0] = [await entries(), await audits()];
    const clientId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const body = { schoolId: school, name: '王五', purpose: '家长会', clientId };
    const [first, second] = await Promise.all([staff.post('/api/gate-log', body), staff.post('/api/gate-log', body)]);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().id).toBe(clientId);
    expect(first.json().id).toBe(clientId);
    expect(await entries()).toBe(e0 + 1);
    expect(await audits()).toBe(a0 + 1);
    // Someone else's id is not theirs to resend.
    expectError(await officer.post('/api/gate-log', body), 409, 'CONFLICT');
    expectError(await staff.post('/api/gate-log', { ...body, clientId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
    expect(await entries()).toBe(e0 + 1);
  });
  it('离校 recorded offline: the phone’s time is kept, a resend or a racing copy changes nothing, audited once', async () => {
    const leaves = async (id: string) =>
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'gate_log.leave')
            .where('entity_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // In and out while the gatehouse had no network, sent in order when it came back.
    const clientId = randomUUID();
    const enteredAt = new Date(Date.now() - 40 * 60_000).toISOString();
    const leftAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const created = await staff.post('/api/gate-log', { schoolId: school, name: '离线访客', clientId, enteredAt });
    expect(created.statusCode, created.body).toBe(201);
    const [a, b] = await Promise.all([staff.post(`/api/gate-log/${clientId}/leave`, { leftAt }), staff.post(`/api/gate-log/${clientId}/leave`, { leftAt })]);
    expect([a.statusCode, b.statusCode], `${a.body}\n${b.body}`).toEqual([200, 200]);
    expect(new Date(a.json().leftAt).getTime()).toBe(new Date(leftAt).getTime());
    expect(b.json().leftAt).toBe(a.json().leftAt);
    // A later leave (another phone, a late retry with another time) does not move it either.
    const later = await officer.post(`/api/gate-log/${clientId}/leave`, { leftAt: new Date().toISOString() });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json().leftAt).toBe(a.json().leftAt);
    expect(await leaves(clientId)).toBe(1);
    const [event] = await auditEventsFor(t.db, clientId);
    expect(event).toMatchObject({ action: 'gate_log.leave', org_unit_id: school });
    expect(JSON.stringify(event)).not.toContain('离线访客');
    // The entry's own Shanghai day: run just after midnight, 40 minutes ago was yesterday.
    const day = (await staff.get(`/api/gate-log?schoolId=${school}&day=${shanghaiDay(new Date(enteredAt))}`)).json();
    expect(day.items.find((i: { id: string }) => i.id === clientId)).toMatchObject({ leftAt: a.json().leftAt });
  });
  it('refuses a bad leaving time, and a leave for an entry that is not there yet', async () => {
    const enteredAt = new Date(Date.now() - 30 * 60_000).toISOString();
    const entry = (await staff.post('/api/gate-log', { schoolId: school, name: '甲乙', enteredAt })).json();
    const url = `/api/gate-log/${entry.id}/leave`;
    expectError(await staff.post(url, { leftAt: new Date(Date.now() + 3_600_000).toISOString() }), 400, 'VALIDATION_FAILED');
    expect(expectError(await staff.post(url, { leftAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }), 400, 'VALIDATION_FAILED').message).toContain(
      '早于进校',
    );
    expectError(await staff.post(url, { leftAt: '昨天下午' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(url, { leftAt: new Date().toISOString(), extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/gate-log/not-a-uuid/leave', {}), 400, 'VALIDATION_FAILED');
    // Nothing was written by the refusals: the entry is still inside and no leave was audited.
    // The entry's own Shanghai day: run just after midnight, 40 minutes ago was yesterday.
    const day = (await staff.get(`/api/gate-log?schoolId=${school}&day=${shanghaiDay(new Date(enteredAt))}`)).json();
    expect(day.items.find((i: { id: string }) => i.id === entry.id).leftAt).toBeNull();
    expect((await auditEventsFor(t.db, entry.id)).map((e) => e.action)).toEqual(['gate_log.create']);
    // A 离校 that overtook its 进校 (the outbox keeps them in order; a second phone might not): not found, nothing written.
    const ahead = randomUUID();
    expectError(await staff.post(`/api/gate-log/${ahead}/leave`, { leftAt: new Date().toISOString() }), 404, 'NOT_FOUND');
    expect(await auditEventsFor(t.db, ahead)).toEqual([]);
    // A time a few minutes ahead of the server's clock is taken as now.
    const ahead2 = await staff.post(url, { leftAt: new Date(Date.now() + 60_000).toISOString() });
    expect(ahead2.statusCode, ahead2.body).toBe(200);
    expect(new Date(ahead2.json().leftAt).getTime()).toBeLessThanOrEqual(Date.now());
  });
  it('refuses bad input with a Chinese message', async () => {
    expect(expectError(await staff.post('/api/gate-log', { schoolId: school, name: '' }), 400, 'VALIDATION_FAILED').message).toMatch(/[\u4e00-\u9fa5]/);
    expectError(await staff.post('/api/gate-log', { schoolId: school, name: '甲', idLast4: '12345' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/gate-log', { schoolId: school, kind: 'vehicle' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/gate-log', { schoolId: school, name: '甲', enteredAt: '2099-01-01T08:00:00+08:00' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/gate-log', { schoolId: school, name: '甲', enteredAt: '2020-01-01T08:00:00+08:00' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.get(`/api/gate-log?schoolId=${school}&day=2099-01-01`), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/gate-log', { schoolId: school, name: '甲', extra: 1 }), 400, 'VALIDATION_FAILED');
  });
});

describe('scope: supervisors see whether the log is kept, never who came', () => {
  it('no supervisor reads or writes entries; another school is not found', async () => {
    for (const c of [admin, centre, police, inspector]) {
      expectError(await c.get(`/api/gate-log?schoolId=${school}`), 403, 'FORBIDDEN');
      expectError(await c.post('/api/gate-log', { schoolId: school, ...visitor }), 403, 'FORBIDDEN');
    }
    expectError(await staff.get(`/api/gate-log?schoolId=${otherSchool}`), 404, 'NOT_FOUND');
    expectError(await staff.post('/api/gate-log', { schoolId: otherSchool, ...visitor }), 404, 'NOT_FOUND');
    const entry = (await staff.post('/api/gate-log', { schoolId: school, ...visitor, name: '秘密访客' })).json();
    for (const c of [admin, centre, police, inspector]) {
      expectError(await c.post(`/api/gate-log/${entry.id}/leave`), 404, 'NOT_FOUND');
      expectError(await c.post(`/api/gate-log/${entry.id}/leave`, { leftAt: new Date().toISOString() }), 404, 'NOT_FOUND');
    }
    expect((await auditEventsFor(t.db, entry.id)).map((e) => e.action)).toEqual(['gate_log.create']);
  });
  it('the summary carries counts per school only, and the audit trail names no visitor', async () => {
    for (const c of [admin, centre, police, inspector]) {
      const res = await c.get('/api/gate-log/summary');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('秘密访客');
      expect(res.body).not.toContain('123X');
      expect(res.body).not.toContain('13800001111');
    }
    const s = (await centre.get('/api/gate-log/summary')).json();
    const row = s.schools.find((r: { schoolId: string }) => r.schoolId === school);
    expect(row.days).toBeGreaterThan(0);
    expect(row.entries).toBeGreaterThan(2);
    expect(Object.keys(row).sort()).toEqual(['code', 'days', 'entries', 'lastDay', 'name', 'parentName', 'schoolId', 'stillIn', 'vehicles']);
    expect(s.schools.every((r: { schoolId: string }) => r.schoolId !== otherSchool)).toBe(true);
    const audit = await admin.get(`/api/audit-events?orgUnitId=${school}&pageSize=200`);
    expect(audit.body).not.toContain('秘密访客');
    const rows = await t.db.selectFrom('audit_event').select(['summary', 'after']).where('action', 'like', 'gate_log.%').execute();
    expect(JSON.stringify(rows)).not.toContain('秘密访客');
    // the standing: the gate_log standard counts the days with entries
    const std = (await centre.get(`/api/sanfang/schools/${school}`)).json().standards.find((x: { code: string }) => x.code === 'gate_log');
    expect(std).toMatchObject({ required: 5, actual: row.days });
  });
  it('entries past the retention period are shown to nobody', async () => {
    const old = '2025-01-02';
    await t.db
      .insertInto('gate_log_entry')
      .values({
        district_id: (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id,
        school_id: school,
        name: '旧访客',
        entered_at: new Date(`${old}T09:00:00+08:00`),
        entered_on: old,
        recorded_by: await idOfUser(t.db, 'staff'),
      })
      .execute();
    const list = (await staff.get(`/api/gate-log?schoolId=${school}&day=${old}`)).json();
    expect(list.items).toEqual([]);
    expect(JSON.stringify((await staff.get(`/api/gate-log?schoolId=${school}`)).json())).not.toContain('旧访客');
    expect(expectError(await admin.get(`/api/gate-log/summary?from=${old}&to=${old}`), 400, 'VALIDATION_FAILED').message).toContain('不再显示');
    const s = (await admin.get(`/api/gate-log/summary?from=${old}`)).json();
    expect(s.from > old).toBe(true);
  });
});
