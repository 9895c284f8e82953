import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { type InspectionBody, inspectionBody } from '../support/inspection-helpers.js';

/**
 * Offline sync as the phone does it: each queued check is sent with its clientId, possibly
 * several times (an answer lost on the way), possibly in another order, possibly once as a draft
 * before the final submission. Whatever the sequence, every check exists exactly once on the
 * server, submitted, with the content that was sent last, and no failed item made two hazards.
 */
let t: TestApp;
let officer: Client;
let school = '';

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('school_officer');
  school = await idOfSchool(t.db, 'YJT0101');
});
afterAll(() => t.close());

const rows = async (clientIds: string[]) =>
  (
    await sql<{ client_id: string; status: string; hazards: number }>`
      select i.client_id, i.status, (select count(*)::int from hazard h where h.inspection_id = i.id) as hazards
      from inspection i where i.client_id in (${sql.join(clientIds)})`.execute(t.db)
  ).rows;

// A send is: which check, and whether it is an early draft (submit: false, no items yet) or the final submission.
const send = fc.record({ check: fc.nat({ max: 3 }), draft: fc.boolean() });

describe('offline sync (property)', () => {
  it('never duplicates or loses an inspection, whatever the repeats and order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(send, { minLength: 1, maxLength: 10 }), fc.nat({ max: 3 }), async (sends, extraRepeats) => {
        // Fresh checks each run (evidence belongs to one inspection); odd ones have a failure marked 转为隐患.
        const checks: InspectionBody[] = [];
        for (let i = 0; i < 4; i++)
          checks.push(await inspectionBody(officer, school, 'daily_patrol', 'school_self', { fails: i % 2 ? [{ index: 0, raiseHazard: true }] : [] }));
        const touched = new Set<number>();
        const submitted = new Set<number>();
        // Every check that appears gets its final submission at the end of the queue, maybe repeated.
        const queue = [
          ...sends,
          ...[...new Set(sends.map((s) => s.check))].flatMap((check) => Array.from({ length: 1 + (extraRepeats % 2) }, () => ({ check, draft: false }))),
        ];
        for (const s of queue) {
          const body = checks[s.check] as InspectionBody;
          // A draft sent after the final submission is what a stale second tab would do: a conflict, never an overwrite.
          const res = await officer.post('/api/inspections', s.draft ? { ...body, submit: false, items: [], signatures: [] } : body);
          touched.add(s.check);
          if (s.draft && submitted.has(s.check)) {
            expect(res.statusCode, res.body).toBe(409);
            continue;
          }
          expect([200, 201], res.body).toContain(res.statusCode);
          if (!s.draft) submitted.add(s.check);
        }
        const found = await rows([...touched].map((i) => (checks[i] as InspectionBody).clientId));
        expect(found).toHaveLength(touched.size);
        for (const r of found) {
          expect(r.status).toBe('submitted');
          const i = checks.findIndex((c) => c.clientId === r.client_id);
          expect(r.hazards).toBe(i % 2 ? 1 : 0);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
