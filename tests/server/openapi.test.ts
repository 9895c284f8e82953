import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/server/routes.js';
import { createTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const required = [
  'login',
  'logout',
  'getCurrentUser',
  'listOrgUnits',
  'listSchools',
  'getSchool',
  'createSchool',
  'updateSchool',
  'importSchools',
  'exportSchools',
  'listUsers',
  'createUser',
  'updateUser',
  'listAuditEvents',
  // Checklists, inspections and coverage (issue 4).
  'listChecklistTemplates',
  'getChecklistTemplate',
  'saveChecklistTemplate',
  'listInspections',
  'createInspection',
  'getInspection',
  'submitInspection',
  'createHazardFromItem',
  'getCoverage',
  'listObligations',
  'getPolicyPack',
  'exportWeeklyLedger',
  'exportMonthlyBriefing',
  'getSchoolFile',
];

describe('API documentation', () => {
  it('describes every operation with a unique operationId and a tag', async () => {
    const res = await t.anonymous().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId: string; tags: string[] }>>).flatMap((p) => Object.values(p));
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of ops) expect(o.tags?.length).toBeGreaterThan(0);
    for (const id of required) expect(ids).toContain(id);
  });

  it('documents every registered API route, and only those', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    const registered = allRoutes().map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(registered.sort());
    for (const r of allRoutes()) expect(t.server.hasRoute({ method: r.method, url: r.url }), `${r.method} ${r.url}`).toBe(true);
  });

  it('serves the browsable documentation page', async () => {
    const res = await t.anonymous().get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
    expect((await t.anonymous().get('/api/docs/swagger-ui-bundle.js')).statusCode).toBe(200);
  });
});
