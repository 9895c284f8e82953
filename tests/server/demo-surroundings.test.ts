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

  it('premises of 文化、住建、水利 types point to the demo departments, and a breach is handed over in one step', async () => {
    const depts: [string, string][] = [
      ['极速网咖', '区文化市场综合行政执法支队'],
      ['星际电玩城', '区文化市场综合行政执法支队'],
      ['滨江小区二期工地', '区住房和城乡建设委员会'],
      ['李家湾水库', '区水利局'],
    ];
    for (const [keyword, dept] of depts) {
      const items = (await admin.get(`/api/premises?keyword=${encodeURIComponent(keyword)}`)).json().items;
      expect(items[0], keyword).toMatchObject({ departmentName: dept });
    }
    const cafe = (await admin.get(`/api/premises?keyword=${encodeURIComponent('极速网咖')}`)).json().items[0];
    const r = await admin.post(`/api/premises/${cafe.id}/hazards`, { schoolId: cafe.near[0].schoolId });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ handedOver: true, note: '已交办区文化市场综合行政执法支队' });
    // Handed over to the culture department, whose demo officer is an account of that unit.
    const culture = await t.db.selectFrom('app_user').select('org_unit_id').where('username', '=', 'culture_officer').executeTakeFirstOrThrow();
    expect(r.json().hazard.handedOverTo).toBe(culture.org_unit_id);
    const officer = await t.login('culture_officer');
    expect((await officer.get(`/api/hazards/${r.json().hazard.id}`)).statusCode).toBe(200);
    for (const u of ['housing_officer', 'water_officer']) {
      const home = await t.db.selectFrom('app_user').select('org_unit_id').where('username', '=', u).executeTakeFirstOrThrow();
      expect(home.org_unit_id).not.toBe(culture.org_unit_id);
    }
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
