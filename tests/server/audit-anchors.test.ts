import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../src/domain/audit-chain.js';
import { verifyAuditChains } from '../../src/server/audit/audit.service.js';
import { type Db, openPglite } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createDistrictWithAdmin } from '../../src/server/setup/setup.service.js';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

const run = promisify(execFile);
let t: TestApp;
let admin: Client;
let districtId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  districtId = (await admin.get('/api/auth/me')).json().districtId;
});
afterAll(() => t.close());

const verify = async (id: string) => (await verifyAuditChains(t.db, t.ctx.config)).districts.find((d) => d.districtId === id);
const otherDistrict = () =>
  anchorLines()
    .map((l) => JSON.parse(l).districtId as string)
    .find((d) => d !== districtId) as string;
const anchorLines = () => fs.readFileSync(t.ctx.config.auditAnchorFile, 'utf8').trim().split('\n');

/** What a database writer without the key can do: rewrite one row and recompute every later link and the head with plain SHA-256. */
async function rewriteAndRecompute(db: Db, district: string, fromSeq: number) {
  const rows = await db.selectFrom('audit_event').selectAll().where('district_id', '=', district).where('seq', '>=', fromSeq).orderBy('seq').execute();
  const prev = await db
    .selectFrom('audit_event')
    .select('hash')
    .where('district_id', '=', district)
    .where('seq', '=', fromSeq - 1)
    .executeTakeFirst();
  let prevHash = prev?.hash ?? GENESIS_HASH;
  await sql`alter table audit_event disable trigger audit_event_no_change`.execute(db);
  for (const r of rows) {
    const summary = Number(r.seq) === fromSeq ? `${r.summary}（篡改）` : r.summary;
    const content = {
      districtId: r.district_id,
      seq: Number(r.seq),
      occurredAt: r.occurred_at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgUnitId: r.org_unit_id,
      summary,
      before: r.before,
      after: r.after,
      ip: r.ip,
    };
    const hash = chainHash(prevHash, content);
    await sql`update audit_event set summary = ${summary}, prev_hash = ${prevHash}, hash = ${hash}, hash_version = 1
      where district_id = ${district} and seq = ${r.seq}`.execute(db);
    prevHash = hash;
  }
  await sql`alter table audit_event enable trigger audit_event_no_change`.execute(db);
  await sql`update audit_chain_head set hash = ${prevHash} where district_id = ${district}`.execute(db);
}

describe('anchors', () => {
  it('every district was sealed when the server first opened its chain; the trail verifies', async () => {
    const lines = anchorLines().map((l) => JSON.parse(l));
    expect(lines.filter((a) => a.reason === 'seal')).toHaveLength(2);
    expect(lines[0]).toMatchObject({ unkeyedUntil: 0, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const report = await verify(districtId);
    expect(report).toMatchObject({ ok: true, anchors: 1 });
  });

  it('every monthly briefing export writes an anchor and prints it on the Excel and the PDF', async () => {
    const before = anchorLines().length;
    const month = new Date().toISOString().slice(0, 7);
    const xlsx = await admin.get(`/api/supervision/monthly-briefing?month=${month}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const pdf = await admin.get(`/api/supervision/monthly-briefing?month=${month}&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    const lines = anchorLines()
      .slice(before)
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ districtId, reason: 'briefing' });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const subtitle = String(wb.worksheets[0]?.getCell('A2').value ?? '');
    expect(subtitle).toContain(`操作日志锚点：第 ${lines[0].seq} 条，${lines[0].hash.slice(0, 16)}`);
    expect((await verify(districtId))?.ok).toBe(true);
    // A refused export writes nothing.
    const school = await t.login('principal');
    expect((await school.get(`/api/supervision/monthly-briefing?month=${month}&format=xlsx`)).statusCode).toBe(403);
    expect(anchorLines()).toHaveLength(before + 2);
  });

  it('a removed tail that the head was rewound over is found by the anchor', async () => {
    await admin.get(`/api/supervision/monthly-briefing?month=${new Date().toISOString().slice(0, 7)}&format=xlsx`);
    const anchored = JSON.parse(anchorLines().at(-1) as string);
    const cut = anchored.seq as number;
    const prev = await t.db
      .selectFrom('audit_event')
      .select('hash')
      .where('district_id', '=', districtId)
      .where('seq', '=', cut - 1)
      .executeTakeFirstOrThrow();
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(t.db);
    await sql`delete from audit_event where district_id = ${districtId} and seq >= ${cut}`.execute(t.db);
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(t.db);
    await sql`update audit_chain_head set seq = ${cut - 1}, hash = ${prev.hash} where district_id = ${districtId}`.execute(t.db);
    const report = await verify(districtId);
    expect(report?.ok).toBe(false);
    expect(report?.firstBreak?.seq).toBe(cut);
    expect(report?.firstBreak?.reason).toMatch(/锚点文件第 \d+ 行.*数据库中已没有这一条/);
  });

  it('an edited anchor line is reported by its MAC', async () => {
    const other = otherDistrict();
    const file = t.ctx.config.auditAnchorFile;
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.trim().split('\n');
    const i = lines.findIndex((l) => l.includes(other));
    lines[i] = JSON.stringify({ ...JSON.parse(lines[i] as string), hash: 'f'.repeat(64) });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const report = await verify(other);
    expect(report?.firstBreak?.reason).toMatch(new RegExp(`锚点文件第 ${i + 1} 行.*签名不符`));
    fs.writeFileSync(file, original);
    expect((await verify(other))?.ok).toBe(true);
  });
});

describe('rewrite and recompute', () => {
  it('rewriting a row and recomputing every later hash and the head with plain SHA-256 is found at that row', async () => {
    const other = otherDistrict();
    await rewriteAndRecompute(t.db, other, 1);
    expect((await verify(other))?.firstBreak?.seq).toBe(1);
    await rewriteAndRecompute(t.db, districtId, 5);
    expect((await verify(districtId))?.firstBreak).toMatchObject({ seq: 5, reason: expect.stringMatching(/未加密钥/) });
  });
});

describe('npx huxiao audit verify: key and legacy chains', () => {
  const cli = (env: Record<string, string | undefined>) => {
    const e = { ...process.env, ...env };
    delete e.DATABASE_URL;
    if (!env.AUDIT_KEY) delete e.AUDIT_KEY;
    return run(process.execPath, ['bin/huxiao.mjs', 'audit', 'verify'], { env: e }).catch((err) => err);
  };

  it('a missing key is a clear error in Chinese and English, a wrong key breaks at the first keyed link', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-key-'));
    const h = await openPglite(dir);
    await migrateToLatest(h.db);
    await createDistrictWithAdmin(h.db, {
      districtName: '测试区',
      districtCode: 'KS',
      adminUsername: 'ks_admin',
      adminName: '测试管理员',
      adminPassword: 'Test2026pass',
    });
    await h.close();
    const missing = await cli({ DATA_DIR: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('缺少操作日志密钥文件');
    expect(missing.stderr).toContain('Audit key missing');
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(path.join(dir, 'audit.key'))).toBe(false);
    const wrong = await cli({ DATA_DIR: dir, AUDIT_KEY: 'b6'.repeat(32) });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/哈希链在第 1 条断裂：记录内容与其密钥哈希不符/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 150_000);

  it('an unkeyed chain from before keying verifies, gets a 0600 key and a seal; recomputing it afterwards is found', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-legacy-'));
    const h = await openPglite(dir);
    await migrateToLatest(h.db);
    const district = randomUUID();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const content = {
        districtId: district,
        seq,
        occurredAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)),
        actorId: null,
        actorName: '系统',
        actorRole: 'system',
        action: 'legacy.event',
        entityType: 'test',
        entityId: String(seq),
        orgUnitId: null,
        summary: `旧记录 ${seq}`,
        before: null,
        after: { n: seq },
        ip: '',
      };
      const hash = chainHash(prev, content);
      await sql`insert into audit_event (district_id, seq, occurred_at, actor_id, actor_name, actor_role, action, entity_type, entity_id, org_unit_id, summary, before, after, ip, prev_hash, hash, hash_version)
        values (${district}, ${seq}, ${content.occurredAt}, null, '系统', 'system', 'legacy.event', 'test', ${String(seq)}, null, ${content.summary}, null, ${JSON.stringify(content.after)}, '', ${prev}, ${hash}, 1)`.execute(
        h.db,
      );
      prev = hash;
    }
    await sql`insert into audit_chain_head (district_id, seq, hash) values (${district}, 3, ${prev})`.execute(h.db);
    await h.close();
    const ok = await cli({ DATA_DIR: dir });
    expect(ok.stdout).toContain('3 条记录，1 个锚点，哈希链完整');
    expect(fs.statSync(path.join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    const seal = JSON.parse(fs.readFileSync(path.join(dir, 'audit-anchors.log'), 'utf8').trim());
    expect(seal).toMatchObject({ districtId: district, seq: 3, reason: 'seal', unkeyedUntil: 3 });

    const h2 = await openPglite(dir);
    await rewriteAndRecompute(h2.db, district, 2);
    await h2.close();
    const broken = await cli({ DATA_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/哈希链在第 3 条断裂：锚点文件第 1 行/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 150_000);
});
