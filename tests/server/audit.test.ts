import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../src/server/audit/audit.service.js';
import { openPglite } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createDistrictWithAdmin } from '../../src/server/setup/setup.service.js';
import { TEST_AUDIT_KEY } from '../support/audit-key.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

const run = promisify(execFile);
let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('listAuditEvents', () => {
  it('shows who changed what and when, with before and after, newest first', async () => {
    const id = await idOfSchool(t.db, 'YJT0205');
    await admin.patch(`/api/schools/${id}`, { enrollment: 1234 });
    const res = await admin.get(`/api/audit-events?entityId=${id}&pageSize=5`);
    expect(res.statusCode).toBe(200);
    const [latest] = res.json().items;
    expect(latest).toMatchObject({ action: 'school.update', actorName: '周建国', actorRole: 'district_admin', after: { enrollment: 1234 } });
    expect(latest.before.enrollment).not.toBe(1234);
    expect(new Date(latest.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('filters by action, keyword and time range', async () => {
    const byAction = (await admin.get('/api/audit-events?action=school.demo_create&pageSize=1')).json();
    expect(byAction.total).toBe(270);
    const byKeyword = (await admin.get(`/api/audit-events?keyword=${encodeURIComponent('周建国')}`)).json();
    expect(byKeyword.items.every((e: { actorName: string; summary: string }) => e.actorName.includes('周建国') || e.summary.includes('周建国'))).toBe(true);
    const future = (await admin.get('/api/audit-events?from=2100-01-01T00:00:00Z')).json();
    expect(future.total).toBe(0);
    const bad = await admin.get('/api/audit-events?from=2025-02-01&to=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect((await admin.get('/api/audit-events?from=yesterday')).statusCode).toBe(400);
  });

  it('never shows another district’s trail', async () => {
    const other = await t.login('other_admin');
    const items = (await other.get('/api/audit-events?pageSize=200')).json().items as { summary: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((e) => e.summary.includes('云江'))).toBe(false);
  });
});

describe('hash chain', () => {
  it('verifies every district’s chain', async () => {
    const { districts } = await verifyAuditChains(t.db, t.ctx.config);
    expect(districts).toHaveLength(2);
    for (const r of districts) expect(r).toMatchObject({ ok: true, firstBreak: null });
  });

  it('refuses to update or delete a trail row', async () => {
    await expect(sql`update audit_event set summary = 'x' where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('reports the first broken link when a stored row is altered behind the trigger', async () => {
    const district = (await admin.get('/api/auth/me')).json().districtId;
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(t.db);
    await sql`update audit_event set summary = summary || '（篡改）' where district_id = ${district} and seq in (7, 9)`.execute(t.db);
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(t.db);
    const report = (await verifyAuditChains(t.db, t.ctx.config)).districts.find((r) => r.districtId === district);
    expect(report).toMatchObject({ ok: false, firstBreak: { seq: 7 } });
  });
});

describe('npx huxiao audit verify', () => {
  it('exits 0 on an intact trail and 1 naming the first altered row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-audit-'));
    const h = await openPglite(dir);
    await migrateToLatest(h.db);
    await createDistrictWithAdmin(h.db, {
      districtName: '测试区',
      districtCode: 'CS',
      adminUsername: 'cs_admin',
      adminName: '测试管理员',
      adminPassword: 'Test2026pass',
    });
    await createDistrictWithAdmin(h.db, {
      districtName: '测试二区',
      districtCode: 'CS2',
      adminUsername: 'cs2_admin',
      adminName: '测试管理员二',
      adminPassword: 'Test2026pass',
    });
    await h.close();
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', AUDIT_KEY: TEST_AUDIT_KEY };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const ok = await run(process.execPath, ['bin/huxiao.mjs', 'audit', 'verify'], { env });
    expect(ok.stdout).toContain('哈希链完整');

    const h2 = await openPglite(dir);
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(h2.db);
    await sql`update audit_event set actor_name = '某人' where seq = 1 and summary like '%测试二区%'`.execute(h2.db);
    await h2.close();
    const broken = await run(process.execPath, ['bin/huxiao.mjs', 'audit', 'verify'], { env }).catch((e) => e);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/哈希链在第 1 条断裂/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 150_000); // two CLI starts (tsx + PGlite open) take over 60 s on a loaded CI machine
});
