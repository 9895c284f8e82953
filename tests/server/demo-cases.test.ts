import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCases } from '../../src/server/demo/demo-cases.js';
import { packForDistrict } from '../../src/server/policy/policy.service.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/** The demo district's cases: replayed through the engine, so every case type and SLA state shows. */
let t: TestApp;
let admin: Client, principal: Client, police: Client;
let loaded = 0;
beforeAll(async () => {
  t = await createTestApp();
  const districtId = (
    await t.db
      .selectFrom('org_unit')
      .select('district_id')
      .where('id', '=', await idOfSchool(t.db, 'YJT0101'))
      .executeTakeFirstOrThrow()
  ).district_id;
  const pack = await packForDistrict(t.db, t.ctx.policies, districtId);
  loaded = await t.db.transaction().execute((trx) => loadDemoCases(trx, pack, districtId));
  [admin, principal, police] = await t.loginAll(['admin', 'principal', 'police'] as const);
});
afterAll(() => t.close());

type Item = { id: string; typeCode: string; state: string; sla: string; title: string };

describe('demo cases', () => {
  it('has every case type, archived and open cases, an overdue one, and an unassigned petition waiting on the district', async () => {
    expect(loaded).toBe(10);
    const items = (await admin.get('/api/cases?pageSize=200')).json().items as Item[];
    expect(items).toHaveLength(10);
    expect(new Set(items.map((i) => i.typeCode))).toEqual(
      new Set(['petition', 'dispute', 'public_report', 'bullying', 'crime_lead', 'threat', 'accident', 'emergency']),
    );
    expect(items.filter((i) => i.state === 'archived')).toHaveLength(2);
    expect(items.find((i) => i.typeCode === 'dispute')?.sla).toBe('overdue');
    const waiting = (await admin.get('/api/cases?waiting=true&pageSize=200')).json().items as Item[];
    expect(waiting.map((i) => i.title)).toEqual(expect.arrayContaining(['教师来信反映职称评审打分不透明', '初二学生多次遭同学索要财物']));
  });

  it('the threat was acknowledged by the police in 12 minutes; the accident has its reports, insurance and the archive', async () => {
    const items = (await police.get('/api/cases?pageSize=200')).json().items as Item[];
    const threat = items.find((i) => i.typeCode === 'threat') as Item;
    const d = (await police.get(`/api/cases/${threat.id}`)).json();
    expect(d.escalations.find((e: { target: string }) => e.target === 'police').minutesToAcknowledge).toBe(12);
    const accident = ((await principal.get('/api/cases?typeCode=accident')).json().items as Item[])[0] as Item;
    const a = (await principal.get(`/api/cases/${accident.id}`)).json();
    expect(a.state).toBe('archived');
    expect(a.incident).toMatchObject({ insuranceStatus: 'paid', insuranceAmount: 8600, level: 'general' });
    expect(a.incident.reports.filter((r: { doneAt: string | null }) => r.doneAt).length).toBe(3);
    expect(a.timeline.length).toBeGreaterThan(8);
  });

  it('shows on the workbench and the dashboard', async () => {
    const wb = (await principal.get('/api/workbench')).json();
    const cases = wb.sections.find((s: { key: string }) => s.key === 'cases');
    expect(cases.items.find((i: { key: string }) => i.key === 'cases.waiting').count).toBeGreaterThan(0);
    const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const from = day(new Date(Date.now() - 60 * 86_400_000));
    const dash = (await admin.get(`/api/dashboard?period=custom&from=${from}&to=${day(new Date())}`)).json();
    const panel = dash.panels.find((p: { key: string }) => p.key === 'cases');
    expect(panel.data.figures[0].value).toBe(10);
  });
});
