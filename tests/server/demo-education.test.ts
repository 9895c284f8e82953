import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { hoursPerClass } from '../../src/domain/education.js';
import { periodOf } from '../../src/domain/periods.js';
import { loadDemoEducation } from '../../src/server/demo/demo-education.js';
import { dutySource } from '../../src/server/duty/duty.registry.js';
import { packForDistrict } from '../../src/server/policy/policy.service.js';
import { createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/** The demo term of education and training: fast to load, realistic, and readable by the duty engine. */
let t: TestApp;
let districtId = '';
let loaded = { sessions: 0, trainings: 0 };
let ms = 0;
beforeAll(async () => {
  t = await createTestApp();
  districtId = (
    await t.db
      .selectFrom('org_unit')
      .select('district_id')
      .where('id', '=', await idOfSchool(t.db, 'YJT0101'))
      .executeTakeFirstOrThrow()
  ).district_id;
  const pack = await packForDistrict(t.db, t.ctx.policies, districtId);
  const started = performance.now();
  loaded = await t.db.transaction().execute((trx) => loadDemoEducation(trx, pack, districtId));
  ms = performance.now() - started;
});
afterAll(() => t.close());

describe('demo education', () => {
  // The time depends on the machine (2 shared cores): the row count is what this code controls.
  // ~3,000 rows load in ≈0.3–0.5 s on an idle machine; the log line shows what this run took.
  it('loads a term for every school, small enough to load well under a second', () => {
    console.log(`[demo-education] ${loaded.sessions} sessions, ${loaded.trainings} trainings in ${ms.toFixed(0)} ms on ${t.kind}`);
    const semester = periodOf('semester', shanghaiDay(new Date()), [
      { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31' },
      { code: 'spring', label: '春季学期', start: '02-01', end: '08-31' },
    ]);
    if (shanghaiDay(new Date()) > `${semester.start.slice(0, 4)}-${semester.start.slice(5)}` && loaded.sessions === 0) return; // first day of a term
    expect(loaded.sessions).toBeGreaterThan(270);
    expect(loaded.sessions + loaded.trainings).toBeLessThan(4000);
    expect(ms).toBeLessThan(10_000);
  });

  it('gives the duty engine per-class hours, with some schools ahead of others', async () => {
    const today = shanghaiDay(new Date());
    const facts = await dutySource('education').loadFacts(t.db, {
      districtId,
      from: `${today.slice(0, 4)}-01-01`.replace(/^(\d{4})-01-01$/, (_m, y) => `${Number(y) - 1}-09-01`),
      to: today,
      subjectIds: null,
    });
    if (loaded.sessions === 0) return;
    const perClass = hoursPerClass(
      facts.map((f) => ({ schoolId: f.schoolId as string, audience: f.audience as string, hours: f.hours as number, type: f.type })),
    );
    const hours = perClass.map((c) => c.hours);
    expect(Math.max(...hours)).toBeGreaterThan(Math.min(...hours));
    expect(new Set(facts.map((f) => f.occasion).filter(Boolean))).toContain('first_lesson');
    const list = await (await t.login('school_officer')).get('/api/education-sessions?pageSize=1');
    expect(list.json().total).toBeGreaterThan(3);
  });
});
