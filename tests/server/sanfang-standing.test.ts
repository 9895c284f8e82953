import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The 三防 standings are cached per process (sanfang-standing.service.ts) and checked against a
 * stamp of the register on every read: a write through the API, a write by another process (here
 * plain SQL on the database) and a change of a school's profile show on the next read, and the
 * dashboard's 三防 panel keeps the summary's numbers.
 */
let t: TestApp;
let admin: Client;
let officer: Client;
let school = ''; // YJT0101, the school officer's

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = await t.loginAll(['admin', 'school_officer'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
});
afterAll(() => t.close());

type Panel = { guardsRequired: number; guardsOnPost: number; guardsShort: number; schools: number; rates: { code: string; met: number; applicable: number }[] };
async function panelOf(query = '') {
  const res = await admin.get(`/api/dashboard?period=year${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().panels as { key: string; data: Panel }[]).find((p) => p.key === 'sanfang')?.data as Panel;
}
async function summaryOf(query = '', as = admin) {
  const res = await as.get(`/api/sanfang/summary${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Panel & { rates: { code: string; met: number; applicable: number }[] };
}
const sameNumbers = (panel: Panel, s: Panel) => {
  expect(panel).toMatchObject({ guardsRequired: s.guardsRequired, guardsOnPost: s.guardsOnPost, guardsShort: s.guardsShort, schools: s.schools });
  expect(panel.rates.map((r) => [r.code, r.met, r.applicable])).toEqual(s.rates.map((r) => [r.code, r.met, r.applicable]));
};
const guard = (name: string) => ({
  schoolId: school,
  role: 'guard',
  name,
  gender: 'male',
  birthDate: '1980-05-01',
  certificateNo: `YJBA${name.length}01`,
  certificateExpiry: '2030-12-31',
  hireDate: '2025-09-01',
  shift: 'full_day',
  trained: true,
});

describe('the cached 三防 standings', () => {
  it('the dashboard panel shows the summary numbers, for the district and a township', async () => {
    sameNumbers(await panelOf(), await summaryOf());
    const parent = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
    sameNumbers(await panelOf(`&orgUnitId=${parent}`), await summaryOf(`?orgUnitId=${parent}`));
  });

  it('a guard recorded through the API is on the next dashboard load', async () => {
    const before = await panelOf();
    const res = await officer.post('/api/sanfang/guards', guard('李新岗'));
    expect(res.statusCode, res.body).toBe(201);
    const after = await panelOf();
    expect(after.guardsOnPost).toBe(before.guardsOnPost + 1);
    sameNumbers(after, await summaryOf());
  });

  it('a write by another server process (plain SQL on the database) is on the next load', async () => {
    const before = await panelOf();
    const onPost = await t.db
      .selectFrom('sanfang_person')
      .select(['id', 'version'])
      .where('school_id', '=', school)
      .where('role', '=', 'guard')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    // As another process would: the row changes, this process's cache is not told.
    await t.db
      .updateTable('sanfang_person')
      .set({ active: false, version: onPost.version + 1, updated_at: sql`now()` })
      .where('id', '=', onPost.id)
      .execute();
    const after = await panelOf();
    expect(after.guardsOnPost).toBe(before.guardsOnPost - 1);
    sameNumbers(after, await summaryOf());
  });

  it('a school profile change (more pupils: more guards required) is on the next load', async () => {
    const before = await summaryOf('', officer); // the officer's scope: the one school
    expect(before.schools).toBe(1);
    await t.db.updateTable('school').set({ enrollment: 5000, updated_at: sql`now()` }).where('id', '=', school).execute();
    const after = await summaryOf('', officer);
    expect(after.guardsRequired).toBeGreaterThan(before.guardsRequired);
    sameNumbers(await panelOf(`&orgUnitId=${school}`), after);
  });

  /** The guard-post page's figure (getGuardPostSetupRate through GET /api/guard-duty/stats). */
  async function guardPostPage(query = '') {
    const res = await admin.get(`/api/guard-duty/stats${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().setup as { schools: number; set: number; requiredPeriods: { code: string }[] };
  }
  const guardPostRate = (s: Panel) => s.rates.find((r) => r.code === 'guard_post');

  it('护学岗设置率 is one of the rates, equals the guard-post page and moves when a post is set', async () => {
    const parent = (await t.db.selectFrom('org_unit').select('parent_id').where('id', '=', school).executeTakeFirstOrThrow()).parent_id as string;
    const page = await guardPostPage(`?orgUnitId=${parent}`);
    const before = guardPostRate(await summaryOf(`?orgUnitId=${parent}`));
    expect(before).toMatchObject({ applicable: page.schools, met: page.set });
    const schoolBefore = guardPostRate(await summaryOf('', officer));
    expect(schoolBefore?.met).toBe(0); // YJT0101 has no post in the demo
    // 护学岗 is per gate: the school's gate on file first, then a post at it.
    const at = await t.db.selectFrom('school').select(['latitude', 'longitude']).where('id', '=', school).executeTakeFirstOrThrow();
    const gates = await admin.put(`/api/schools/${school}/gates`, {
      gates: [{ name: '正门', isMain: true, latitude: Number(at.latitude), longitude: Number(at.longitude) }],
    });
    expect(gates.statusCode, gates.body).toBe(200);
    const gateId = (await t.db.selectFrom('school_gate').select('id').where('school_id', '=', school).executeTakeFirstOrThrow()).id;
    const res = await officer.post('/api/guard-posts', { schoolId: school, gateId, periods: page.requiredPeriods.map((p) => p.code), rota: [] });
    expect(res.statusCode, res.body).toBe(200);
    const after = guardPostRate(await summaryOf(`?orgUnitId=${parent}`));
    const pageAfter = await guardPostPage(`?orgUnitId=${parent}`);
    expect(after).toMatchObject({ applicable: pageAfter.schools, met: pageAfter.set });
    expect(after?.met).toBe((before?.met ?? 0) + 1);
    expect(guardPostRate(await summaryOf('', officer))?.met).toBe(1);
    sameNumbers(await panelOf(`&orgUnitId=${parent}`), await summaryOf(`?orgUnitId=${parent}`));
    // The district as a whole, too.
    const all = await guardPostPage();
    expect(guardPostRate(await summaryOf())).toMatchObject({ applicable: all.schools, met: all.set });
  });

  it('a post closed and a rota line changed by plain SQL (another process) change the stamp', async () => {
    const district = (await t.db.selectFrom('org_unit').select('district_id').where('id', '=', school).executeTakeFirstOrThrow()).district_id;
    const { findStandingStamp } = await import('../../src/server/sanfang/sanfang.repository.js');
    const today = new Date().toISOString().slice(0, 10);
    const s0 = await findStandingStamp(t.db, district, today);
    const post = await t.db.selectFrom('guard_post').select(['id', 'version']).where('school_id', '=', school).executeTakeFirstOrThrow();
    await t.db
      .insertInto('guard_rota')
      .values({
        district_id: district,
        post_id: post.id,
        school_id: school,
        period_code: 'morning',
        weekdays: [1, 2, 3, 4, 5],
        role: 'teacher',
        person_name: '值周教师',
        valid_from: today,
      })
      .execute();
    const s1 = await findStandingStamp(t.db, district, today);
    expect(s1).not.toBe(s0);
    await t.db.updateTable('guard_rota').set({ person_name: '值周教师乙' }).where('post_id', '=', post.id).execute();
    const s2 = await findStandingStamp(t.db, district, today);
    expect(s2).not.toBe(s1);
    const before = guardPostRate(await summaryOf('', officer));
    await t.db
      .updateTable('guard_post')
      .set({ active: false, version: post.version + 1, updated_at: sql`now()` })
      .where('id', '=', post.id)
      .execute();
    expect(await findStandingStamp(t.db, district, today)).not.toBe(s2);
    expect(guardPostRate(await summaryOf('', officer))?.met).toBe((before?.met ?? 0) - 1);
  });
});
