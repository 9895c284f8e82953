import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { hazardStates } from '../../src/domain/hazard.js';
import { decide, type HazardAction, type HazardSnapshot, isOverdue } from '../../src/domain/hazard-workflow.js';
import { type DatabaseHandle, openPglite } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { loadDemoDistrict } from '../../src/server/demo/demo-district.js';

/** The demo ledger must be a ledger the workflow could have produced, not decoration. */
let h: DatabaseHandle;
beforeAll(async () => {
  h = await openPglite(undefined);
  await migrateToLatest(h.db);
  await loadDemoDistrict(h.db);
}, 120_000);
afterAll(() => h.close());

// The rectifying side plans and submits; a supervising level (not the rectifying side) verifies.
const doer = { schoolManager: false, principal: false, responsible: true, supervisor: true, dispatcher: true, district: true };
const verifier = { ...doer, responsible: false };
const standingFor = (action: string) => (action.startsWith('verify') || action === 'decide_extension' ? verifier : doer);

describe('demo hazard history', () => {
  it('has hundreds of hazards in every state, some overdue, handed over and listed for supervision', async () => {
    const rows = await h.db.selectFrom('hazard').selectAll().execute();
    expect(rows.length).toBeGreaterThan(200);
    for (const s of hazardStates) expect(rows.some((r) => r.state === s)).toBe(true);
    const today = shanghaiDay(new Date());
    expect(rows.filter((r) => isOverdue(r, today)).length).toBeGreaterThan(5);
    expect(rows.some((r) => r.handed_over_to)).toBe(true);
    expect(rows.some((r) => r.supervision_listed && r.level === 'major')).toBe(true);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });

  it('gives every hazard a timeline that the workflow table accepts, ending in its state', async () => {
    const hazards = await h.db.selectFrom('hazard').selectAll().execute();
    const events = await h.db.selectFrom('hazard_event').selectAll().orderBy('occurred_at').orderBy('id').execute();
    const byHazard = new Map<string, typeof events>();
    for (const e of events) byHazard.set(e.hazard_id, [...(byHazard.get(e.hazard_id) ?? []), e]);
    for (const hz of hazards) {
      const timeline = byHazard.get(hz.id) ?? [];
      expect(timeline[0]?.action).toBe('report');
      let snap: HazardSnapshot = { state: 'reported', level: null, deadline: null, supervisionListed: false, extensionPending: false, handedOver: false };
      for (const e of timeline.slice(1)) {
        const d = decide(snap, e.action as HazardAction, standingFor(e.action));
        expect(d.ok, `${hz.code} ${e.action} from ${snap.state}`).toBe(true);
        snap = { ...snap, state: e.to_state as HazardSnapshot['state'], level: hz.level };
      }
      expect(snap.state).toBe(hz.state);
      if (hz.state === 'closed') expect(hz.closed_at).not.toBeNull();
    }
  });

  it('moves the code counter past the demo codes', async () => {
    const max = await h.db
      .selectFrom('hazard')
      .select((eb) => eb.fn.max('code').as('code'))
      .executeTakeFirstOrThrow();
    const counter = await h.db.selectFrom('counter').selectAll().where('name', 'like', 'hazard:%').execute();
    expect(counter.length).toBeGreaterThan(0);
    for (const c of counter) expect(Number(c.value)).toBeGreaterThanOrEqual(Number(String(max.code).slice(6)));
  });
});
