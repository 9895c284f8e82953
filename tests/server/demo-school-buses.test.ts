import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoSchoolBuses } from '../../src/server/demo/demo-school-buses.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

/** The demo district's buses and waters load and read back through the API as a user sees them. */
let t: TestApp;
let admin: Client, officer: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = await t.loginAll(['admin', 'school_officer'] as const);
  const districtId = (await admin.get('/api/auth/me')).json().districtId as string;
  const pack = await packOf(t.ctx, districtId);
  await t.db.transaction().execute((trx) => loadDemoSchoolBuses(trx, pack, districtId));
});
afterAll(() => t.close());

describe('demo school buses and waters', () => {
  it('registers the declared buses (some schools short of their 校车数) with flags, checks and the demo school a to-do', async () => {
    const list = (await admin.get('/api/school-buses')).json();
    expect(list.counts.vehicles).toBeGreaterThan(10);
    expect(list.counts.mismatched).toBeGreaterThan(0);
    expect(
      list.items.every((b: { drivers: unknown[]; escorts: unknown[]; routes: unknown[] }) => b.drivers.length && b.escorts.length && b.routes.length),
    ).toBe(true);
    const checks = (await admin.get('/api/school-bus-checks?kind=special_check')).json();
    expect(checks.total).toBeGreaterThan(0);
    const own = (await officer.get('/api/school-buses')).json();
    expect(own.items).toHaveLength(1);
    expect(own.items[0].flags.map((f: { code: string; severity: string }) => `${f.code}:${f.severity}`).sort()).toEqual([
      'driver_licence:due',
      'inspection:expired',
    ]);
  });

  it('gives the waters their signs, barriers and patrols', async () => {
    const waters = (await admin.get('/api/premises?typeCode=dangerous_water')).json().items as { id: string }[];
    expect(waters.length).toBeGreaterThanOrEqual(1);
    for (const w of waters) {
      const r = (await admin.get(`/api/premises/${w.id}/water`)).json();
      expect(r.facilities).not.toBeNull();
      expect(r.patrols.length).toBeGreaterThan(10);
    }
  });
});
