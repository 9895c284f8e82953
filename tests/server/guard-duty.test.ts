import type { LightMyRequestResponse } from 'fastify';
import geodesic from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { guardDutyOf } from '../../src/domain/guard-duty.js';
import type { Role } from '../../src/domain/roles.js';
import { dutyDaysBetween, schoolCalendarOf } from '../../src/domain/school-days.js';
import { getGuardPostSetupRate } from '../../src/server/guard-duty/guard-stats.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, police: Client, officer: Client, staff: Client, centre: Client, principal: Client, inspector: Client;
let school = ''; // YJT0101: the school users' own, in 龙洲湾派出所's precinct
let otherSchool = ''; // YJC0501: another centre, another precinct
let point = { lat: 0, lng: 0 };
let southGate = ''; // the school's main gate, recorded at its point (护学岗设置率 is per gate)

/** A point `metres` away from the school's point (GeographicLib Direct). */
const away = (metres: number, azimuth = 45) => {
  const p = geodesic.Geodesic.WGS84.Direct(point.lat, point.lng, azimuth, metres);
  return { latitude: p.lat2 as number, longitude: p.lon2 as number };
};
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}
const all7 = [1, 2, 3, 4, 5, 6, 7];

beforeAll(async () => {
  t = await createTestApp();
  // A test period open all day, so the sign-in does not depend on the hour the suite runs at.
  for (const pack of t.ctx.policies.packs.values()) {
    const g = guardDutyOf(pack);
    pack.surroundings.guardDuty = { ...g, periods: [...g.periods, { code: 'allday', label: '全天（测试）', start: '00:00', end: '23:59', required: false }] };
  }
  [admin, police, officer, staff, centre, principal, inspector] = (await Promise.all(
    ['admin', 'police', 'school_officer', 'staff', 'centre_officer', 'principal', 'inspector'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  const s = await t.db.selectFrom('school').select(['latitude', 'longitude']).where('id', '=', school).executeTakeFirstOrThrow();
  point = { lat: Number(s.latitude), lng: Number(s.longitude) };
  const gates = await admin.put(`/api/schools/${school}/gates`, { gates: [{ name: '南门', isMain: true, latitude: point.lat, longitude: point.lng }] });
  expect(gates.statusCode, gates.body).toBe(200);
  southGate = (await t.db.selectFrom('school_gate').select('id').where('school_id', '=', school).executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

let postId = '';
let staffLine = '';
let parentLine = '';

describe('护学岗 posts and rota', () => {
  it('the school officer sets a post at the south gate with its rota; the audit trail records it', async () => {
    const staffId = await idOfUser(t.db, 'staff');
    const res = await officer.post('/api/guard-posts', {
      schoolId: school,
      gateId: southGate,
      gateLabel: '南门（正门）',
      periods: ['morning', 'afternoon', 'allday'],
      rota: [
        { periodCode: 'allday', weekdays: all7, role: 'guard', personName: '保安老周', userId: staffId },
        { periodCode: 'allday', weekdays: all7, role: 'parent', personName: '家长志愿者王芳', phone: '13900001111' },
        { periodCode: 'morning', weekdays: [1, 2, 3, 4, 5], role: 'teacher', personName: '值周教师李明' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      kind: 'school',
      gateLabel: '南门（正门）',
      gateId: southGate,
      gateName: '南门',
      latitude: point.lat,
      longitude: point.lng,
      canManage: true,
      version: 1,
    });
    expect(p.rota).toHaveLength(3);
    postId = p.id;
    staffLine = p.rota.find((r: { personName: string }) => r.personName === '保安老周').id;
    parentLine = p.rota.find((r: { personName: string }) => r.personName === '家长志愿者王芳').id;
    const audit = await auditEventsFor(t.db, postId);
    expect(audit.map((a) => a.action)).toEqual(['guard_post.create']);
  });

  it('refuses bad input with a Chinese message (400)', async () => {
    const base = { schoolId: school, gateLabel: '北门', periods: ['morning'] };
    expectError(await officer.post('/api/guard-posts', { ...base, gateLabel: '' }), 400, 'VALIDATION_FAILED'); // neither gate nor label
    expectError(await officer.post('/api/guard-posts', { ...base, gateId: 'south' }), 400, 'VALIDATION_FAILED');
    // A gate of another school (or none at all) is not this school's gate.
    expectError(await officer.post('/api/guard-posts', { ...base, gateId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, periods: ['midnight'] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, periods: [] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, latitude: 29.5 }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, latitude: 91, longitude: 106 }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, id: postId }), 400, 'VALIDATION_FAILED'); // id without version
    const line = { periodCode: 'morning', weekdays: [1], role: 'guard', personName: '甲' };
    expectError(await officer.post('/api/guard-posts', { ...base, rota: [{ ...line, weekdays: [8] }] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, rota: [{ ...line, periodCode: 'afternoon' }] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/guard-posts', { ...base, rota: [{ ...line, role: 'boss' }] }), 400, 'VALIDATION_FAILED');
    // An account of another unit cannot stand on this school's rota.
    const other = await idOfUser(t.db, 'centre_officer');
    expectError(await officer.post('/api/guard-posts', { ...base, rota: [{ ...line, userId: other }] }), 400, 'VALIDATION_FAILED');
    expect((await officer.get(`/api/guard-posts?schoolId=${school}`)).json().total).toBe(1);
  });

  it('scope: staff and inspectors do not write; police set police posts in their precinct only; other schools are not found', async () => {
    const body = { schoolId: school, gateLabel: '北门', periods: ['morning'] };
    expectError(await staff.post('/api/guard-posts', body), 403, 'FORBIDDEN');
    expectError(await inspector.post('/api/guard-posts', body), 403, 'FORBIDDEN');
    expectError(await police.post('/api/guard-posts', body), 403, 'FORBIDDEN'); // a school post is the school's
    expectError(await officer.post('/api/guard-posts', { ...body, kind: 'police' }), 403, 'FORBIDDEN');
    expectError(await officer.post('/api/guard-posts', { ...body, schoolId: otherSchool }), 404, 'NOT_FOUND');
    expectError(await police.post('/api/guard-posts', { ...body, kind: 'police', schoolId: otherSchool }), 404, 'NOT_FOUND');
    expectError(await staff.get(`/api/guard-posts?schoolId=${otherSchool}`), 404, 'NOT_FOUND');
    const res = await police.post('/api/guard-posts', {
      ...body,
      kind: 'police',
      rota: [{ periodCode: 'morning', weekdays: [1, 2, 3, 4, 5], role: 'police', personName: '民警张强' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'police', policeName: expect.stringContaining('派出所') });
    // The school reads the police post but does not change it.
    const list = (await officer.get(`/api/guard-posts?schoolId=${school}`)).json();
    expect(list.total).toBe(2);
    const pp = list.items.find((i: { kind: string }) => i.kind === 'police');
    expect(pp.canManage).toBe(false);
    expectError(await officer.post('/api/guard-posts', { ...body, kind: 'police', id: pp.id, version: pp.version }), 403, 'FORBIDDEN');
    // A stale version is a conflict.
    const mine = list.items.find((i: { kind: string }) => i.kind === 'school');
    expectError(
      await officer.post('/api/guard-posts', {
        schoolId: school,
        gateLabel: '南门',
        periods: mine.periods,
        id: mine.id,
        version: 99,
        rota: mine.rota.map(({ roleLabel, validFrom, validTo, lineId, ...r }: Record<string, unknown>) => r),
      }),
      409,
      'CONFLICT',
    );
    // The other centre's officer does not see this school's posts at all.
    const all = (await centre.get('/api/guard-posts')).json();
    expect(all.items.every((i: { schoolId: string }) => i.schoolId !== otherSchool)).toBe(true);
  });
});

describe('sign-in at the post', () => {
  it('the guard signs in on the phone near the gate; a second sign-in is a conflict', async () => {
    const res = await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', ...away(40), accuracyM: 12 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rotaId: staffLine, personName: '保安老周', onBehalf: false, outside: false, noLocation: false, distanceM: 40 });
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', ...away(40) }), 409, 'CONFLICT');
    expect((await auditEventsFor(t.db, res.json().id)).map((a) => a.action)).toEqual(['guard_post.sign_in']);
  });

  it('staff cannot sign for the parent; the safety officer signs on her behalf, far from the gate: flagged outside', async () => {
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', rotaId: parentLine }), 403, 'FORBIDDEN');
    const res = await officer.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', rotaId: parentLine, ...away(900), note: '在路口疏导交通' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ personName: '家长志愿者王芳', onBehalf: true, outside: true, distanceM: 900, note: '在路口疏导交通' });
  });

  it('refuses bad sign-ins: unknown period, a line not on the rota, half a position, another school', async () => {
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'noon' }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', latitude: 29 }), 400, 'VALIDATION_FAILED');
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', photoIds: ['x'] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday' }), 403, 'FORBIDDEN'); // not on the rota
    expectError(await inspector.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', rotaId: parentLine }), 403, 'FORBIDDEN');
    expectError(await (await t.login('inspector02')).post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday' }), 404, 'NOT_FOUND');
    expectError(await staff.post('/api/guard-posts/00000000-0000-4000-8000-000000000000/sign-ins', { periodCode: 'allday' }), 404, 'NOT_FOUND');
  });

  it("the guard's today screen and the attendance show the sign-ins", async () => {
    const today = (await staff.get('/api/guard-duty/today')).json();
    const mine = today.slots.filter((s: { mine: boolean }) => s.mine);
    expect(mine.map((s: { periodCode: string }) => s.periodCode)).toContain('allday');
    expect(mine.find((s: { periodCode: string }) => s.periodCode === 'allday').signIn).toMatchObject({ personName: '保安老周' });
    expect(today.unsigned).toBe(0);
    // The officer sees everyone on the school's posts today, to sign in on their behalf.
    const desk = (await officer.get('/api/guard-duty/today')).json();
    expect(desk.slots.some((s: { personName: string; mine: boolean }) => s.personName === '家长志愿者王芳' && !s.mine)).toBe(true);
    const stats = (await centre.get(`/api/guard-duty/stats?schoolId=${school}`)).json();
    if (today.schoolDay) {
      expect(stats.counts.signed).toBe(2);
      expect(stats.counts.outside).toBe(1);
    }
    expect(stats.total).toBe(1);
    expect(stats.schools[0]).toMatchObject({ schoolId: school, set: true });
    expect(stats.counts.expected).toBe(stats.counts.signed + stats.counts.absent);
  });
});

describe('护学岗设置率 and stats scope', () => {
  it('a school counts as set when its active posts cover every required period (one service function)', async () => {
    const stats = (await admin.get('/api/guard-duty/stats')).json();
    expect(stats.setup.set).toBe(1);
    expect(stats.setup.requiredPeriods.map((p: { code: string }) => p.code)).toEqual(['morning', 'afternoon']);
    expect(stats.counts.unset).toBe(stats.setup.schools - 1);
    // Police see their precinct only; the district sees all schools.
    const p = (await police.get('/api/guard-duty/stats')).json();
    expect(p.setup.schools).toBeLessThan(stats.setup.schools);
    expect(p.schools.some((s: { schoolId: string }) => s.schoolId === otherSchool)).toBe(false);
    expect(p.precincts).toHaveLength(1);
    expectError(await staff.get(`/api/guard-duty/stats?schoolId=${otherSchool}`), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/guard-duty/stats?from=2026-12-01&to=2026-01-01'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/guard-duty/stats?from=2020-01-01'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/guard-duty/stats?from=0000-01-01'), 400, 'VALIDATION_FAILED');
  });

  it('getGuardPostSetupRate answers the same figure the stats carry', async () => {
    const { resolveScope } = await import('../../src/server/auth/scope.resolver.js');
    const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    const scope = await resolveScope(t.db, { userId: u.id, districtId: u.district_id, role: u.role as Role, orgUnitId: u.org_unit_id });
    const actor = {
      userId: u.id,
      districtId: u.district_id,
      username: 'admin',
      displayName: u.display_name,
      role: u.role as Role,
      orgUnitId: u.org_unit_id,
      sessionId: '',
      csrfToken: '',
      mustChangePassword: false,
      scope,
      ip: '',
    };
    const r = await getGuardPostSetupRate(t.ctx, actor);
    const stats = (await admin.get('/api/guard-duty/stats')).json();
    expect(r.set).toBe(stats.setup.set);
    expect(r.schools).toBe(stats.setup.schools);
  });
});

describe('包片: patrol zones and police teams', () => {
  let zone: { id: string; version: number } | undefined;
  it('the police station defines a zone with a 4-person team for the school', async () => {
    const res = await police.post('/api/patrol-zones', {
      name: '龙洲湾第一片区',
      schools: [{ schoolId: school, teamName: '一组', members: ['民警张强', '辅警刘洋', '保安陈刚', '辅警赵磊'] }],
    });
    expect(res.statusCode, res.body).toBe(200);
    zone = res.json();
    expect(res.json()).toMatchObject({ name: '龙洲湾第一片区', teams: 1, canEdit: true });
  });
  it('refuses teams of the wrong size, a team on two schools, a school outside the precinct', async () => {
    const one = (members: string[]) => ({ name: '二片区', schools: [{ schoolId: school, teamName: '二组', members }] });
    expectError(await police.post('/api/patrol-zones', one(['甲', '乙'])), 400, 'VALIDATION_FAILED');
    expectError(await police.post('/api/patrol-zones', one(['甲', '乙', '丙', '丁', '戊', '己'])), 400, 'VALIDATION_FAILED');
    expectError(
      await police.post('/api/patrol-zones', { name: '三片区', schools: [{ schoolId: otherSchool, teamName: '三组', members: ['甲', '乙', '丙'] }] }),
      400,
      'VALIDATION_FAILED',
    );
    // The school is already in 第一片区: one school, one zone.
    expectError(await police.post('/api/patrol-zones', one(['甲', '乙', '丙'])), 400, 'VALIDATION_FAILED');
    expectError(await police.post('/api/patrol-zones', { name: '', schools: [] }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/patrol-zones', { name: '学校片区', schools: [] }), 403, 'FORBIDDEN');
    expectError(await admin.post('/api/patrol-zones', { name: '无所属', schools: [] }), 400, 'VALIDATION_FAILED'); // admin names the station
  });
  it('a police station sees only its own zones; the district sees all', async () => {
    // The district admin sets a zone for another station, at a school of that station's precinct.
    const other = await t.db
      .selectFrom('assignment')
      .select(['subject_id', 'target_id'])
      .where('kind', '=', 'precinct_school')
      .where('target_id', '=', otherSchool)
      .executeTakeFirstOrThrow();
    const res = await admin.post('/api/patrol-zones', {
      policeUnitId: other.subject_id,
      name: '他所片区',
      schools: [{ schoolId: otherSchool, teamName: '甲组', members: ['民警甲', '辅警乙', '保安丙'] }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const mine = (await police.get('/api/patrol-zones')).json();
    expect(mine.items.map((z: { name: string }) => z.name)).toEqual(['龙洲湾第一片区']);
    expectError(await police.get(`/api/patrol-zones?policeUnitId=${other.subject_id}`), 404, 'NOT_FOUND');
    expectError(await police.post('/api/patrol-zones', { id: res.json().id, version: 1, name: '改名', schools: [] }), 404, 'NOT_FOUND');
    const all = (await admin.get('/api/patrol-zones')).json();
    expect(all.items.map((z: { name: string }) => z.name).sort()).toEqual(['他所片区', '龙洲湾第一片区'].sort());
    // The school reads its own zone (its team), not the other.
    const s = (await officer.get('/api/patrol-zones')).json();
    expect(s.items.map((z: { name: string }) => z.name)).toEqual(['龙洲湾第一片区']);
    // Edit with the version; a stale version conflicts.
    const ok = await police.post('/api/patrol-zones', { id: zone?.id, version: 1, name: '龙洲湾一片', schools: [] });
    expect(ok.statusCode, ok.body).toBe(200);
    expectError(await police.post('/api/patrol-zones', { id: zone?.id, version: 1, name: '再改', schools: [] }), 409, 'CONFLICT');
  });
});

describe('rota versions: a change takes effect from a day, the past keeps the rota then in force', () => {
  let post: { id: string; version: number; rota: { id: string; lineId: string; validFrom: string; validTo: string | null; weekdays: number[] }[] };
  const today = shanghaiDay(new Date());
  const line = { periodCode: 'morning', weekdays: [1, 2, 3, 4, 5], role: 'teacher', personName: '值周教师陈静' };
  const body = (extra: Record<string, unknown>) => ({ schoolId: school, gateLabel: '东门', periods: ['morning', 'afternoon'], ...extra });
  const strip = ({ roleLabel, validFrom, validTo, lineId, ...r }: Record<string, unknown>) => r;

  it('a line four weeks old, changed from today: the past weeks are judged by the old weekdays, and the history shows both', async () => {
    const created = await officer.post('/api/guard-posts', body({ rota: [line] }));
    expect(created.statusCode, created.body).toBe(200);
    post = created.json();
    // The line has stood since four weeks ago (as if saved then).
    const from = addDays(today, -28);
    await t.db.updateTable('guard_rota').set({ valid_from: from }).where('post_id', '=', post.id).execute();
    const res = await officer.post(
      '/api/guard-posts',
      body({ id: post.id, version: post.version, rota: [{ ...strip(post.rota[0] as never), weekdays: [6] }] }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.rota).toEqual([expect.objectContaining({ weekdays: [6], validFrom: today, validTo: null, lineId: post.rota[0]?.lineId })]);
    // Stats over the past three weeks count the old Monday–Friday line on each duty day of the pack's calendar.
    const pack = t.ctx.policies.packs.get('yunjiang') ?? [...t.ctx.policies.packs.values()][0];
    const span = { from: addDays(today, -21), to: addDays(today, -1) };
    const expected = dutyDaysBetween(span.from, span.to, schoolCalendarOf(pack as never)).filter((d) => d.rotaWeekday <= 5).length;
    expect(expected).toBeGreaterThan(0);
    const stats = (await centre.get(`/api/guard-duty/stats?schoolId=${school}&from=${span.from}&to=${span.to}`)).json();
    expect(stats.counts.expected).toBe(expected);
    expect(stats.counts.absent).toBe(expected);
    // The history: one line, two versions (the old one ended yesterday), and who changed it.
    const h = await staff.get(`/api/guard-posts/${post.id}/rota-history`);
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().lines).toHaveLength(1);
    expect(h.json().lines[0].versions).toEqual([
      expect.objectContaining({ weekdays: [1, 2, 3, 4, 5], validFrom: from, validTo: addDays(today, -1), status: 'ended' }),
      expect.objectContaining({ weekdays: [6], validFrom: today, validTo: null, status: 'current', createdByName: expect.any(String) }),
    ]);
    const audit = await auditEventsFor(t.db, post.id);
    expect(audit[0]).toMatchObject({ action: 'guard_post.update', summary: expect.stringContaining(`${today} 起生效`) });
    post = after;
  });

  it('a change scheduled for a later day leaves today alone; the history shows it as 待生效', async () => {
    const later = addDays(today, 7);
    const res = await officer.post(
      '/api/guard-posts',
      body({ id: post.id, version: post.version, effectiveFrom: later, rota: [{ ...strip(post.rota[0] as never), weekdays: [6, 7] }] }),
    );
    expect(res.statusCode, res.body).toBe(200);
    post = res.json();
    expect(post.rota.map((r) => [r.weekdays, r.validFrom, r.validTo])).toEqual([
      [[6], today, addDays(later, -1)],
      [[6, 7], later, null],
    ]);
    const h = (await officer.get(`/api/guard-posts/${post.id}/rota-history`)).json();
    expect(h.lines[0].versions.map((v: { status: string }) => v.status)).toEqual(['ended', 'current', 'scheduled']);
  });

  it('refuses a day in the past, a bad date, a day too far ahead and a line of another post (400); nothing is written', async () => {
    const n = (await auditEventsFor(t.db, post.id)).length;
    const rota = post.rota.map((r) => strip(r as never));
    const save = (extra: Record<string, unknown>) => officer.post('/api/guard-posts', body({ id: post.id, version: post.version, rota, ...extra }));
    const past = await save({ effectiveFrom: addDays(today, -1) });
    expectError(past, 400, 'VALIDATION_FAILED');
    expect(past.json().error.details[0]).toMatchObject({ path: 'effectiveFrom', message: expect.stringMatching(/不能早于今天/) });
    expectError(await save({ effectiveFrom: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    expectError(await save({ effectiveFrom: 'tomorrow' }), 400, 'VALIDATION_FAILED');
    expectError(await save({ effectiveFrom: addDays(today, 61) }), 400, 'VALIDATION_FAILED');
    expectError(await save({ rota: [{ ...line, id: staffLine }] }), 400, 'VALIDATION_FAILED');
    expect((await auditEventsFor(t.db, post.id)).length).toBe(n);
  });

  it('scope: the history is read by who reads the school; others get 404; staff cannot change the rota', async () => {
    expectError(await (await t.login('inspector02')).get(`/api/guard-posts/${post.id}/rota-history`), 404, 'NOT_FOUND');
    expectError(await staff.get('/api/guard-posts/00000000-0000-4000-8000-000000000000/rota-history'), 404, 'NOT_FOUND');
    expect((await police.get(`/api/guard-posts/${post.id}/rota-history`)).statusCode).toBe(200);
    expectError(await staff.post('/api/guard-posts', body({ id: post.id, version: post.version, rota: [] })), 403, 'FORBIDDEN');
    expectError(await staff.get('/api/guard-posts/not-a-uuid/rota-history'), 400, 'VALIDATION_FAILED');
  });

  it("a line changed during the day keeps the morning's sign-in: it counts for the line, once", async () => {
    const posts = (await officer.get(`/api/guard-posts?schoolId=${school}`)).json().items;
    const south = posts.find((p: { id: string }) => p.id === postId);
    const guardLine = south.rota.find((r: { id: string }) => r.id === staffLine);
    const res = await officer.post('/api/guard-posts', {
      schoolId: school,
      gateLabel: south.gateLabel,
      periods: south.periods,
      id: south.id,
      version: south.version,
      rota: south.rota.map((r: Record<string, unknown>) => (r.id === staffLine ? { ...strip(r), phone: '13800002222' } : strip(r))),
    });
    expect(res.statusCode, res.body).toBe(200);
    const changed = res.json().rota.find((r: { lineId: string }) => r.lineId === guardLine.lineId);
    expect(changed.id).not.toBe(staffLine);
    const mine = (await staff.get('/api/guard-duty/today'))
      .json()
      .slots.find((s: { periodCode: string; mine: boolean }) => s.mine && s.periodCode === 'allday');
    expect(mine.rotaId).toBe(changed.id);
    expect(mine.signIn).toMatchObject({ personName: '保安老周', lineId: guardLine.lineId });
    expectError(await staff.post(`/api/guard-posts/${postId}/sign-ins`, { periodCode: 'allday', ...away(40) }), 409, 'CONFLICT');
  });
});

describe('护学岗 per gate: every recorded gate needs its post', () => {
  const required = ['morning', 'afternoon'];
  const gateOf = async (name: string) =>
    (await t.db.selectFrom('school_gate').select('id').where('school_id', '=', school).where('name', '=', name).executeTakeFirstOrThrow()).id;
  const schoolRow = async () => (await admin.get(`/api/guard-duty/stats?schoolId=${school}`)).json().schools[0];
  const sanfangGuardRate = async () =>
    ((await officer.get('/api/sanfang/summary')).json().rates as { code: string; met: number; applicable: number }[]).find((r) => r.code === 'guard_post');
  let northPost = { id: '', version: 0 };

  it('a second gate without a post makes the school not set, naming the gate; the 三防 rate says the same', async () => {
    expect(await schoolRow()).toMatchObject({ status: 'set', set: true });
    const res = await admin.put(`/api/schools/${school}/gates`, {
      gates: [
        { name: '南门', isMain: true, latitude: point.lat, longitude: point.lng },
        { name: '北门', isMain: false, ...away(80, 0) },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    // The south gate kept its id: its posts stay linked.
    expect(await gateOf('南门')).toBe(southGate);
    const row = await schoolRow();
    expect(row).toMatchObject({ status: 'unset', set: false, gates: 2, statusLabel: '未全覆盖' });
    expect(row.uncoveredGates).toEqual([expect.objectContaining({ name: '北门', posts: 0 })]);
    expect(await sanfangGuardRate()).toMatchObject({ applicable: 1, met: 0 });
    // The post list of the school carries its gates for the form.
    const list = (await officer.get(`/api/guard-posts?schoolId=${school}`)).json();
    expect(list.gates.map((g: { name: string }) => g.name)).toEqual(['南门', '北门']);
  });

  it('a post at the north gate covering only the morning leaves the afternoon missing; covering both sets the school', async () => {
    const north = await gateOf('北门');
    const res = await officer.post('/api/guard-posts', { schoolId: school, gateId: north, periods: ['morning'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ gateId: north, gateName: '北门', gateLabel: '北门' });
    northPost = res.json();
    expect((await schoolRow()).uncoveredGates).toEqual([expect.objectContaining({ name: '北门', posts: 1, missingPeriods: ['下午放学'] })]);
    const full = await officer.post('/api/guard-posts', { schoolId: school, id: northPost.id, version: northPost.version, periods: required });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().gateId).toBe(north); // no gateId given: the post keeps its gate
    northPost = full.json();
    expect(await schoolRow()).toMatchObject({ status: 'set', uncoveredGates: [] });
    expect(await sanfangGuardRate()).toMatchObject({ applicable: 1, met: 1 });
  });

  it('a gate of another school is refused (400); a school without gates counts as not set, apart; page, 三防 and assessment agree', async () => {
    const far = await t.db.selectFrom('school').select(['latitude', 'longitude']).where('id', '=', otherSchool).executeTakeFirstOrThrow();
    const put = await admin.put(`/api/schools/${otherSchool}/gates`, {
      gates: [{ name: '正门', isMain: true, latitude: Number(far.latitude), longitude: Number(far.longitude) }],
    });
    expect(put.statusCode, put.body).toBe(200);
    const otherGate = (await t.db.selectFrom('school_gate').select('id').where('school_id', '=', otherSchool).executeTakeFirstOrThrow()).id;
    const bad = await officer.post('/api/guard-posts', { schoolId: school, gateId: otherGate, periods: ['morning'] });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.json().error.details[0]).toMatchObject({ path: 'gateId' });
    const stats = (await admin.get('/api/guard-duty/stats')).json();
    const byId = new Map(stats.schools.map((r: { schoolId: string }) => [r.schoolId, r]));
    expect(byId.get(otherSchool)).toMatchObject({ status: 'unset', uncoveredGates: [expect.objectContaining({ name: '正门', posts: 0 })] });
    const noGates = stats.schools.filter((r: { status: string }) => r.status === 'no_gates');
    expect(stats.setup.noGates).toBe(noGates.length);
    expect(noGates.length).toBeGreaterThan(0);
    expect(noGates.every((r: { set: boolean; statusLabel: string }) => !r.set && r.statusLabel === '未登记校门')).toBe(true);
    expect(stats.setup.set).toBe(stats.schools.filter((r: { status: string }) => r.status === 'set').length);
    // One figure: the 三防 summary's 护学岗设置率 over the district is the page's.
    const rate = ((await admin.get('/api/sanfang/summary')).json().rates as { code: string; met: number; applicable: number }[]).find(
      (r) => r.code === 'guard_post',
    );
    expect(rate).toMatchObject({ applicable: stats.setup.schools, met: stats.setup.set });
  });

  it('removing a gate unlinks its posts (未关联校门): they no longer count, and the school is set by its remaining gate', async () => {
    const res = await admin.put(`/api/schools/${school}/gates`, { gates: [{ name: '南门', isMain: true, latitude: point.lat, longitude: point.lng }] });
    expect(res.statusCode, res.body).toBe(200);
    const list = (await officer.get(`/api/guard-posts?schoolId=${school}`)).json();
    expect(list.items.find((p: { id: string }) => p.id === northPost.id)).toMatchObject({ gateId: null, gateName: null, gateLabel: '北门' });
    expect(await schoolRow()).toMatchObject({ status: 'set', gates: 1 });
    expect((await schoolRow()).unlinkedPosts).toBeGreaterThan(0);
  });
});

describe('ending a post from a chosen day', () => {
  const today = shanghaiDay(new Date());
  let post: { id: string; version: number; rota: Record<string, unknown>[] } = { id: '', version: 0, rota: [] };
  const save = (extra: Record<string, unknown>) =>
    officer.post('/api/guard-posts', { schoolId: school, gateLabel: '西侧门', periods: ['allday'], id: post.id, version: post.version, ...extra });

  it('ended from a later day: in force and signing in until then; the history and the audit trail say so', async () => {
    const staffId = await idOfUser(t.db, 'staff');
    const created = await officer.post('/api/guard-posts', {
      schoolId: school,
      gateLabel: '西侧门',
      periods: ['allday'],
      rota: [{ periodCode: 'allday', weekdays: all7, role: 'guard', personName: '保安老周', userId: staffId }],
    });
    expect(created.statusCode, created.body).toBe(200);
    post = created.json();
    const tomorrow = addDays(today, 1);
    const res = await save({ active: false, effectiveFrom: tomorrow, rota: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: true, inactiveFrom: tomorrow });
    expect(res.json().rota.map((r: { validTo: string }) => r.validTo)).toEqual([today]);
    post = res.json();
    const listed = (await officer.get(`/api/guard-posts?schoolId=${school}&active=true`)).json();
    expect(listed.items.some((p: { id: string }) => p.id === post.id)).toBe(true);
    const signed = await staff.post(`/api/guard-posts/${post.id}/sign-ins`, { periodCode: 'allday', ...away(20) });
    expect(signed.statusCode, signed.body).toBe(201);
    const h = (await officer.get(`/api/guard-posts/${post.id}/rota-history`)).json();
    expect(h.post).toEqual({ active: true, inactiveFrom: tomorrow, status: 'ending' });
    const audit = await auditEventsFor(t.db, post.id);
    expect(audit.find((a) => a.action === 'guard_post.update')).toMatchObject({ summary: expect.stringContaining(`${tomorrow} 起停用`) });
  });

  it('cancelling the end reopens the rota; ending from today refuses sign-ins with the day in the message', async () => {
    const back = await save({ active: true, rota: post.rota.map(({ roleLabel, validFrom, validTo, lineId, ...r }) => r) });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ active: true, inactiveFrom: null });
    expect(back.json().rota.map((r: { validTo: string | null }) => r.validTo)).toEqual([null]);
    post = back.json();
    const ended = await save({ active: false, rota: [] });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ active: false, inactiveFrom: today });
    post = ended.json();
    const refused = await officer.post(`/api/guard-posts/${post.id}/sign-ins`, { periodCode: 'allday', rotaId: post.rota[0]?.id ?? staffLine });
    expectError(refused, 409, 'CONFLICT');
    expect(refused.json().error.message).toContain(`自 ${today} 起停用`);
    expect((await officer.get(`/api/guard-posts/${post.id}/rota-history`)).json().post).toMatchObject({ status: 'ended', inactiveFrom: today });
    const listed = (await officer.get(`/api/guard-posts?schoolId=${school}&active=false`)).json();
    expect(listed.items.some((p: { id: string }) => p.id === post.id)).toBe(true);
  });

  it('refuses an end in the past or too far ahead (400) and an end by staff (403); nothing is written', async () => {
    const n = (await auditEventsFor(t.db, post.id)).length;
    expectError(await save({ active: false, effectiveFrom: addDays(today, -1) }), 400, 'VALIDATION_FAILED');
    expectError(await save({ active: false, effectiveFrom: addDays(today, 61) }), 400, 'VALIDATION_FAILED');
    expectError(await save({ active: 'no' }), 400, 'VALIDATION_FAILED');
    expectError(
      await staff.post('/api/guard-posts', { schoolId: school, gateLabel: '西侧门', periods: ['allday'], id: post.id, version: post.version, active: false }),
      403,
      'FORBIDDEN',
    );
    expect((await auditEventsFor(t.db, post.id)).length).toBe(n);
  });
});
