import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, police: Client, principal: Client, officer: Client, staff: Client, inspector: Client, centre: Client;
let school = ''; // YJT0101: the principal's, in the demo police precinct
let otherSchool = ''; // YJC0501: outside the precinct and the centre
const today = shanghaiDay(new Date());

type GridSchool = { id: string; name: string; checked: boolean; devices: { id: string; kind: string; name: string; offline: boolean }[] };

beforeAll(async () => {
  t = await createTestApp();
  [admin, police, principal, officer, staff, inspector, centre] = (await Promise.all(
    ['admin', 'police', 'principal', 'school_officer', 'staff', 'inspector', 'centre_officer'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  return res.json().error as { message: string; details?: { row?: number; column?: string; path?: string; message: string }[] };
}
const rows = async (table: 'device_check_day' | 'device_offline' | 'device_outage_hazard' | 'alarm_drill') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const gridOf = async (c: Client, q: string) => {
  const res = await c.get(`/api/sanfang/device-checks?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { day: string; canSave: boolean; schools: GridSchool[] };
};
const csv = (c: Client, day: string, text: string) =>
  c.request({ method: 'POST', url: `/api/sanfang/device-checks/import?day=${day}`, payload: Buffer.from(text), headers: { 'content-type': 'text/csv' } });

describe('the daily grid', () => {
  it('the police see their precinct, save the whole precinct with one device offline, and the rate follows', async () => {
    const grid = await gridOf(police, '');
    expect(grid.canSave).toBe(true);
    expect(grid.schools.length).toBeGreaterThan(0);
    expect(grid.schools.some((s) => s.id === otherSchool)).toBe(false);
    const mine = grid.schools.find((s) => s.id === school) as GridSchool;
    expect(mine.devices.every((d) => d.kind === 'alarm' || d.kind === 'camera')).toBe(true);
    const down = mine.devices[0] as GridSchool['devices'][number];
    const devices = grid.schools.reduce((n, s) => n + s.devices.length, 0);
    const res = await police.put('/api/sanfang/device-checks', {
      day: today,
      schoolIds: grid.schools.map((s) => s.id),
      offline: [{ deviceId: down.id, note: '画面黑屏' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ schools: grid.schools.length, devices, offline: 1 });
    const again = await gridOf(police, `schoolId=${school}`);
    expect(again.schools[0]?.checked).toBe(true);
    expect(again.schools[0]?.devices.find((d) => d.id === down.id)?.offline).toBe(true);
    const rates = (await police.get('/api/sanfang/device-checks/rates')).json();
    expect(rates.today).toMatchObject({ schoolsChecked: grid.schools.length, done: true });
    const day = rates.daily.find((d: { day: string }) => d.day === today);
    expect(day).toMatchObject({ devices, offline: 1 });
    // Saving the day again replaces its exceptions: nothing offline now.
    expect((await police.put('/api/sanfang/device-checks', { day: today, schoolIds: [school], offline: [] })).statusCode).toBe(200);
    expect((await gridOf(police, `schoolId=${school}`)).schools[0]?.devices.some((d) => d.offline)).toBe(false);
  });

  it('bad input and scope: 400/403/404, nothing written', async () => {
    const before = [await rows('device_check_day'), await rows('device_offline')];
    const grid = await gridOf(admin, `schoolId=${otherSchool}`);
    const foreign = grid.schools[0]?.devices[0]?.id as string;
    expectError(await police.put('/api/sanfang/device-checks', { day: today, schoolIds: [otherSchool], offline: [] }), 404, 'NOT_FOUND');
    expectError(
      await police.put('/api/sanfang/device-checks', { day: today, schoolIds: [school], offline: [{ deviceId: foreign }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await police.put('/api/sanfang/device-checks', { day: addDays(today, 1), schoolIds: [school] }), 400, 'VALIDATION_FAILED');
    expectError(await police.put('/api/sanfang/device-checks', { day: '2026-02-30', schoolIds: [school] }), 400, 'VALIDATION_FAILED');
    expectError(await police.put('/api/sanfang/device-checks', { day: today, schoolIds: [] }), 400, 'VALIDATION_FAILED');
    for (const c of [principal, officer, staff, inspector]) {
      expectError(await c.put('/api/sanfang/device-checks', { day: today, schoolIds: [school] }), 403, 'FORBIDDEN');
    }
    expect([await rows('device_check_day'), await rows('device_offline')]).toEqual(before);
  });

  it('a school reads its own devices and their history, not another school', async () => {
    const list = await officer.get(`/api/sanfang/devices?schoolId=${school}`);
    expect(list.statusCode, list.body).toBe(200);
    const alarm = list.json().items.find((d: { dailyChecked: boolean }) => d.dailyChecked);
    expect(alarm.state).toBe('online');
    const hist = await officer.get(`/api/sanfang/devices/${alarm.id}/history`);
    expect(hist.statusCode, hist.body).toBe(200);
    expect(hist.json().calendar.at(-1)).toEqual({ day: today, state: 'online' });
    expectError(await officer.get(`/api/sanfang/devices?schoolId=${otherSchool}`), 404, 'NOT_FOUND');
    const foreign = (await admin.get(`/api/sanfang/devices?schoolId=${otherSchool}`)).json().items[0].id;
    expectError(await officer.get(`/api/sanfang/devices/${foreign}/history`), 404, 'NOT_FOUND');
    expectError(await officer.get(`/api/sanfang/devices?online=maybe`), 400, 'VALIDATION_FAILED');
  });
});

describe('outages become hazards', () => {
  it('offline on the pack’s N checked days in a row proposes a 技防 hazard once', async () => {
    const grid = await gridOf(police, `schoolId=${school}`);
    const dev = grid.schools[0]?.devices[1] as GridSchool['devices'][number];
    for (const d of [addDays(today, -2), addDays(today, -1), today]) {
      const r = await police.put('/api/sanfang/device-checks', { day: d, schoolIds: [school], offline: [{ deviceId: dev.id }] });
      expect(r.statusCode, r.body).toBe(200);
    }
    const rates = (await police.get(`/api/sanfang/device-checks/rates?schoolId=${school}`)).json();
    expect(rates.offlineLimitDays).toBe(2); // yunjiang's sanfang.yaml
    const outage = rates.outages.find((o: { deviceId: string }) => o.deviceId === dev.id);
    expect(outage).toMatchObject({ days: 3, start: addDays(today, -2), reachesLimit: true, hazard: null });
    expect((await police.get(`/api/sanfang/devices?schoolId=${school}&online=offline`)).json().items.map((d: { id: string }) => d.id)).toEqual([dev.id]);
    const made = await police.post('/api/sanfang/device-outages/hazards', { deviceIds: [dev.id] });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().created).toHaveLength(1);
    const hazard = (await police.get(`/api/hazards/${made.json().created[0].hazardId}`)).json();
    expect(hazard.hazard).toMatchObject({ category: 'technical', schoolId: school });
    const twice = await police.post('/api/sanfang/device-outages/hazards', { deviceIds: [dev.id] });
    expect(twice.json().created).toHaveLength(0);
    expect(await rows('device_outage_hazard')).toBe(1);
    expectError(await officer.post('/api/sanfang/device-outages/hazards', { deviceIds: [dev.id] }), 403, 'FORBIDDEN');
  });
});

describe('the video platform’s CSV', () => {
  it('every bad row is reported and nothing is saved; a good file is merged into the day', async () => {
    const grid = await gridOf(police, `schoolId=${school}`);
    const [a, b] = (grid.schools[0] as GridSchool).devices;
    const foreign = (await gridOf(admin, `schoolId=${otherSchool}`)).schools[0]?.devices[0]?.id;
    const before = await rows('device_offline');
    const day = addDays(today, -5);
    const bad = expectError(
      await csv(
        police,
        day,
        `设备编号,在线状态,日期\n${a?.id},离线,${day}\nnot-an-id,在线,${day}\n${b?.id},也许,${day}\n${foreign},在线,${day}\n${a?.id},在线,${day}\n${b?.id},在线,2020-01-01\n`,
      ),
      422,
      'IMPORT_REJECTED',
    );
    expect(bad.details?.map((d) => d.row)).toEqual([3, 4, 5, 6, 7]);
    expect(await rows('device_offline')).toBe(before);
    expectError(await csv(police, day, '名称,状态\nx,在线\n'), 422, 'IMPORT_REJECTED');
    expectError(await csv(officer, day, `设备编号,在线状态\n${a?.id},离线\n`), 403, 'FORBIDDEN');
    const ok = await csv(police, day, `\uFEFF设备编号,在线状态,备注\r\n${a?.id},离线,"掉线, 已报修"\r\n${b?.id},在线,\r\n`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rows: 2, offline: 1 });
    const hist = (await police.get(`/api/sanfang/devices/${a?.id}/history?from=${day}&to=${day}`)).json();
    expect(hist.calendar).toEqual([{ day, state: 'offline' }]);
    expect(hist.notes).toEqual([{ day, note: '掉线, 已报修' }]);
  });
});

describe('the platform push', () => {
  it('the district admin rotates the token (stored hashed, audited); the push needs the current token', async () => {
    expectError(await police.post('/api/sanfang/device-push-token'), 403, 'FORBIDDEN');
    const first = await admin.post('/api/sanfang/device-push-token');
    expect(first.statusCode, first.body).toBe(201);
    const second = (await admin.post('/api/sanfang/device-push-token')).json().token as string;
    const stored = await t.db.selectFrom('device_push_token').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(second);
    expect(
      Number(
        (
          await t.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'sanfang.device_token')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(2);
    const grid = await gridOf(admin, `schoolId=${school}`);
    const dev = grid.schools[0]?.devices[0]?.id as string;
    const foreign = (await gridOf(admin, `schoolId=${otherSchool}`)).schools[0]?.devices[0]?.id as string;
    const day = addDays(today, -6);
    const push = (token: string, body: unknown) =>
      t.server.inject({ method: 'POST', url: '/api/sanfang/device-status-push', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const body = { day, statuses: [{ deviceId: dev, online: false }] };
    expectError(await push(first.json().token, body), 401, 'UNAUTHENTICATED');
    expectError(await push('hxd_not_a_real_token_at_all', body), 401, 'UNAUTHENTICATED');
    expectError(await t.server.inject({ method: 'POST', url: '/api/sanfang/device-status-push', payload: body }), 401, 'UNAUTHENTICATED');
    expectError(await push(second, { day, statuses: [{ deviceId: dev, online: 'no' }] }), 400, 'VALIDATION_FAILED');
    const unknown = expectError(
      await push(second, {
        day,
        statuses: [
          { deviceId: dev, online: false },
          { deviceId: '00000000-0000-4000-8000-000000000000', online: true },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.details?.[0]?.path).toBe('statuses.1.deviceId');
    const ok = await push(second, {
      day,
      statuses: [
        { deviceId: dev, online: false },
        { deviceId: foreign, online: true },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: 2, offline: 1, schools: 2 });
    expect((await admin.get('/api/sanfang/device-push-token')).json().lastUsedAt).not.toBeNull();
  });
});

describe('alarm drills', () => {
  it('recorded per alarm by the school or the police; counted by the duty engine', async () => {
    const list = (await officer.get(`/api/sanfang/devices?schoolId=${school}&kind=alarm`)).json().items;
    const alarm = list[0].id as string;
    const pressedAt = new Date(Date.now() - 3600_000).toISOString();
    const body = {
      deviceId: alarm,
      pressedAt,
      answeredAt: new Date(Date.now() - 3590_000).toISOString(),
      arrivedAt: new Date(Date.now() - 3000_000).toISOString(),
      result: 'ok',
      note: '',
    };
    const ok = await officer.post('/api/sanfang/alarm-drills', body);
    expect(ok.statusCode, ok.body).toBe(201);
    expectError(
      await officer.post('/api/sanfang/alarm-drills', { ...body, answeredAt: new Date(Date.now() - 7200_000).toISOString() }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await officer.post('/api/sanfang/alarm-drills', { ...body, result: 'great' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post('/api/sanfang/alarm-drills', body), 403, 'FORBIDDEN');
    const camera = (await officer.get(`/api/sanfang/devices?schoolId=${school}&kind=camera`)).json().items[0].id;
    expectError(await officer.post('/api/sanfang/alarm-drills', { ...body, deviceId: camera }), 400, 'VALIDATION_FAILED');
    const foreign = (await admin.get(`/api/sanfang/devices?schoolId=${otherSchool}&kind=alarm`)).json().items[0].id;
    expectError(await police.post('/api/sanfang/alarm-drills', { ...body, deviceId: foreign }), 404, 'NOT_FOUND');
    const drills = (await police.get(`/api/sanfang/alarm-drills?schoolId=${school}`)).json();
    expect(drills.items[0]).toMatchObject({ deviceId: alarm, answerSeconds: 10, arriveMinutes: 10, result: 'ok' });
    expect((await centre.get(`/api/sanfang/alarm-drills?schoolId=${otherSchool}`)).statusCode).toBe(404);
    const obligations = await principal.get('/api/obligations');
    expect(obligations.statusCode, obligations.body).toBe(200);
    expect(JSON.stringify(obligations.json())).toContain('alarm_drill_quarterly');
  });
});
