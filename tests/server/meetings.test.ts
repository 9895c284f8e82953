import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoticePdf } from '../../scripts/check-notice-pdf.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Client, joint: Client, centre: Client, principal: Client, staff: Client, police: Client, dept: Client, otherAdmin: Client;
let school = '';
let otherSchool = '';
let station = '';
const today = shanghaiDay(new Date());

beforeAll(async () => {
  t = await createTestApp();
  [admin, joint, centre, principal, staff, police, dept, otherAdmin] = await t.loginAll([
    'admin',
    'joint_inspector',
    'centre_officer',
    'principal',
    'staff',
    'police',
    'dept_officer',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
  station = (await police.get('/api/auth/me')).json().orgUnitId;
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const meeting = (over: Record<string, unknown> = {}) => ({
  kind: 'security_joint',
  title: '12 月安保联席会',
  heldOn: today,
  place: '区教委 3 楼会议室',
  chair: '王主任',
  participantUnitIds: [station, school],
  otherParticipants: '区市场监管局张科长',
  agenda: [{ title: '校门口占道经营整治', note: '联合督检组提请' }],
  decisions: '由派出所牵头整治校门口占道经营。\n学校加强上下学时段护学岗。',
  tasks: [
    { title: '整治校门口占道经营', detail: '每日上下学时段巡逻', ownerUnitId: station, deadline: addDays(today, 14) },
    { title: '增设护学岗', detail: '', ownerUnitId: school, deadline: addDays(today, 7) },
  ],
  ...over,
});

async function save(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/meetings', meeting(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('recording a meeting', () => {
  it('keeps the minutes, links agenda items to a hazard, creates the tasks, tells the owner units and audits it', async () => {
    const h = (
      await admin.post('/api/hazards', { schoolId: school, title: '校门口占道经营', place: '校门口', category: 'surroundings', source: 'district' })
    ).json().id;
    const r = await save(admin, { agenda: [{ title: '校门口占道经营', refType: 'hazard', refId: h, note: '' }] });
    expect(r.meeting).toMatchObject({ kind: 'security_joint', kindLabel: '安保联席会', title: '12 月安保联席会', heldOn: today });
    expect(r.meeting.agenda[0]).toMatchObject({ refType: 'hazard', refId: h });
    expect(r.meeting.agenda[0].refLabel).toContain('校门口占道经营');
    expect(r.meeting.participants.map((p: { id: string }) => p.id)).toEqual([station, school]);
    expect(r.tasks.map((x: { no: number; state: string; ownerUnitId: string }) => [x.no, x.state, x.ownerUnitId])).toEqual([
      [1, 'open', station],
      [2, 'open', school],
    ]);
    expect((await auditEventsFor(t.db, r.meeting.id)).map((e) => e.action)).toEqual(['meeting.create']);
    const inbox = (await principal.get('/api/notifications?unreadOnly=true')).json().items as { kind: string; entityId: string }[];
    expect(inbox.some((n) => n.kind === 'meeting_task_assigned' && n.entityId === r.tasks[1].id)).toBe(true);
  });

  it('refuses bad input with every problem at once', async () => {
    expectError(await admin.post('/api/meetings', { ...meeting(), kind: 'party' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/meetings', { ...meeting(), participantUnitIds: [] }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/meetings', { ...meeting(), heldOn: '2026-13-01' }), 400, 'VALIDATION_FAILED');
    const res = await admin.post(
      '/api/meetings',
      meeting({
        participantUnitIds: ['00000000-0000-4000-8000-000000000000'],
        tasks: [{ title: '过期', detail: '', ownerUnitId: school, deadline: addDays(today, -1) }],
        agenda: [{ title: '无此隐患', refType: 'hazard', refId: '00000000-0000-4000-8000-000000000001', note: '' }],
      }),
    );
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(
      res
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['agenda.0.refId', 'participantUnitIds.0', 'tasks.0.deadline']);
  });

  it('is recorded by the district and the joint group only', async () => {
    await save(joint, { kind: 'monthly_consult', title: '月度会商' });
    for (const c of [centre, principal, police, dept]) expectError(await c.post('/api/meetings', meeting()), 403, 'FORBIDDEN');
    expectError(await otherAdmin.post('/api/meetings', meeting()), 400, 'VALIDATION_FAILED'); // this district's units do not exist there
  });

  it('updates the minutes and appends tasks, with the version checked', async () => {
    const r = await save(admin);
    const { id, version } = r.meeting;
    const upd = {
      ...meeting({ decisions: '补充：每月通报整治进展', tasks: [{ title: '报送整治进展', detail: '', ownerUnitId: school, deadline: addDays(today, 30) }] }),
      version,
    };
    const res = await admin.put(`/api/meetings/${id}`, upd);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().meeting.decisions).toBe('补充：每月通报整治进展');
    expect(res.json().tasks.map((x: { no: number }) => x.no)).toEqual([1, 2, 3]);
    expectError(await admin.put(`/api/meetings/${id}`, upd), 409, 'CONFLICT');
    expectError(await principal.put(`/api/meetings/${id}`, { ...upd, version: version + 1 }), 403, 'FORBIDDEN'); // it attended: reads, cannot edit
    const seen = (await principal.get(`/api/meetings/${id}`)).json();
    expect(seen.tasks.map((x: { ownerUnitId: string }) => x.ownerUnitId)).toEqual([school, school]); // not the station's task
    expect(seen.canEdit).toBe(false);
  });
});

describe('tracking a task', () => {
  it('runs open → progress → submitted → returned → submitted → closed, with 督办, by the right sides', async () => {
    const r = await save(admin);
    const task = r.tasks[1];
    const act = (c: Client, a: string, note = '') => c.post(`/api/meeting-tasks/${task.id}/actions/${a}`, { note });
    expectError(await act(principal, 'close'), 403, 'FORBIDDEN');
    expectError(await act(staff, 'progress', '进展'), 403, 'FORBIDDEN');
    expectError(await act(police, 'progress', '进展'), 403, 'FORBIDDEN'); // sees it (a school of its precinct), does not own it
    expectError(await act(principal, 'submit', ''), 400, 'VALIDATION_FAILED');
    expectError(await act(admin, 'close'), 409, 'CONFLICT');
    expect((await act(principal, 'progress', '已确定护学岗人员')).json().task.state).toBe('open');
    expect((await act(admin, 'urge', '请于期限前完成')).json().task.state).toBe('open');
    expect((await act(principal, 'submit', '护学岗已设立，照片见附件台账')).json().task).toMatchObject({
      state: 'submitted',
      evidence: '护学岗已设立，照片见附件台账',
    });
    expect((await act(admin, 'return', '缺少排班表')).json().task.state).toBe('open');
    await act(principal, 'submit', '补充排班表');
    const closed = (await act(admin, 'close', '验收合格')).json();
    expect(closed.task.state).toBe('closed');
    expect(closed.timeline.map((e: { action: string }) => e.action)).toEqual(['decide', 'progress', 'urge', 'submit', 'return', 'submit', 'close']);
    expect(closed.actions).toEqual([]);
    expect((await auditEventsFor(t.db, task.id)).map((e) => e.action).reverse()).toEqual([
      'meeting_task.progress',
      'meeting_task.urge',
      'meeting_task.submit',
      'meeting_task.return',
      'meeting_task.submit',
      'meeting_task.close',
    ]);
    expectError(await principal.post(`/api/meeting-tasks/${task.id}/actions/fly`, { note: '' }), 400, 'VALIDATION_FAILED');
  });

  it('a school sees only its own tasks, the meeting stays hidden from non-participants, another district sees nothing', async () => {
    const r = await save(admin, {
      participantUnitIds: [station],
      tasks: [
        { title: '其他学校的事项', detail: '', ownerUnitId: otherSchool, deadline: addDays(today, 5) },
        { title: '本校事项', detail: '', ownerUnitId: school, deadline: addDays(today, 5) },
      ],
    });
    const [theirs, ours] = r.tasks;
    const list = (await principal.get('/api/meeting-tasks?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((x: { ownerUnitId: string }) => x.ownerUnitId === school)).toBe(true);
    expectError(await principal.get(`/api/meeting-tasks/${theirs.id}`), 404, 'NOT_FOUND');
    expect((await principal.get(`/api/meeting-tasks/${ours.id}`)).statusCode).toBe(200);
    expectError(await principal.get(`/api/meetings/${r.meeting.id}`), 404, 'NOT_FOUND');
    expect((await police.get(`/api/meetings/${r.meeting.id}`)).statusCode).toBe(200);
    expect((await principal.get('/api/meetings')).json().items.every((m: { id: string }) => m.id !== r.meeting.id)).toBe(true);
    expectError(await otherAdmin.get(`/api/meetings/${r.meeting.id}`), 404, 'NOT_FOUND');
    expectError(await otherAdmin.get(`/api/meeting-tasks/${ours.id}`), 404, 'NOT_FOUND');
    expect((await otherAdmin.get('/api/meeting-tasks')).json().total).toBe(0);
    expectError(await otherAdmin.get(`/api/meetings/${r.meeting.id}/pdf`), 404, 'NOT_FOUND');
  });

  it('counts in the list only the tasks each reader sees in the minutes: a school its own, a participant centre or station and the district all', async () => {
    const centreUnit = (await centre.get('/api/auth/me')).json().orgUnitId as string;
    const heldOn = addDays(today, -10);
    const r = await save(admin, {
      title: '计数范围联席会',
      heldOn,
      participantUnitIds: [station, school, centreUnit],
      tasks: [
        { title: '派出所事项', detail: '', ownerUnitId: station, deadline: addDays(today, 5) },
        { title: '本校逾期事项', detail: '', ownerUnitId: school, deadline: addDays(today, -2) },
        { title: '其他学校事项', detail: '', ownerUnitId: otherSchool, deadline: addDays(today, -2) },
        { title: '本校事项', detail: '', ownerUnitId: school, deadline: addDays(today, 5) },
      ],
    });
    const done = r.tasks[3].id as string; // the school's second task, done and accepted: counted, not open
    expect((await principal.post(`/api/meeting-tasks/${done}/actions/submit`, { note: '已完成' })).statusCode).toBe(200);
    expect((await admin.post(`/api/meeting-tasks/${done}/actions/close`, { note: '验收合格' })).json().task.state).toBe('closed');
    type Row = { id: string; taskCount: number; openTaskCount: number; overdueTaskCount: number };
    type Task = { ownerUnitId: string; state: string; overdue: boolean };
    const countsOf = async (c: Client) => {
      const list = await c.get(`/api/meetings?from=${heldOn}&to=${heldOn}&pageSize=100`);
      expect(list.statusCode, list.body).toBe(200);
      const row = (list.json().items as Row[]).find((m) => m.id === r.meeting.id) as Row;
      const shown = (await c.get(`/api/meetings/${r.meeting.id}`)).json().tasks as Task[];
      // One set of numbers: the list counts exactly the tasks the minutes show this reader.
      expect([row.taskCount, row.openTaskCount, row.overdueTaskCount]).toEqual([
        shown.length,
        shown.filter((x) => x.state !== 'closed').length,
        shown.filter((x) => x.overdue).length,
      ]);
      return { total: row.taskCount, open: row.openTaskCount, overdue: row.overdueTaskCount, owners: new Set(shown.map((x) => x.ownerUnitId)) };
    };
    // A school: its own two tasks (one closed, one overdue), not the station's nor the other school's.
    for (const c of [principal, staff]) expect(await countsOf(c)).toEqual({ total: 2, open: 1, overdue: 1, owners: new Set([school]) });
    // The district, and the centre and the station that attended: every task of the minutes.
    for (const c of [admin, joint, centre, police]) expect(await countsOf(c)).toMatchObject({ total: 4, open: 3, overdue: 2 });
    // A unit that did not attend does not see the meeting at all, so nothing of it is counted.
    const notThere = (await dept.get(`/api/meetings?from=${heldOn}&to=${heldOn}&pageSize=100`)).json().items as Row[];
    expect(notThere.some((m) => m.id === r.meeting.id)).toBe(false);
  });

  it('flags overdue tasks and counts them the way the workbench shows them', async () => {
    const past = addDays(today, -3);
    const r = await save(admin, { heldOn: addDays(today, -10), tasks: [{ title: '逾期事项', detail: '', ownerUnitId: school, deadline: past }] });
    expect(r.tasks[0].overdue).toBe(true);
    const overdue = (await principal.get('/api/meeting-tasks?mine=true&overdue=true')).json();
    expect(overdue.items.some((x: { id: string }) => x.id === r.tasks[0].id)).toBe(true);
    const wb = (await principal.get('/api/workbench')).json();
    const item = wb.sections
      .flatMap((s: { items: { key: string; count: number }[] }) => s.items)
      .find((i: { key: string }) => i.key === 'meeting_tasks.mine:overdue');
    expect(item.count).toBe(overdue.total);
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(overdue.total);
  });

  it('prints the minutes as a Chinese A4 PDF', async () => {
    const r = await save(admin);
    const res = await police.get(`/api/meetings/${r.meeting.id}/pdf`);
    expect(res.statusCode).toBe(200);
    const check = checkNoticePdf(res.rawPayload, { expectText: ['会议纪要', '12月安保联席会', '整治校门口占道经营', '责任单位', '会议决定'] });
    expect(check.pages).toBeGreaterThanOrEqual(1);
  });
});
