import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoKeyPersons } from '../../src/server/demo/demo-key-persons.js';
import { loadDemoPremises } from '../../src/server/demo/demo-premises.js';
import { packOf } from '../../src/server/policy/policy.service.js';
import { type Client, createTestApp, type TestApp } from '../support/harness.js';

/**
 * The demo's surroundings as `npm start` loads them: the primary school's breaches name its gate
 * (网吧距…南门 126 米), and the demo police station's key persons with overdue follow-ups reach the
 * police workbench and nobody else's.
 */
let t: TestApp;
let police: Client, admin: Client;
let districtId = '';

beforeAll(async () => {
  t = await createTestApp();
  [police, admin] = await t.loginAll(['police', 'admin'] as const);
  districtId = (await t.db.selectFrom('app_user').select('district_id').where('username', '=', 'admin').executeTakeFirstOrThrow()).district_id;
  const pack = await packOf(t.ctx, districtId);
  expect(await t.db.transaction().execute((trx) => loadDemoPremises(trx, pack, districtId))).toBeGreaterThan(10);
  expect(await t.db.transaction().execute((trx) => loadDemoKeyPersons(trx, pack, districtId))).toBe(6);
}, 180_000);
afterAll(() => t.close());

describe('demo surroundings', () => {
  it("the internet café is 126 m from the primary school's 南门, and the breach says so", async () => {
    const list = (await admin.get('/api/premises?keyword=极速网咖')).json();
    expect(list.items).toHaveLength(1);
    const near = list.items[0].near[0];
    expect(near).toMatchObject({ gateName: '南门', fromSchoolPoint: false, breach: true });
    expect(near.message).toMatch(/^网吧（上网服务场所）距.+南门 126 米，违反 200 米内禁设规定$/);
  });

  it('the police see six key persons with three overdue follow-ups; the district admin sees none of it', async () => {
    const list = (await police.get('/api/key-persons')).json();
    expect(list.total).toBe(6);
    expect(list.items.every((i: { idNumberMasked: string }) => /^\*{14}\d{3}X$/.test(i.idNumberMasked))).toBe(true);
    const overdue = (await police.get('/api/key-persons?overdue=true&mine=true')).json();
    expect(overdue.total).toBe(3);
    const wb = await police.get('/api/workbench');
    expect(wb.body).toContain('重点人员走访逾期');
    const adminWb = await admin.get('/api/workbench');
    expect(adminWb.body).not.toContain('重点人员');
    const trail = await admin.get('/api/audit-events?keyword=重点人员');
    expect(trail.json().total).toBe(0);
  });
});
