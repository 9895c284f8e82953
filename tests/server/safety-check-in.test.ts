import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { countSafetyCheckIns } from '../../src/server/safety/safety.service.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

/**
 * 报平安 (issue 13): opening a sensitive period, the school's one-a-day check-in (an exception
 * opens a case in the same transaction), the board and its scope, the one-tap chase, the counts
 * of late and missing check-ins, and the Excel export.
 */
let t: TestApp;
let admin: Client, centre: Client, principal: Client, officer: Client, staff: Client, police: Client, leader: Client, other: Client;
let school = ''; // YJT0101, the principal's, in the centre officer's township
let farSchool = ''; // YJT0201, another township
let district = '';
const today = shanghaiDay(new Date());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const period = (over: Record<string, unknown> = {}) => ({
  title: '国庆假期',
  kind: 'holiday',
  startsOn: today,
  endsOn: addDays(today, 6),
  cutoffTime: '23:59',
  ...over,
});

let activeSchools = 0;
beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal, officer, staff, police, leader, other] = await t.loginAll([
    'admin',
    'centre_officer',
    'principal',
    'school_officer',
    'staff',
    'police',
    'leader',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  farSchool = await idOfSchool(t.db, 'YJT0201');
  district = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
  const n = await t.db
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', district)
    .where('kind', '=', 'school')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  activeSchools = Number(n.n);
}, 180_000); // a loaded CI machine can take over a minute to copy the template and sign eight users in

afterAll(async () => {
  await t?.close();
});

describe('opening a period', () => {
  it('refuses bad input with a Chinese message and writes nothing', async () => {
    const before = Number(
      (
        await t.db
          .selectFrom('safety_period')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expectError(await admin.post('/api/safety-periods', period({ endsOn: addDays(today, -1) })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/safety-periods', period({ cutoffTime: '25:00' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/safety-periods', period({ kind: 'party' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/safety-periods', period({ startsOn: addDays(today, -10), endsOn: addDays(today, -3) })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/safety-periods', period({ schoolTypes: ['不存在的类型'] })), 400, 'VALIDATION_FAILED');
    const otherUnit = (
      await t.db.selectFrom('org_unit').select('id').where('district_id', '<>', district).where('kind', '=', 'township').executeTakeFirstOrThrow()
    ).id;
    expectError(await admin.post('/api/safety-periods', period({ unitIds: [otherUnit] })), 400, 'VALIDATION_FAILED');
    const after = Number(
      (
        await t.db
          .selectFrom('safety_period')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });

  it('is for the district and the centres only', async () => {
    expectError(await principal.post('/api/safety-periods', period()), 403, 'FORBIDDEN');
    expectError(await police.post('/api/safety-periods', period()), 403, 'FORBIDDEN');
    expectError(await leader.post('/api/safety-periods', period()), 403, 'FORBIDDEN');
  });

  it('a centre covers only its own schools, and cannot name another township', async () => {
    const farTownship = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', farSchool).executeTakeFirstOrThrow()).parent_id as string;
    expectError(await centre.post('/api/safety-periods', period({ unitIds: [farTownship] })), 400, 'VALIDATION_FAILED');
    const r = await centre.post('/api/safety-periods', period({ title: '街道汛期', kind: 'flood_season' }));
    expect(r.statusCode, r.body).toBe(201);
    const rows = await t.db.selectFrom('safety_period_school').select('school_id').where('period_id', '=', r.json().id).execute();
    expect(rows.map((x) => x.school_id)).toContain(school);
    expect(rows.map((x) => x.school_id)).not.toContain(farSchool);
    expect(r.json().schoolCount).toBe(rows.length);
  });
});

describe('a day of 报平安', () => {
  let id = '';
  it('the district opens a period for every school, audited', async () => {
    const r = await admin.post('/api/safety-periods', period());
    expect(r.statusCode, r.body).toBe(201);
    id = r.json().id;
    expect(r.json().schoolCount).toBe(activeSchools);
    const [ev] = await auditEventsFor(t.db, id);
    expect(ev?.action).toBe('safety_period.open');
  });

  it('the school sees it with today pending and a to-do on its workbench', async () => {
    const list = (await principal.get('/api/safety-periods?active=true')).json();
    const p = list.items.find((x: { id: string }) => x.id === id);
    expect(p.today.status).toBe('pending');
    expect(list.canReport).toBe(true);
    const wb = (await principal.get('/api/workbench')).json();
    const items = wb.sections.flatMap((s: { items: { key: string }[] }) => s.items);
    expect(items.map((i: { key: string }) => i.key)).toContain(`safety_check_in:${id}`);
  });

  it('a school cannot see the board; staff cannot report; another district gets 404', async () => {
    expectError(await principal.get(`/api/safety-periods/${id}/board`), 403, 'FORBIDDEN');
    expectError(await staff.post(`/api/safety-periods/${id}/check-ins`, { status: 'safe' }), 403, 'FORBIDDEN');
    expectError(await other.get(`/api/safety-periods/${id}/board`), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/safety-periods/${id}`), 404, 'NOT_FOUND');
    expectError(await other.post(`/api/safety-periods/${id}/chase`), 404, 'NOT_FOUND');
    expect((await other.get('/api/safety-periods')).json().items.map((p: { id: string }) => p.id)).not.toContain(id);
    expectError(await principal.post(`/api/safety-periods/${id}/check-ins`, { status: 'exception' }), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/safety-periods/${id}/board?day=${addDays(today, 30)}`), 403, 'FORBIDDEN');
    expectError(await admin.get(`/api/safety-periods/${id}/board?day=${addDays(today, 30)}`), 400, 'VALIDATION_FAILED');
  });

  it('the school taps 平安 once; the board and the to-do move', async () => {
    const before = (await admin.get(`/api/safety-periods/${id}/board`)).json();
    expect(before.summary.total).toBe(activeSchools);
    expect(before.summary.pending).toBe(activeSchools);
    const r = await principal.post(`/api/safety-periods/${id}/check-ins`, { status: 'safe' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ day: today, status: 'safe', late: false });
    expectError(await officer.post(`/api/safety-periods/${id}/check-ins`, { status: 'safe' }), 409, 'CONFLICT');
    const board = (await admin.get(`/api/safety-periods/${id}/board`)).json();
    expect(board.summary).toMatchObject({ total: activeSchools, safe: 1, pending: activeSchools - 1, missing: 0 });
    const row = board.rows.find((x: { schoolId: string }) => x.schoolId === school);
    expect(row).toMatchObject({ status: 'safe', reportedByName: '孙丽华', late: false });
    // Not reported first.
    expect(board.rows[0].status).toBe('pending');
    const wb = (await principal.get('/api/workbench')).json();
    expect(wb.sections.flatMap((s: { items: { key: string }[] }) => s.items).map((i: { key: string }) => i.key)).not.toContain(`safety_check_in:${id}`);
    const events = await auditEventsFor(t.db, id);
    expect(events.map((e) => e.action)).toContain('safety_check_in.submit');
  });

  it('the centre officer sees only its township’s schools on the board', async () => {
    const board = (await centre.get(`/api/safety-periods/${id}/board`)).json();
    const ids = board.rows.map((r: { schoolId: string }) => r.schoolId);
    expect(ids).toContain(school);
    expect(ids).not.toContain(farSchool);
    expect(board.summary.total).toBeLessThan(activeSchools);
  });

  it('one tap chases every school not yet reported, once an hour', async () => {
    const farPrincipal = await t.db
      .insertInto('app_user')
      .values({ district_id: district, username: 'far_principal', display_name: '远校长', password_hash: 'x', role: 'principal', org_unit_id: farSchool })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await admin.post(`/api/safety-periods/${id}/chase`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().schools).toBe(activeSchools - 1);
    expect(r.json().notified).toBeGreaterThan(0);
    expect(r.json().unreachable).toBeLessThan(activeSchools - 1);
    const far = await t.db
      .selectFrom('notification')
      .select(['title', 'entity_type'])
      .where('user_id', '=', farPrincipal.id)
      .where('kind', '=', 'safety_chase')
      .execute();
    expect(far).toEqual([{ title: '请报平安：国庆假期', entity_type: 'safety_period' }]);
    const principalId = await idOfUser(t.db, 'principal');
    const mine = await t.db.selectFrom('notification').select('id').where('user_id', '=', principalId).where('kind', '=', 'safety_chase').execute();
    expect(mine).toHaveLength(0); // the principal's school has reported
    const again = await admin.post(`/api/safety-periods/${id}/chase`);
    expect(again.json().notified).toBe(0);
    expectError(await principal.post(`/api/safety-periods/${id}/chase`), 403, 'FORBIDDEN');
  });

  it('exports the board as Excel', async () => {
    const r = await admin.get(`/api/safety-periods/${id}/board.xlsx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('only the opener closes it; after that nobody reports', async () => {
    expectError(await centre.post(`/api/safety-periods/${id}/close`), 403, 'FORBIDDEN');
    const r = await admin.post(`/api/safety-periods/${id}/close`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().closedAt).toBeTruthy();
    expectError(await admin.post(`/api/safety-periods/${id}/close`), 409, 'CONFLICT');
    expectError(await officer.post(`/api/safety-periods/${id}/check-ins`, { status: 'safe' }), 409, 'CONFLICT');
  });
});

describe('an exception and the counts', () => {
  it('an exception opens a case in the same transaction; past a 00:00 cut-off it is late and the others are missing', async () => {
    const p = await admin.post('/api/safety-periods', period({ title: '重大活动保障', kind: 'major_event', cutoffTime: '00:00' }));
    expect(p.statusCode, p.body).toBe(201);
    const id = p.json().id;
    const r = await officer.post(`/api/safety-periods/${id}/check-ins`, {
      status: 'exception',
      note: '校门口有人扬言报复',
      exception: { typeCode: 'threat', title: '家长扬言报复班主任', description: '已报派出所' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().late).toBe(true);
    expect(r.json().caseCode).toBeTruthy();
    const c = await t.db.selectFrom('case_file').select(['type_code', 'school_id', 'source']).where('id', '=', r.json().caseId).executeTakeFirstOrThrow();
    expect(c).toEqual({ type_code: 'threat', school_id: school, source: 'school_report' });
    const board = (await admin.get(`/api/safety-periods/${id}/board`)).json();
    expect(board.summary).toMatchObject({ exception: 1, missing: activeSchools - 1, pending: 0, late: 1 });
    const counts = await countSafetyCheckIns(t.db, district, id, null);
    const mine = counts.find((x) => x.schoolId === school);
    expect(mine).toMatchObject({ reported: 1, late: 1, exceptions: 1, missing: 0 });
    const far = counts.find((x) => x.schoolId === farSchool);
    expect(far).toMatchObject({ reported: 0, missing: 1 });
    // The board's period columns are the same function's numbers.
    const row = board.rows.find((x: { schoolId: string }) => x.schoolId === farSchool);
    expect(row).toMatchObject({ status: 'missing', periodMissing: 1, periodLate: 0 });
  });

  it('an unknown case type or a missing title is refused and opens nothing', async () => {
    const p = await admin.post('/api/safety-periods', period({ title: '汛期', kind: 'flood_season' }));
    const id = p.json().id;
    const cases = async () =>
      Number(
        (
          await t.db
            .selectFrom('case_file')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await cases();
    expectError(
      await officer.post(`/api/safety-periods/${id}/check-ins`, { status: 'exception', exception: { typeCode: 'petition', title: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await officer.post(`/api/safety-periods/${id}/check-ins`, { status: 'exception', exception: { title: '' } }), 400, 'VALIDATION_FAILED');
    expect(await cases()).toBe(n);
  });
});
