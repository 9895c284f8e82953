import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { buildApp } from '../../src/server/app.js';
import { LocalFileStore } from '../../src/server/attachments/file-store.js';
import { prepareAuditTrail } from '../../src/server/audit/audit-trail-setup.js';
import { parseConfig } from '../../src/server/config.js';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { loadDemoDistrict } from '../../src/server/demo/demo-district.js';
import { loadPolicyRegistry } from '../../src/server/policy/policy.registry.js';
import { syncAllDistricts } from '../../src/server/policy/templates.service.js';
import { TEST_AUDIT_KEY } from '../support/audit-key.js';
import { withDatabase } from '../support/template.js';

/**
 * The demo's 整改通知书 and 执法处罚书 (demo-notices.ts) tell the same story as its hazards, and
 * the figures read them. Loaded as `npm start` loads the demo (with its hazard history), on PGlite
 * or, with TEST_DATABASE_URL, on a fresh PostgreSQL database.
 */
let h: DatabaseHandle;
let drop = async () => {};
let server: FastifyInstance;
let dataDir: string;
let districtId: string;
const today = shanghaiDay(new Date());
const day = (d: Date | null) => (d ? shanghaiDay(d) : null);

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `huxiao_demo_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    h = await openPostgres(withDatabase(url, name), 5);
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.end();
    };
  } else h = await openPglite(undefined);
  await migrateToLatest(h.db);
  districtId = (await loadDemoDistrict(h.db)).districtId;
  const policies = loadPolicyRegistry();
  await syncAllDistricts(h.db, policies);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-demo-notices-'));
  const config = parseConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUDIT_KEY: TEST_AUDIT_KEY });
  await prepareAuditTrail(h.db, config);
  const files = new LocalFileStore(path.join(dataDir, 'files'));
  server = await buildApp({ db: h.db, dbKind: h.kind, config, startedAt: new Date(), files, policies }, { logger: false, serveWeb: false });
  await server.ready();
}, 180_000);
afterAll(async () => {
  await server?.close();
  await h?.close();
  await drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(username: string, url: string) {
  const login = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await server.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const issuerSource = { inspector: 'inspector', centre: 'centre', police: 'police', joint: 'joint' } as Record<string, string>;

describe('demo notices and penalties', () => {
  it('lists only hazards of the notice’s school, found by its level, sharing its deadline', async () => {
    const notices = await h.db.selectFrom('rectification_notice').selectAll().where('district_id', '=', districtId).execute();
    expect(notices.length).toBeGreaterThanOrEqual(25);
    expect(notices.length).toBeLessThanOrEqual(40);
    expect(new Set(notices.map((n) => n.number)).size).toBe(notices.length);
    const rows = await h.db
      .selectFrom('notice_hazard as l')
      .innerJoin('hazard as z', (j) => j.onRef('z.district_id', '=', 'l.district_id').onRef('z.id', '=', 'l.hazard_id'))
      .select(['l.notice_id', 'z.school_id', 'z.source', 'z.found_at', 'z.deadline', 'z.found_by_unit_id', 'z.state', 'z.closed_at', 'z.code'])
      .where('l.district_id', '=', districtId)
      .execute();
    for (const n of notices) {
      const listed = rows.filter((r) => r.notice_id === n.id);
      expect(listed.length, n.number).toBeGreaterThanOrEqual(1);
      expect(listed.length, n.number).toBeLessThanOrEqual(3);
      const issued = day(n.issued_at) as string;
      for (const z of listed) {
        expect(z.school_id, z.code).toBe(n.school_id);
        expect(z.source, z.code).toBe(issuerSource[n.issuer_kind]);
        expect(z.found_by_unit_id, z.code).toBe(n.issuer_unit_id);
        expect(z.deadline, z.code).toBe(n.deadline);
        expect(issued >= (day(z.found_at) as string), z.code).toBe(true);
        expect(n.issued_at.getTime()).toBeGreaterThanOrEqual(z.found_at.getTime());
      }
      // issued ≤ acknowledged ≤ replied ≤ today; replied exactly when every listed hazard is closed (and acknowledged).
      expect(issued <= today && n.deadline >= issued, n.number).toBe(true);
      if (n.acknowledged_at) expect(n.acknowledged_at.getTime()).toBeGreaterThan(n.issued_at.getTime());
      if (n.replied_at) {
        expect(n.acknowledged_at, n.number).not.toBeNull();
        expect(n.replied_at.getTime()).toBeGreaterThan((n.acknowledged_at as Date).getTime());
        expect((day(n.replied_at) as string) <= today).toBe(true);
        expect(n.reply_text).not.toBe('');
      }
      if (n.replied_at) expect(listed.every((z) => z.state === 'closed')).toBe(true);
      else if (n.acknowledged_at) expect(listed.some((z) => z.state !== 'closed') || (day(n.acknowledged_at) as string) >= addDays(today, -1)).toBe(true);
    }
    // Some list several findings of one visit: their deadlines were brought to the notice's.
    expect(notices.filter((n) => rows.filter((r) => r.notice_id === n.id).length > 1).length).toBeGreaterThan(1);
    // A mix of states: most replied, some waiting for 签收, some 逾期未回执.
    expect(notices.filter((n) => n.replied_at).length).toBeGreaterThan(notices.length / 3);
    expect(notices.some((n) => !n.acknowledged_at)).toBe(true);
    expect(notices.some((n) => !n.replied_at && n.deadline < today)).toBe(true);
  });

  it('writes the notice on each hazard’s timeline and moves the number counters past the numbers', async () => {
    const links = await h.db.selectFrom('notice_hazard').select(['notice_id', 'hazard_id']).where('district_id', '=', districtId).execute();
    const events = await h.db
      .selectFrom('hazard_event')
      .select(['hazard_id', 'data', 'occurred_at'])
      .where('district_id', '=', districtId)
      .where('action', '=', 'notice_issued')
      .execute();
    expect(events.length).toBe(links.length);
    for (const l of links) expect(events.some((e) => e.hazard_id === l.hazard_id && (e.data as { noticeId: string }).noticeId === l.notice_id)).toBe(true);
    const notices = await h.db.selectFrom('rectification_notice').select(['issuer_unit_id', 'year', 'seq']).where('district_id', '=', districtId).execute();
    const counters = new Map(
      (await h.db.selectFrom('counter').select(['name', 'value']).where('district_id', '=', districtId).execute()).map((c) => [c.name, Number(c.value)]),
    );
    for (const n of notices) expect(counters.get(`notice:${n.issuer_unit_id}:${n.year}`) ?? 0).toBeGreaterThanOrEqual(n.seq);
  });

  it('has a few past penalty decisions by police stations, on hazards the station found at that school', async () => {
    const penalties = await h.db
      .selectFrom('penalty_decision as p')
      .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'p.district_id').onRef('u.id', '=', 'p.police_unit_id'))
      .select(['p.id', 'p.school_id', 'p.decided_on', 'p.number', 'u.department_type'])
      .where('p.district_id', '=', districtId)
      .execute();
    expect(penalties.length).toBeGreaterThanOrEqual(3);
    expect(penalties.length).toBeLessThanOrEqual(6);
    const hazards = await h.db
      .selectFrom('penalty_hazard as l')
      .innerJoin('hazard as z', (j) => j.onRef('z.district_id', '=', 'l.district_id').onRef('z.id', '=', 'l.hazard_id'))
      .select(['l.penalty_id', 'z.school_id', 'z.source', 'z.found_at'])
      .where('l.district_id', '=', districtId)
      .execute();
    for (const p of penalties) {
      expect(p.department_type).toBe('police_station');
      expect(p.decided_on < today, p.number).toBe(true);
      const listed = hazards.filter((z) => z.penalty_id === p.id);
      expect(listed.length).toBeGreaterThan(0);
      for (const z of listed) {
        expect(z.school_id).toBe(p.school_id);
        expect(z.source).toBe('police');
        expect(p.decided_on >= (day(z.found_at) as string)).toBe(true);
      }
    }
  });

  it('shows in the notice statistics and the 督查汇总 with the numbers of the tables', async () => {
    const from = addDays(today, -200);
    const [{ n: notices }, { n: penalties }] = await Promise.all([
      h.db
        .selectFrom('rectification_notice')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('district_id', '=', districtId)
        .executeTakeFirstOrThrow(),
      h.db
        .selectFrom('penalty_decision')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('district_id', '=', districtId)
        .executeTakeFirstOrThrow(),
    ]);
    const stats = await get('admin', `/api/notices/stats?from=${from}&to=${today}`);
    expect(stats.notices).toBe(Number(notices));
    expect(stats.penalties).toBe(Number(penalties));
    expect(stats.notices).toBeGreaterThan(0);
    expect(stats.penalties).toBeGreaterThan(0);
    const summary = await get('admin', `/api/statistics/supervision-summary?from=${from}&to=${today}`);
    expect(summary.noticesIssued).toBe(Number(notices));
    expect(summary.penalties).toBe(Number(penalties));
    // The police account sees what its station issued and recorded.
    const police = await get('police', `/api/notices?page=1&pageSize=50`);
    expect(police.total).toBeGreaterThan(0);
  });
});
