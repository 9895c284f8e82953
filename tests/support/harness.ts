import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { LocalFileStore } from '../../src/server/attachments/file-store.js';
import { prepareAuditTrail } from '../../src/server/audit/audit-trail-setup.js';
import { parseConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type DatabaseHandle, type Db, openPglite, openPostgres } from '../../src/server/db/database.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { loadPolicyRegistry, type PolicyRegistry } from '../../src/server/policy/policy.registry.js';
import { TEST_AUDIT_KEY } from './audit-key.js';
import { withDatabase } from './template.js';

/** Opens this test file's own database, copied from the run's template. */
async function openTestDatabase(): Promise<DatabaseHandle & { drop: () => Promise<void> }> {
  const t = inject('dbTemplate');
  if (t.kind === 'pglite') {
    const handle = await openPglite(undefined, new Blob([fs.readFileSync(t.location)]));
    return { ...handle, drop: async () => {} };
  }
  const name = `huxiao_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: t.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${t.location}`);
  await admin.end();
  const handle = await openPostgres(withDatabase(t.adminUrl, name), 5);
  return {
    ...handle,
    drop: async () => {
      const c = new pg.Client({ connectionString: t.adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}

export type Client = {
  username: string;
  csrfToken: string;
  cookie: string;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  delete: (url: string) => Promise<LightMyRequestResponse>;
  upload: (url: string, file: Buffer) => Promise<LightMyRequestResponse>;
  request: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
};

export type TestApp = {
  server: FastifyInstance;
  ctx: AppContext;
  db: Db;
  kind: 'pglite' | 'postgresql';
  login: (username: string, password?: string) => Promise<Client>;
  /** Signs several users in at once, typed as a tuple of clients. */
  loginAll: <N extends readonly string[]>(names: N) => Promise<{ [K in keyof N]: Client }>;
  anonymous: () => Client;
  close: () => Promise<void>;
};

let policies: PolicyRegistry | undefined;
/** The repository's packs, read once per test file. */
const testPolicies = () => {
  policies ??= loadPolicyRegistry();
  return policies;
};

export async function createTestApp(): Promise<TestApp> {
  const handle = await openTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-test-data-'));
  const config = parseConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUDIT_KEY: TEST_AUDIT_KEY });
  await prepareAuditTrail(handle.db, config);
  const ctx: AppContext = {
    db: handle.db,
    dbKind: handle.kind,
    config,
    startedAt: new Date(),
    files: new LocalFileStore(path.join(dataDir, 'files')),
    policies: testPolicies(),
  };
  const server = await buildApp(ctx, { logger: false, serveWeb: false });
  await server.ready();

  const clientFor = (username: string, cookie: string, csrfToken: string): Client => {
    const request = (opts: InjectOptions) => server.inject({ ...opts, headers: { cookie, ...(csrfToken && { 'x-csrf-token': csrfToken }), ...opts.headers } });
    return {
      username,
      cookie,
      csrfToken,
      request,
      get: (url) => request({ method: 'GET', url }),
      post: (url, body) => request({ method: 'POST', url, ...(body !== undefined && { payload: body as object }) }),
      patch: (url, body) => request({ method: 'PATCH', url, payload: body as object }),
      put: (url, body) => request({ method: 'PUT', url, payload: body as object }),
      delete: (url) => request({ method: 'DELETE', url }),
      upload: (url, file) =>
        request({ method: 'POST', url, payload: file, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
    };
  };

  const login = async (username: string, password = DEMO_PASSWORD): Promise<Client> => {
    const res = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return clientFor(username, cookie, res.json().csrfToken);
  };

  return {
    server,
    ctx,
    db: handle.db,
    kind: handle.kind,
    anonymous: () => clientFor('', '', ''),
    login,
    loginAll: <N extends readonly string[]>(names: N) => Promise.all(names.map((u) => login(u))) as Promise<{ [K in keyof N]: Client }>,
    close: async () => {
      await server.close();
      await handle.close();
      await handle.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The audit events recorded for an entity, newest first. */
export async function auditEventsFor(db: Db, entityId: string) {
  return db.selectFrom('audit_event').selectAll().where('entity_id', '=', entityId).orderBy('seq', 'desc').execute();
}

export async function countRows(db: Db, table: 'org_unit' | 'school' | 'app_user' | 'assignment' | 'audit_event' | 'user_session') {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function idOfSchool(db: Db, code: string): Promise<string> {
  const r = await db.selectFrom('org_unit').select('id').where('code', '=', code).where('kind', '=', 'school').executeTakeFirstOrThrow();
  return r.id;
}

export async function idOfUser(db: Db, username: string): Promise<string> {
  const r = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return r.id;
}
