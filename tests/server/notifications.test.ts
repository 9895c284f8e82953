import type { Insertable } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import type { HazardTable } from '../../src/server/db/schema.js';
import { scanHazardDeadlines, startDeadlineScanner } from '../../src/server/notifications/deadline-scan.js';
import { departmentUserIds, notifyUsers, schoolManagerIds, supervisorIds } from '../../src/server/notifications/notifications.service.js';
import { type Client, countRows, createTestApp, idOfSchool, idOfUser, type TestApp } from '../support/harness.js';

const TODAY = '2026-03-10';
let t: TestApp;
const id: Record<string, string> = {};
const names = new Map<string, string>(); // id → readable name, for the assertions

beforeAll(async () => {
  t = await createTestApp();
  for (const u of 'admin principal school_officer staff centre_officer inspector inspector02 inspector15 leader dept_officer police other_admin'.split(' ')) {
    id[u] = await idOfUser(t.db, u);
    names.set(id[u] as string, u);
  }
  for (const s of ['YJT0101', 'YJT0201', 'YJC0501', 'LCT0101']) id[s] = await idOfSchool(t.db, s);
  const unit = (code: string) => t.db.selectFrom('org_unit').select(['id', 'district_id']).where('code', '=', code).executeTakeFirstOrThrow();
  for (const c of ['D-MARKET', 'D-PS01']) id[c] = (await unit(c)).id;
  id.YJ = (await unit('YJT0101')).district_id;
  id.LC = (await unit('LCT0101')).district_id;
});
afterAll(() => t.close());

const usernames = (ids: string[]) => ids.map((i) => names.get(i) ?? i).sort();

let seq = 0;
/** Inserts a hazard directly; by default a general one at the first demo school, rectifying. */
async function hazard(name: string, over: Partial<Insertable<HazardTable>> = {}) {
  seq += 1;
  const school = over.school_id ?? (id.YJT0101 as string);
  const base = { district_id: id.YJ as string, code: `NT-${seq}`, school_id: school, title: name, place: '校门', category: 'fire', source: 'school_self' };
  const more = {
    found_at: new Date('2026-03-01T02:00:00Z'),
    reported_by_name: '测试',
    responsible_unit_id: school,
    level: 'general',
    state: 'rectifying',
  } as const;
  const row = await t.db
    .insertInto('hazard')
    .values({ ...base, ...more, deadline: null, ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  names.set(row.id, name);
  return row.id;
}
const setActive = (u: string, on: boolean) =>
  t.db
    .updateTable('app_user')
    .set({ is_active: on })
    .where('id', '=', id[u] as string)
    .execute();
const closed = { state: 'closed', closed_at: new Date('2026-03-05T02:00:00Z') } as const;

/** Every notification as "kind hazard user", sorted. */
async function received() {
  const rows = await t.db.selectFrom('notification').select(['kind', 'entity_id', 'user_id']).execute();
  return rows.map((r) => `${r.kind} ${names.get(r.entity_id)} ${names.get(r.user_id)}`).sort();
}
const to = (kind: string, hazardName: string, users: string[]) => users.map((u) => `${kind} ${hazardName} ${u}`);
const all = (...groups: string[][]) => groups.flat().sort();
const managers = ['principal', 'school_officer'];
const supervisorsOfT0101 = ['centre_officer', 'inspector', 'leader'];

describe('recipients', () => {
  it('school managers, department users and the supervising level of a school', async () => {
    expect(usernames(await schoolManagerIds(t.db, id.YJ as string, id.YJT0101 as string))).toEqual(managers);
    expect(await schoolManagerIds(t.db, id.YJ as string, id.YJT0201 as string)).toEqual([]);
    expect(usernames(await departmentUserIds(t.db, id.YJ as string, id['D-MARKET'] as string))).toEqual(['dept_officer']);
    expect(usernames(await departmentUserIds(t.db, id.YJ as string, id['D-PS01'] as string))).toEqual(['police']);
    expect(await departmentUserIds(t.db, id.YJ as string, id.YJT0101 as string)).toEqual([]);
    expect(usernames(await supervisorIds(t.db, id.YJ as string, id.YJT0101 as string, false))).toEqual(supervisorsOfT0101);
    expect(usernames(await supervisorIds(t.db, id.YJ as string, id.YJT0101 as string, true))).toEqual(['admin', ...supervisorsOfT0101]);
    expect(usernames(await supervisorIds(t.db, id.YJ as string, id.YJT0201 as string, false))).toEqual(['inspector02', 'leader']);
    expect(usernames(await supervisorIds(t.db, id.YJ as string, id.YJC0501 as string, false))).toEqual(['inspector15']);
    expect(usernames(await supervisorIds(t.db, id.LC as string, id.LCT0101 as string, true))).toEqual(['other_admin']);
  });
});

describe('notifyUsers', () => {
  afterEach(() => t.db.deleteFrom('notification').execute());
  const n = { kind: 'assigned', title: '交办', entityType: 'hazard' } as const;

  it('writes one row per user inside the caller transaction, ignores a repeated dedupe key, rolls back with the caller', async () => {
    const note = { ...n, entityId: id.YJT0101 as string, dedupeKey: 'k1' };
    const users = [id.principal, id.school_officer, id.principal] as string[];
    expect(await t.db.transaction().execute((trx) => notifyUsers(trx, id.YJ as string, users, note))).toBe(2);
    expect(await t.db.transaction().execute((trx) => notifyUsers(trx, id.YJ as string, users, note))).toBe(0);
    expect(await notifyUsers(t.db, id.YJ as string, [id.staff as string], note)).toBe(1);
    expect(await notifyUsers(t.db, id.YJ as string, [id.staff as string], { ...note, dedupeKey: 'k2' })).toBe(1);
    expect(await notifyUsers(t.db, id.YJ as string, [id.staff as string], { ...note, dedupeKey: undefined })).toBe(1);
    expect(await notifyUsers(t.db, id.YJ as string, [id.staff as string], { ...note, dedupeKey: undefined })).toBe(1);
    expect(await notifyUsers(t.db, id.YJ as string, [], note)).toBe(0);
    expect(await received()).toHaveLength(6);
    const failing = t.db.transaction().execute(async (trx) => {
      await notifyUsers(trx, id.YJ as string, [id.principal as string], { ...n, entityId: id.YJT0101 as string });
      throw new Error('业务写入失败');
    });
    await expect(failing).rejects.toThrow('业务写入失败');
    expect(await received()).toHaveLength(6); // nothing of the rolled-back transaction
  });
});

describe('scanHazardDeadlines', () => {
  afterEach(() => Promise.all((['notification', 'hazard'] as const).map((table) => t.db.deleteFrom(table).execute())));

  it('reminds the school of deadlines from today to today+3 and escalates yesterday; closed hazards stay quiet', async () => {
    await hazard('今天到期', { deadline: TODAY });
    await hazard('三天后到期', { deadline: '2026-03-13', state: 'assessed' });
    await hazard('四天后到期', { deadline: '2026-03-14' });
    await hazard('昨天到期', { deadline: '2026-03-09', state: 'pending_verification' });
    await hazard('已销号今天到期', { deadline: TODAY, ...closed });
    await hazard('已销号逾期', { deadline: '2026-03-01', ...closed, level: 'major' });
    await hazard('未定期限', { state: 'reported', level: null });
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 4, overdue: 5, proposed: 0 });
    const expected = all(
      to('deadline_soon', '今天到期', managers),
      to('deadline_soon', '三天后到期', managers),
      to('overdue', '昨天到期', [...managers, ...supervisorsOfT0101]),
    );
    expect(await received()).toEqual(expected);
    const soon = await t.db.selectFrom('notification').selectAll().where('kind', '=', 'deadline_soon').orderBy('title').execute();
    expect(soon.map((r) => r.body)).toContain('整改期限为 2026-03-10（今天到期），请按期完成整改并提交验收。');
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 0, overdue: 0, proposed: 0 });
    expect(await received()).toEqual(expected);
  });

  it('tells the district of an overdue major hazard and proposes 挂牌督办 unless already listed', async () => {
    await hazard('重大逾期', { level: 'major', deadline: '2026-03-01' });
    await hazard('重大已挂牌', { level: 'major', deadline: '2026-03-05', supervision_listed: true, supervision_listed_at: new Date() });
    await hazard('重大将至', { level: 'major', deadline: '2026-03-11' });
    await hazard('外区重大逾期', { district_id: id.LC as string, school_id: id.LCT0101 as string, level: 'major', deadline: '2026-03-09' });
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 2, overdue: 13, proposed: 2 });
    const escalated = [...managers, ...supervisorsOfT0101, 'admin'];
    expect(await received()).toEqual(
      all(
        to('overdue', '重大逾期', escalated),
        to('supervision_proposed', '重大逾期', ['admin']),
        to('overdue', '重大已挂牌', escalated),
        to('deadline_soon', '重大将至', managers),
        to('overdue', '外区重大逾期', ['other_admin']),
        to('supervision_proposed', '外区重大逾期', ['other_admin']),
      ),
    );
    expect(await scanHazardDeadlines(t.db, '2026-03-11')).toEqual({ deadlineSoon: 0, overdue: 0, proposed: 0 });
    expect(await scanHazardDeadlines(t.db, '2026-03-12')).toEqual({ deadlineSoon: 0, overdue: 6, proposed: 1 });
  });

  it('reminds the department a hazard was handed over to, and the school supervisors when it is late', async () => {
    const market = id['D-MARKET'] as string;
    await hazard('交办市场监管', { responsible_unit_id: market, handed_over_to: market, deadline: '2026-03-12' });
    await hazard('交办派出所逾期', { responsible_unit_id: id['D-PS01'] as string, handed_over_to: id['D-PS01'] as string, deadline: '2026-03-02' });
    await hazard('无人可提醒', { school_id: id.YJC0501 as string, responsible_unit_id: id.YJC0501 as string, deadline: '2026-03-08' });
    await hazard('无校长将至', { school_id: id.YJC0501 as string, responsible_unit_id: id.YJC0501 as string, deadline: '2026-03-11' });
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 1, overdue: 5, proposed: 0 });
    expect(await received()).toEqual(
      all(
        to('deadline_soon', '交办市场监管', ['dept_officer']),
        to('overdue', '交办派出所逾期', ['police', ...supervisorsOfT0101]),
        to('overdue', '无人可提醒', ['inspector15']),
      ),
    );
  });

  it('a new deadline (extension) earns new reminders; the old one is never repeated', async () => {
    const h = await hazard('延期', { deadline: '2026-03-09' });
    expect((await scanHazardDeadlines(t.db, TODAY)).overdue).toBe(5);
    await t.db.updateTable('hazard').set({ deadline: '2026-03-12' }).where('id', '=', h).execute();
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 2, overdue: 0, proposed: 0 });
    expect(await scanHazardDeadlines(t.db, '2026-03-12')).toEqual({ deadlineSoon: 0, overdue: 0, proposed: 0 });
    expect(await scanHazardDeadlines(t.db, '2026-03-13')).toEqual({ deadlineSoon: 0, overdue: 5, proposed: 0 });
    const keys = await t.db.selectFrom('notification').select('dedupe_key').distinct().orderBy('dedupe_key').execute();
    expect(keys.map((k) => k.dedupe_key)).toEqual([`deadline_soon:${h}:2026-03-12`, `overdue:${h}:2026-03-09`, `overdue:${h}:2026-03-12`]);
  });

  it('skips inactive users and refuses a malformed day', async () => {
    await setActive('school_officer', false);
    await hazard('停用账号', { deadline: TODAY });
    expect(await scanHazardDeadlines(t.db, TODAY)).toEqual({ deadlineSoon: 1, overdue: 0, proposed: 0 });
    await setActive('school_officer', true);
    await expect(scanHazardDeadlines(t.db, '2026-3-10')).rejects.toThrow(RangeError);
  });

  it('the scanner runs at start and then every hour until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const today = shanghaiDay(new Date());
      await hazard('扫描器逾期', { deadline: addDays(today, -1) });
      const log: string[] = [];
      const stop = startDeadlineScanner(t.db, (m) => log.push(m));
      await vi.waitFor(() => expect(log).toEqual(['整改期限提醒：期限将至 0 条，逾期 5 条，建议挂牌督办 0 条']), { timeout: 10_000 });
      await hazard('扫描器将至', { deadline: today });
      await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
      await vi.waitFor(() => expect(log).toHaveLength(2), { timeout: 10_000 });
      expect(log[1]).toBe('整改期限提醒：期限将至 2 条，逾期 0 条，建议挂牌督办 0 条');
      stop();
      await hazard('停止后', { deadline: today });
      await vi.advanceTimersByTimeAsync(2 * 60 * 60 * 1000);
      expect(log).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('inbox', () => {
  let principal: Client, officer: Client, otherAdmin: Client;
  const mine: string[] = [];
  let officersId = '';

  beforeAll(async () => {
    [principal, officer, otherAdmin] = [await t.login('principal'), await t.login('school_officer'), await t.login('other_admin')];
    // Inserted directly with fixed times, so "newest first" is deterministic.
    const base = { district_id: id.YJ as string, entity_type: 'hazard', entity_id: id.YJT0101 as string };
    const row = (user: string, kind: string, title: string, minute: number) => {
      const at = new Date(Date.UTC(2026, 2, 10, 1, minute));
      return { ...base, user_id: id[user] as string, kind, title, body: `${title}正文`, created_at: at };
    };
    const rows = [row('principal', 'assigned', '消息1', 1), row('principal', 'notice_issued', '消息2', 2), row('principal', 'overdue', '消息3', 3)];
    rows.push(row('school_officer', 'assigned', '安全干部的消息', 4));
    const ids = await t.db.insertInto('notification').values(rows).returning('id').execute();
    mine.push(...ids.slice(0, 3).map((r) => r.id));
    officersId = (ids[3] as { id: string }).id;
  });

  it('requires a session, and CSRF on changes', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/notifications')).statusCode).toBe(401);
    expect((await anon.post('/api/notifications/read-all')).json().error.code).toBe('UNAUTHENTICATED');
    const res = await principal.request({ method: 'POST', url: `/api/notifications/${mine[0]}/read`, headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REJECTED');
    const noToken = await t.server.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: principal.cookie } });
    expect(noToken.json().error.code).toBe('CSRF_REJECTED');
    expect((await principal.get('/api/notifications')).json().unread).toBe(3);
  });

  it('lists only the actor’s own notifications, newest first, with labels and counts', async () => {
    const res = await principal.get('/api/notifications');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 50 });
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['消息3', '消息2', '消息1']);
    expect(body.items[0]).toEqual({
      id: mine[2],
      kind: 'overdue',
      kindLabel: '隐患逾期',
      title: '消息3',
      body: '消息3正文',
      entityType: 'hazard',
      entityId: id.YJT0101,
      createdAt: '2026-03-10T01:03:00.000Z',
      readAt: null,
    });
    const page2 = (await principal.get('/api/notifications?page=2&pageSize=2')).json();
    expect([page2.total, page2.items.map((i: { title: string }) => i.title)]).toEqual([3, ['消息1']]);
    expect((await officer.get('/api/notifications')).json().items.map((i: { id: string }) => i.id)).toEqual([officersId]);
    expect((await otherAdmin.get('/api/notifications')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await principal.get('/api/notifications?unreadOnly=maybe')).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('marks one read, idempotently; another user’s notification is 404 and untouched', async () => {
    const audit = await countRows(t.db, 'audit_event');
    const first = await principal.post(`/api/notifications/${mine[0]}/read`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().readAt).toEqual(expect.any(String));
    const again = await principal.post(`/api/notifications/${mine[0]}/read`);
    expect(again.json().readAt).toBe(first.json().readAt);
    for (const [c, target] of [
      [officer, mine[1]],
      [otherAdmin, mine[1]],
      [principal, officersId],
      [principal, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await c.post(`/api/notifications/${target}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await principal.post('/api/notifications/nope/read')).statusCode).toBe(400);
    const unread = (await principal.get('/api/notifications?unreadOnly=true')).json();
    expect([unread.total, unread.unread, unread.items.map((i: { id: string }) => i.id)]).toEqual([2, 2, [mine[2], mine[1]]]);
    expect((await officer.get('/api/notifications')).json().unread).toBe(1);
    expect(await countRows(t.db, 'audit_event')).toBe(audit); // reading is not audited
  });

  it('marks all of the actor’s notifications read, and only theirs', async () => {
    const res = await principal.post('/api/notifications/read-all');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    expect((await principal.post('/api/notifications/read-all')).json()).toEqual({ updated: 0 });
    expect((await principal.get('/api/notifications')).json()).toMatchObject({ total: 3, unread: 0 });
    expect((await principal.get('/api/notifications?unreadOnly=true')).json()).toMatchObject({ total: 0, items: [] });
    expect((await officer.get('/api/notifications')).json()).toMatchObject({ total: 1, unread: 1 });
  });
});
