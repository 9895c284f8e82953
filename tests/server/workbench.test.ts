import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { Role } from '../../src/domain/roles.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { resolveScope } from '../../src/server/auth/scope.resolver.js';
import type { HazardTable } from '../../src/server/db/schema.js';
import { workbenchRegistry } from '../../src/server/workbench/workbench.registry.js';
import { getWorkbench } from '../../src/server/workbench/workbench.service.js';
import type { WorkbenchSource } from '../../src/server/workbench/workbench.types.js';
import { type Client, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';
import { inspectionBody } from '../support/inspection-helpers.js';

/**
 * The workbench: each role gets its own queues, counts stay inside the role's scope, and every
 * count equals the total of the list its link opens (the same endpoint, the same filter).
 */
let t: TestApp;
const id: Record<string, string> = {};
const today = shanghaiDay(new Date());
const roleUsers = [
  'admin',
  'leader',
  'inspector',
  'inspector02',
  'centre_officer',
  'police',
  'dept_officer',
  'joint_inspector',
  'principal',
  'school_officer',
  'staff',
  'other_admin',
];

type Item = { key: string; label: string; count: number; link: string | null; rows?: { id: string; canUrge: boolean }[] };
type Answer = { sections: { key: string; items: Item[] }[]; abilities: { area: string; text: string }[]; dashboard: unknown };
const items = (a: Answer) => a.sections.flatMap((s) => s.items);
const countOf = (a: Answer, key: string) => items(a).find((i) => i.key === key)?.count;

let seq = 0;
async function hazard(name: string, over: Partial<Insertable<HazardTable>> = {}) {
  seq += 1;
  const school = over.school_id ?? (id.A as string);
  const row = await t.db
    .insertInto('hazard')
    .values({
      district_id: id.YJ as string,
      code: `WB-${String(seq).padStart(3, '0')}`,
      school_id: school,
      title: name,
      place: '校门',
      category: 'fire',
      source: 'school_self',
      found_at: new Date(Date.now() - 20 * 86_400_000),
      reported_by_name: '测试',
      responsible_unit_id: school,
      level: 'general',
      state: 'rectifying',
      deadline: addDays(today, 10),
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  id[name] = row.id;
  return row.id;
}

const clients: Record<string, Client> = {};
const workbench = async (u: string): Promise<Answer> => {
  const r = await (clients[u] as Client).get('/api/workbench');
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

beforeAll(async () => {
  t = await createTestApp();
  id.A = await idOfSchool(t.db, 'YJT0101'); // the principal's and safety officer's school
  id.B = await idOfSchool(t.db, 'YJT0201'); // another township: inspector02 and the leader
  id.LC = await idOfSchool(t.db, 'LCT0101'); // the second district
  const unit = (code: string) => t.db.selectFrom('org_unit').select(['id', 'district_id']).where('code', '=', code).executeTakeFirstOrThrow();
  id.YJ = (await unit('YJT0101')).district_id;
  id.LCD = (await unit('LCT0101')).district_id;
  id.PS = (await unit('D-PS01')).id;
  for (const u of roleUsers) clients[u] = await t.login(u);
  id.admin = await idOfUser(t.db, 'admin');

  await hazard('A待研判', { state: 'reported', level: null, deadline: null });
  await hazard('A待定方案', { state: 'assessed', deadline: null });
  await hazard('A逾期', { deadline: addDays(today, -3) });
  await hazard('A验收未过', { verification_failures: 1 });
  await hazard('A待验收', { state: 'pending_verification' });
  await hazard('A延期申请', { extension_requested_deadline: addDays(today, 30), extension_reason: '材料未到' });
  await hazard('A交办逾期', { responsible_unit_id: id.PS, handed_over_to: id.PS, deadline: addDays(today, -1) });
  await hazard('A已销号', { state: 'closed', closed_at: new Date(), deadline: addDays(today, -30) });
  await hazard('B待研判', { school_id: id.B, state: 'reported', level: null, deadline: null });
  await hazard('B逾期', { school_id: id.B, deadline: addDays(today, -5) });
  await t.db
    .insertInto('hazard')
    .values({
      district_id: id.LCD as string,
      code: 'WB-LC1',
      school_id: id.LC as string,
      title: '外区逾期',
      place: '校门',
      category: 'fire',
      source: 'school_self',
      found_at: new Date(),
      reported_by_name: '测试',
      responsible_unit_id: id.LC as string,
      level: 'general',
      state: 'rectifying',
      deadline: addDays(today, -2),
    })
    .execute();
  // The extension of 'A验收未过' was decided two days ago (the school's 延期已审批 queue).
  await t.db
    .insertInto('hazard_event')
    .values({
      district_id: id.YJ as string,
      hazard_id: id.A验收未过 as string,
      action: 'decide_extension',
      from_state: 'rectifying',
      to_state: 'rectifying',
      actor_id: id.admin,
      actor_name: '周建国',
      actor_role: 'district_admin',
      actor_unit_name: '区教委',
      note: '同意',
      data: '{}',
      occurred_at: new Date(Date.now() - 2 * 86_400_000),
    })
    .execute();
  const admin = clients.admin as Client;
  const notice = await admin.post('/api/notices', { schoolId: id.A, hazardIds: [id.A待定方案], deadline: addDays(today, 7), requirements: '立即整改' });
  expect(notice.statusCode, notice.body).toBe(201);
  const plan = (schoolIds: string[], title: string) => admin.post('/api/inspection-plans', { plannedOn: today, title, schoolIds });
  expect((await plan([id.A as string, id.B as string], '今日联合督检')).statusCode).toBe(201);
  const cancelled = await plan([id.A as string], '取消的督检');
  expect((await admin.post(`/api/inspection-plans/${cancelled.json().id}/cancel`)).statusCode).toBe(200);
}, 120_000);
afterAll(() => t.close());

/** The list endpoint behind a workbench link, and the total it reports for the same filter. */
async function totalOf(c: Client, link: string): Promise<number> {
  const [path, qs = ''] = link.split('?');
  const q = new URLSearchParams(qs);
  if (path === '/hazards') return (await ok(c, `/api/hazards?${q}&pageSize=1`)).total;
  if (path === '/notices') return (await ok(c, `/api/notices?${q}&pageSize=1`)).total;
  if (path === '/plans') return (await ok(c, `/api/inspection-plans?${q}`)).items.length;
  if (path === '/coverage') return (await ok(c, `/api/coverage?view=month&${q}`)).uncovered.length;
  if (path === '/cases') return (await ok(c, `/api/cases?${q}&pageSize=1`)).total;
  if (path === '/sanfang/device-checks') return (await ok(c, `/api/sanfang/device-checks?${q}`)).schools.length;
  if (path === '/guard-posts') return (await ok(c, '/api/guard-duty/today')).unsigned;
  if (path === '/public-reports') return (await ok(c, `/api/public-reports?${q}&pageSize=1`)).total;
  if (path === '/bulletins') return (await ok(c, `/api/bulletins?${q}&pageSize=1`)).total;
  if (path === '/meeting-tasks') return (await ok(c, `/api/meeting-tasks?${q}&pageSize=1`)).total;
  if (path === '/reports/status') {
    const status = await ok(c, `/api/reports/status?${q}`);
    return status.totals.missing + status.totals.returned;
  }
  // The unit's own report to file: one draft (getReportDraft answers for it).
  if (path === '/reports/draft') return (await ok(c, `/api/reports/draft?${q}`)) ? 1 : 0;
  throw new Error(`no list endpoint known for ${link}`);
}
async function ok(c: Client, url: string) {
  const r = await c.get(url);
  expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
  return r.json();
}

describe('GET /api/workbench', () => {
  it('answers 401 without a session', async () => {
    expect((await t.anonymous().get('/api/workbench')).statusCode).toBe(401);
  });

  it('every count equals the total of the list its link opens, for every role', async () => {
    let compared = 0;
    let nonZero = 0;
    for (const u of roleUsers) {
      for (const i of items(await workbench(u))) {
        if (!i.link || i.link === '/obligations') continue;
        expect(await totalOf(clients[u] as Client, i.link), `${u} ${i.key} ${i.link}`).toBe(i.count);
        compared += 1;
        if (i.count > 0) nonZero += 1;
      }
    }
    expect(compared).toBeGreaterThan(80);
    expect(nonZero).toBeGreaterThan(20);
  }, 120_000);

  it('a school sees its own queues and nothing of other schools', async () => {
    const wb = await workbench('school_officer');
    expect(wb.sections.map((s) => s.key)).toEqual(['duties', 'school_hazards', 'cases', 'notices', 'inbox']);
    expect(countOf(wb, 'hazards.own_to_assess')).toBe(1);
    expect(countOf(wb, 'hazards.to_plan')).toBe(1);
    // Rectifying at the school: 逾期, 验收未过, 延期申请; the one handed to the police is theirs now.
    expect(countOf(wb, 'hazards.rectifying')).toBe(3);
    expect(countOf(wb, 'hazards.rejected')).toBe(1);
    expect(countOf(wb, 'hazards.own_overdue')).toBe(1);
    expect(countOf(wb, 'hazards.extension_decided')).toBe(1);
    expect(countOf(wb, 'hazards.principal_verify')).toBeUndefined(); // the principal signs off, not the safety officer
    expect(countOf(wb, 'notices.to_acknowledge')).toBe(1);
    expect(countOf(wb, 'hazards.to_assess')).toBeUndefined();
    expect(countOf(wb, 'coverage.uncovered')).toBeUndefined();
    expect(countOf(await workbench('principal'), 'hazards.principal_verify')).toBe(1);
    const duties = items(wb).filter((i) => i.key.startsWith('duties.'));
    expect(duties.map((d) => d.label)).toEqual(expect.arrayContaining(['日巡查', '周检查', '月排查']));
    expect(wb.dashboard).toBeNull();
  });

  it('staff only see their duties and messages: they act on nothing else', async () => {
    const wb = await workbench('staff');
    expect(wb.sections.map((s) => s.key)).toEqual(['duties', 'inbox']);
    expect(wb.abilities.find((a) => a.area === '隐患')?.text).toBe('登记');
  });

  it('supervisors count their scope only; the district sees both schools, the other district neither', async () => {
    const admin = await workbench('admin');
    expect(countOf(admin, 'hazards.to_assess')).toBe(2);
    expect(countOf(admin, 'hazards.overdue')).toBe(3);
    expect(countOf(admin, 'hazards.to_verify')).toBe(1);
    expect(countOf(admin, 'hazards.extension_requests')).toBe(1);
    expect(countOf(admin, 'plans.today')).toBe(1); // the cancelled plan is left out
    expect(countOf(admin, 'notices.issued_unacknowledged')).toBe(1);
    expect(admin.dashboard).toEqual({ link: '/dashboard', label: '数据看板' });
    const inspector02 = await workbench('inspector02'); // 包校 YJT0201 only
    expect(countOf(inspector02, 'hazards.to_assess')).toBe(1);
    expect(countOf(inspector02, 'hazards.overdue')).toBe(1);
    expect(countOf(inspector02, 'hazards.to_verify')).toBe(0);
    const other = await workbench('other_admin');
    expect(countOf(other, 'hazards.overdue')).toBe(1);
    expect(countOf(other, 'hazards.to_assess')).toBe(0);
    expect(countOf(other, 'plans.today')).toBe(0);
  });

  it('a department sees what was handed to it as its own queue', async () => {
    const police = await workbench('police');
    expect(countOf(police, 'hazards.own_overdue')).toBe(1);
    expect(countOf(police, 'hazards.rectifying')).toBe(1);
  });

  it('the overdue rows carry 催办 for supervisors, with the earliest deadline first', async () => {
    const admin = items(await workbench('admin')).find((i) => i.key === 'hazards.overdue');
    expect(admin?.rows?.map((r) => r.id)).toEqual([id.B逾期, id.A逾期, id.A交办逾期]);
    expect(admin?.rows?.every((r) => r.canUrge)).toBe(true);
  });

  it('the 权限 line follows the rules the server enforces', async () => {
    const text = async (u: string) => Object.fromEntries((await workbench(u)).abilities.map((a) => [a.area, a.text]));
    const officer = await text('school_officer');
    expect(officer.查看).toBe('本校');
    expect(officer.隐患).toContain('提交验收');
    expect(officer.隐患).not.toContain('验收通过');
    expect(officer.文书).toBe('签收、回执整改通知书');
    expect((await text('principal')).隐患).toContain('验收通过（销号）');
    expect((await text('principal')).账号).toBe('开通学校安全干部、教职工/保安账号');
    const admin = await text('admin');
    expect(admin.隐患).toContain('挂牌督办');
    expect(admin.隐患).toContain('催办');
    expect(admin.督检).toBeDefined();
    const police = await text('police');
    expect(police.文书).toBe('下达整改通知书、登记执法处罚书');
    expect(police.查看).toBe('辖区学校，及交办本单位的隐患');
    expect((await text('leader')).学校档案).toBeUndefined();
  });

  it('a duty done disappears from the to-do count; a fire self-check shows its report due', async () => {
    const officer = clients.school_officer as Client;
    const duty = async (code: string) =>
      items(await workbench('school_officer')).find((i) => i.key === `duties.${code}`) as Item & {
        duty: { status: string; start: string | null };
        hint?: string;
      };
    expect((await duty('daily_patrol')).duty.start).toBe('/inspections/new?template=daily_patrol');
    for (const tpl of ['daily_patrol', 'fire_self_check']) {
      const r = await officer.post('/api/inspections', await inspectionBody(officer, id.A as string, tpl, 'school_self'));
      expect(r.statusCode, r.body).toBe(201);
    }
    const patrol = await duty('daily_patrol');
    expect(patrol.count).toBe(0);
    expect(patrol.duty).toMatchObject({ status: 'done', start: null });
    const fire = await duty('semester_fire_self_check');
    expect(fire.duty.status).toBe('done');
    expect(fire.hint).toMatch(/^自查报告待校长签字上报，5 天后到期（\d{4}-\d{2}-\d{2}）$/);
  });

  it('the filters the queues added answer bad input with a 400 in Chinese', async () => {
    const admin = clients.admin as Client;
    for (const q of ['verificationFailed=maybe', 'extensionDecidedFrom=2026-13-01', 'responsibleUnitId=x']) {
      const r = await admin.get(`/api/hazards?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.get('/api/hazards?responsibleUnitId=x')).json().error.message).toContain('责任单位无效');
    expect((await admin.get('/api/notices?mine=perhaps')).statusCode).toBe(400);
    expect((await admin.get('/api/inspection-plans?active=perhaps')).statusCode).toBe(400);
    // mine: only what the user issued; the inspector issued nothing here.
    expect((await ok(clients.inspector as Client, '/api/notices?mine=true')).total).toBe(0);
    expect((await ok(admin, '/api/notices?mine=true')).total).toBe(1);
  });

  it('a later module adds its queue with one source in the registry', async () => {
    const u = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'centre_officer').executeTakeFirstOrThrow();
    const subject = { userId: u.id, districtId: u.district_id, role: u.role as Role, orgUnitId: u.org_unit_id };
    const actor = { ...subject, username: u.username, displayName: u.display_name, scope: await resolveScope(t.db, subject) } as Actor;
    const drills: WorkbenchSource = {
      key: 'drills.due',
      section: 'supervision',
      when: (a) => a.role !== 'staff',
      items: async () => [{ key: 'drills.due', label: '本月应急演练未开展', count: 3, link: '/drills?due=true', tone: 'warning' }],
    };
    const wb = await getWorkbench(t.ctx, actor, new Date(), [...workbenchRegistry, drills]);
    const supervision = wb.sections.find((s) => s.key === 'supervision');
    expect(supervision?.items.at(-1)).toMatchObject({ key: 'drills.due', count: 3 });
    expect(supervision?.items.map((i) => i.key)).toContain('hazards.to_assess');
  });
});
