import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('workbench', () => {
  it('dumps', async () => {
    for (const u of ['admin', 'school_officer', 'principal', 'staff', 'inspector', 'centre_officer', 'police', 'dept_officer', 'joint_inspector', 'leader']) {
      const c = await t.login(u);
      const r = await c.get('/api/workbench');
      expect(r.statusCode, r.body).toBe(200);
      const b = r.json();
      console.log(
        u,
        JSON.stringify(b.abilities),
        '\n',
        b.sections
          .map(
            (s: { title: string; items: { label: string; count: number; link: string; hint?: string; duty?: unknown }[] }) =>
              `  ${s.title}: ${s.items.map((i) => `${i.label}=${i.count} ${i.link ?? ''} ${i.hint ?? ''} ${i.duty ? JSON.stringify(i.duty) : ''}`).join('\n    ')}`,
          )
          .join('\n'),
      );
    }
  });
});
