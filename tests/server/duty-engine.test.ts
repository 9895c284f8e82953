import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyKinds } from '../../src/domain/duty.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * The duty engine over HTTP: listObligations and getCoverage answer for every kind of duty (also
 * kinds whose record module is not registered yet: no records, so open or overdue), department
 * duties with the department as the subject, and the school's compliance calendar with its scope.
 */
type Ob = { code: string; kind: string; kindLabel: string; rule: string; subject: string; link: string; origin: { pack: string; file: string } };
type Cell = { status: string; done: number; required: number };
type Item = { obligation: Ob; current: { mine: Cell | null; schools: number; done: number } };

let t: TestApp;
let admin: Client;
let principal: Client;
let dept: Client;
let leader: Client;
let ownSchool = '';
let otherSchool = '';
let otherDistrictSchool = '';
beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, dept, leader] = await t.loginAll(['admin', 'principal', 'dept_officer', 'leader'] as const);
  ownSchool = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJT0201');
  otherDistrictSchool = await idOfSchool(t.db, 'LCT0101');
});
afterAll(() => t.close());

describe('listObligations covers every kind', () => {
  it('lists drills, education, trainings, letters, documents, patrols and rosters with their rules and origins for the district', async () => {
    const res = await admin.get('/api/obligations');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Item[];
    // Risk point reviews apply only to schools with a red or orange point: the test district has no risk register
    // (tests/server/risk-review-duty.test.ts lists them once a school has one).
    expect([...new Set(items.map((i) => i.obligation.kind))].sort()).toEqual(dutyKinds.filter((k) => k !== 'risk_review').sort());
    const edu = items.find((i) => i.obligation.code === 'safety_education_weekly');
    expect(edu?.obligation).toMatchObject({ kind: 'education', kindLabel: '安全教育', rule: '每月每班安全教育不少于 2 课时', link: '/education/new' });
    expect(edu?.obligation.origin).toMatchObject({ pack: 'yunjiang', file: 'obligations.yaml' });
    // Department duties of seed 003, counted by department.
    const market = items.find((i) => i.obligation.code === 'dept_market_inspections');
    expect(market?.obligation.subject).toBe('department');
    expect(market?.current.schools).toBe(1);
  });

  it('gives a kindergarten its quarterly drill and a primary school its monthly one, open or overdue without records', async () => {
    // The principal's 幼儿园 (YJT0101).
    const items = (await principal.get('/api/obligations')).json().items as Item[];
    const codes = items.map((i) => i.obligation.code);
    expect(codes).toEqual(
      expect.arrayContaining(['drill_quarterly_kindergarten', 'all_hands_drill', 'patrol_key_places', 'duty_roster', 'responsibility_letters']),
    );
    expect(codes).not.toContain('drill_monthly_school');
    expect(codes).not.toContain('dept_market_inspections');
    const drill = items.find((i) => i.obligation.code === 'drill_quarterly_kindergarten');
    expect(['open', 'overdue']).toContain(drill?.current.mine?.status);
    expect(drill?.current.mine?.done).toBe(0);
    expect(drill?.obligation.link).toBe('/drills/new');
    // A primary school, asked for by the district.
    const primary = await t.db
      .selectFrom('school')
      .innerJoin('org_unit', (j) => j.onRef('org_unit.district_id', '=', 'school.district_id').onRef('org_unit.id', '=', 'school.id'))
      .select('school.id')
      .where('school.school_type', '=', 'primary')
      .where('org_unit.code', 'like', 'YJ%')
      .executeTakeFirstOrThrow();
    const other = ((await admin.get(`/api/obligations?schoolId=${primary.id}`)).json().items as Item[]).map((i) => i.obligation.code);
    expect(other).toContain('drill_monthly_school');
    expect(other).not.toContain('drill_quarterly_kindergarten');
  });
});

describe('getCoverage for any kind', () => {
  it('grids a drill duty school by school, with rates by school type', async () => {
    const res = await admin.get('/api/coverage?view=month&obligation=drill_monthly_school');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.obligation).toMatchObject({ kind: 'drill', kindLabel: '应急演练', rule: '每月应急演练不少于 1 次' });
    expect(body.rows.length).toBeGreaterThan(100);
    expect(body.byType.map((x: { schoolType: string }) => x.schoolType)).not.toContain('kindergarten');
    expect(body.totals.every((x: { done: number }) => x.done === 0)).toBe(true);
  });

  it('counts a department’s own inspections with the department as the subject', async () => {
    const path = '/api/coverage?view=month&obligation=dept_market_inspections';
    const before = (await admin.get(path)).json();
    expect(before.rows.map((r: { school: { name: string } }) => r.school.name)).toEqual([expect.stringContaining('市场监督管理局')]);
    const doneBefore = before.rows[0].cells.at(-1).done as number;
    const body = await inspectionBody(dept, ownSchool, 'canteen', 'department');
    const created = await dept.post('/api/inspections', body);
    expect(created.statusCode, created.body).toBe(201);
    const after = (await admin.get(path)).json();
    expect(after.rows[0].cells.at(-1)).toMatchObject({ done: doneBefore + 1, required: 4 });
    // The market officer sees the own department's duty; a school user none.
    const own = ((await dept.get('/api/obligations')).json().items as Item[]).find((i) => i.obligation.code === 'dept_market_inspections');
    expect(own?.current.mine).toMatchObject({ done: doneBefore + 1, required: 4 });
  });

  it('refuses a district-wide duty and an unknown obligation', async () => {
    expect((await admin.get('/api/coverage?obligation=joint_weekly_days')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/coverage?obligation=no_such_duty')).statusCode).toBe(400);
  });
});

describe('getComplianceCalendar', () => {
  it('lists everything due at the own school this week, month and semester, each with where to record it', async () => {
    for (const range of ['week', 'month', 'semester']) {
      const res = await principal.get(`/api/schools/${ownSchool}/compliance-calendar?range=${range}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.school.id).toBe(ownSchool);
      const kinds = new Set(body.items.map((i: { obligation: { kind: string } }) => i.obligation.kind));
      expect(kinds.has('patrol')).toBe(true);
      expect(kinds.has('inspection')).toBe(true);
      for (const i of body.items) if (i.cell.status !== 'done' && i.cell.status !== 'none') expect(i.link).toMatch(/^\/[a-z-]+/);
      // One line per obligation, however many days a semester has.
      const codes = body.items.map((i: { obligation: { code: string } }) => i.obligation.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    const semester = (await principal.get(`/api/schools/${ownSchool}/compliance-calendar?range=semester`)).json();
    const codes = semester.items.map((i: { obligation: { code: string } }) => i.obligation.code);
    expect(codes).toEqual(expect.arrayContaining(['all_hands_drill', 'first_lesson', 'fire_education_semester', 'drill_quarterly_kindergarten']));
    // Late first: no overdue item after an open or later one.
    const ranks = semester.items.map((i: { cell: { status: string }; missedCount: number }) =>
      i.missedCount > 0 ? 0 : ['overdue', 'open', 'upcoming', 'done', 'none'].indexOf(i.cell.status),
    );
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('answers 404 for a school outside the scope or another district, and lets a supervisor read a school in scope', async () => {
    expect((await principal.get(`/api/schools/${otherSchool}/compliance-calendar`)).statusCode).toBe(404);
    expect((await admin.get(`/api/schools/${otherDistrictSchool}/compliance-calendar`)).statusCode).toBe(404);
    expect((await leader.get(`/api/schools/${ownSchool}/compliance-calendar?range=month`)).statusCode).toBe(200);
  });

  it('refuses bad input with a code', async () => {
    const bad = await principal.get(`/api/schools/${ownSchool}/compliance-calendar?range=year`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await principal.get('/api/schools/not-a-uuid/compliance-calendar')).statusCode).toBe(400);
  });
});

describe('the school workbench', () => {
  it('lists drills, education and patrols due among the school’s duties, with where to record them', async () => {
    const wb = (await principal.get('/api/workbench')).json() as { sections: { items: { key: string; duty?: { start: string | null } }[] }[] };
    const duties = wb.sections.flatMap((s) => s.items).filter((i) => i.key.startsWith('duties.'));
    const keys = duties.map((d) => d.key);

    expect(keys).toEqual(expect.arrayContaining(['duties.drill_quarterly_kindergarten', 'duties.patrol_key_places', 'duties.safety_education_weekly']));
    expect(duties.find((d) => d.key === 'duties.patrol_key_places')?.duty?.start).toBe('/patrol-logs/new?route=key_places');
  });
});
