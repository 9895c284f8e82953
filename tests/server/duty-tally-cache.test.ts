import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { findDutyVersions } from '../../src/server/duty/duty-tally.repository.js';
import { DutyTallyCache, dutyTallyCacheOf } from '../../src/server/duty/duty-tally-cache.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * The duty engine's tally cache (duty/duty-tally-cache.ts, migration 0029) is exact: after any
 * write — through the API, or straight into the database as another process would — the next
 * read of the obligations equals a computation with the cache emptied, for a school user (its own
 * cells) and for the district admin (every school, department and district duty).
 */
let t: TestApp;
let admin: Client;
let officer: Client; // school_safety_officer of YJT0101
let school = '';
let districtId = '';
const today = shanghaiDay(new Date());

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = await t.loginAll(['admin', 'school_officer'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  districtId = (await admin.get('/api/auth/me')).json().districtId;
});
afterAll(() => t.close());

type Item = { obligation: { code: string }; current: { done?: number; mine?: { done: number } | null } };
const obligations = async (c: Client) => {
  const res = await c.get(`/api/obligations?day=${today}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[] };
};
/** The same read computed afresh: every tally recomputed from the records. */
const uncached = async (c: Client) => {
  dutyTallyCacheOf(t.db).clear();
  return obligations(c);
};
const lesson = { heldOn: today, audienceKind: 'school', topic: 'drowning', hours: 2, speakerName: '李老师', speakerType: 'teacher' };
const mineDone = (r: { items: Item[] }, code: string) => r.items.find((i) => i.obligation.code === code)?.current.mine?.done;
const version = async (kind: string) => (await findDutyVersions(t.db, districtId)).get(kind) ?? 0;

describe('the tally cache shows every write on the next read', () => {
  it('a lesson recorded through the API', async () => {
    Object.assign(lesson, { schoolId: school });
    const before = await uncached(officer);
    expect(await obligations(officer)).toEqual(before); // from the cache
    const v = await version('education');
    const res = await officer.post('/api/education-sessions', lesson);
    expect(res.statusCode, res.body).toBe(201);
    expect(await version('education')).toBe(v + 1);
    const after = await obligations(officer);
    expect(mineDone(after, 'safety_education_weekly')).toBeGreaterThan(mineDone(before, 'safety_education_weekly') ?? 0);
    expect(after).toEqual(await uncached(officer));
    const adminAfter = await obligations(admin);
    expect(adminAfter).toEqual(await uncached(admin));
  });

  it('a change written straight into the database (another process) in one statement of many rows', async () => {
    for (const hours of [1, 1.5]) {
      const res = await officer.post('/api/education-sessions', { ...lesson, hours });
      expect(res.statusCode, res.body).toBe(201);
    }
    const cachedBefore = await obligations(officer);
    expect(await obligations(admin)).toEqual(await uncached(admin));
    await obligations(admin); // cached again
    const v = await version('education');
    const changed = await t.db
      .updateTable('education_session')
      .set({ hours: 0.1 })
      .where('district_id', '=', districtId)
      .where('school_id', '=', school)
      .execute();
    expect(Number(changed[0]?.numUpdatedRows)).toBeGreaterThan(1);
    // One transaction moves the kind's version once, however many rows it changed.
    expect(await version('education')).toBe(v + 1);
    const after = await obligations(officer);
    expect(after).not.toEqual(cachedBefore);
    expect(after).toEqual(await uncached(officer));
    const adminCached = await obligations(admin);
    expect(adminCached).toEqual(await uncached(admin));
  });

  it('each kind moves only its own version; a user moved to another unit moves org, a sign-in does not', async () => {
    await obligations(admin);
    const [education, roster, org] = [await version('education'), await version('roster'), await version('org')];
    const { numAffectedRows } = await sql`update education_session set topic = topic where district_id = ${districtId}`.execute(t.db);
    expect(Number(numAffectedRows)).toBeGreaterThanOrEqual(3);
    expect(await version('education')).toBe(education + 1);
    expect(await version('roster')).toBe(roster);
    // A sign-in writes app_user.last_login_at: it must not empty the cache.
    await t.login('admin');
    expect(await version('org')).toBe(org);
    // A user moved to another unit changes what a department is credited with.
    await sql`update app_user set org_unit_id = org_unit_id where district_id = ${districtId} and username = 'admin'`.execute(t.db);
    expect(await version('org')).toBe(org + 1);
    expect(await obligations(admin)).toEqual(await uncached(admin));
  });

  it('answers from the cache while nothing changes; inside a transaction it always computes', async () => {
    const cache = new DutyTallyCache();
    let computed = 0;
    const job = { key: ['test'], kind: 'education' as const };
    const compute = async (misses: unknown[]) => {
      computed += misses.length;
      return misses.map(() => []);
    };
    await cache.tallies(t.db, districtId, [job, { ...job, key: ['other'] }], compute);
    await cache.tallies(t.db, districtId, [job], compute);
    expect(computed).toBe(2);
    // The transaction's own changes move the version only at commit: a cached answer could be stale there.
    await t.db.transaction().execute(async (trx) => {
      await cache.tallies(trx, districtId, [job], compute);
      await cache.tallies(trx, districtId, [job], compute);
    });
    expect(computed).toBe(4);
    await sql`update drill set code = code where district_id = ${districtId}`.execute(t.db);
    await cache.tallies(t.db, districtId, [job], compute);
    expect(computed).toBe(4); // another kind's change keeps it
    await sql`update education_session set topic = topic where district_id = ${districtId}`.execute(t.db);
    await cache.tallies(t.db, districtId, [job], compute);
    expect(computed).toBe(5);
  });
});
