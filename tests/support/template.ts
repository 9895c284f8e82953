import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemActor } from '../../src/server/auth/actor.js';
import './audit-key.js';
import type { Db } from '../../src/server/db/database.js';
import { openPglite, openPostgres } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';
import { loadDemoDistrict } from '../../src/server/demo/demo-district.js';
import { insertOrgUnit } from '../../src/server/org/org.repository.js';
import { loadPolicyRegistry } from '../../src/server/policy/policy.registry.js';
import { syncAllDistricts } from '../../src/server/policy/templates.service.js';
import { insertSchoolWithAudit } from '../../src/server/schools/schools.service.js';
import { createDistrictWithAdmin } from '../../src/server/setup/setup.service.js';

export type TemplateInfo = { kind: 'pglite' | 'postgresql'; location: string; adminUrl: string };

/** The second district: one township, one school, one admin (`other_admin`). */
export async function seedOtherDistrict(db: Db) {
  const { districtId } = await createDistrictWithAdmin(db, {
    districtName: '临川区教育委员会',
    districtCode: 'LC',
    adminUsername: 'other_admin',
    adminName: '外区管理员',
    adminPassword: DEMO_PASSWORD,
  });
  await db.transaction().execute(async (trx) => {
    const t = await insertOrgUnit(trx, {
      district_id: districtId,
      parent_id: districtId,
      kind: 'township',
      name: '临川街道',
      code: 'T01',
      department_type: null,
    });
    await insertSchoolWithAudit(trx, systemActor(districtId), {
      name: '临川第一小学',
      code: 'LCT0101',
      parentId: t.id,
      schoolType: 'primary',
      ownership: 'public',
      enrollment: 900,
      boardingStudents: 0,
      staffCount: 50,
      gateCount: 2,
      busCount: 0,
      classCounts: [],
      address: '',
      longitude: null,
      latitude: null,
      principalName: '',
      principalPhone: '',
      safetyOfficerName: '',
      safetyOfficerPhone: '',
      phone: '',
    });
  });
}

async function seed(db: Db) {
  await migrateToLatest(db);
  await loadDemoDistrict(db, { withHazards: false });
  await seedOtherDistrict(db);
  // As the server does at start: each district's checklist templates from its policy pack.
  await syncAllDistricts(db, loadPolicyRegistry());
}

/**
 * PostGIS in the PostgreSQL test databases when the server has it (CI installs postgresql-15-postgis-3):
 * the surroundings then take their PostGIS path on PostgreSQL and the plain path on PGlite, and
 * tests/server/surroundings-postgis.test.ts compares the two. Without it nothing is created here;
 * that test fails under CI=true and says why.
 */
async function createPostgisIfAvailable(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select 1 from pg_available_extensions where name = 'postgis'`);
    if (r.rowCount) await c.query('create extension if not exists postgis');
  } finally {
    await c.end();
  }
}

export async function buildTemplate(): Promise<TemplateInfo> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `huxiao_tmpl_${process.pid}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
    await client.end();
    await createPostgisIfAvailable(withDatabase(adminUrl, name));
    const handle = await openPostgres(withDatabase(adminUrl, name), 2);
    await seed(handle.db);
    await handle.close();
    return { kind: 'postgresql', location: name, adminUrl };
  }
  const handle = await openPglite(undefined);
  await seed(handle.db);
  const image = await (handle.dumpDataDir as NonNullable<typeof handle.dumpDataDir>)();
  const file = path.join(os.tmpdir(), `huxiao-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  await handle.close();
  return { kind: 'pglite', location: file, adminUrl: '' };
}

export async function dropTemplate(info: TemplateInfo) {
  const client = new pg.Client({ connectionString: info.adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${info.location}`);
  await client.end();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
