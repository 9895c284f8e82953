import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../src/domain/calendar.js';
import { hazardStates } from '../../src/domain/hazard.js';
import { decide, type HazardAction, type HazardSnapshot, hazardActions, isOverdue } from '../../src/domain/hazard-workflow.js';
import { type DatabaseHandle, openPglite } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { loadDemoDistrict } from '../../src/server/demo/demo-district.js';
import { loadDemoDrills } from '../../src/server/demo/demo-drills.js';
import { loadDemoInspections } from '../../src/server/demo/demo-inspections.js';
import { loadPolicyRegistry } from '../../src/server/policy/policy.registry.js';
import { packForDistrict } from '../../src/server/policy/policy.service.js';
import { syncAllDistricts } from '../../src/server/policy/templates.service.js';

/** The demo ledger must be a ledger the workflow could have produced, not decoration. */
// Loaded as `npm start` loads it: the hazard history, then this semester's inspections.
let h: DatabaseHandle;
let today: string;
let drillLoadMs = 0;
let drillCount = 0;
beforeAll(async () => {
  h = await openPglite(undefined);
  await migrateToLatest(h.db);
  const demo = await loadDemoDistrict(h.db);
  const policies = loadPolicyRegistry();
  await syncAllDistricts(h.db, policies);
  const pack = await packForDistrict(h.db, policies, demo.districtId);
  await h.db.transaction().execute((trx) => loadDemoInspections(trx, pack, demo.districtId));
  const t0 = performance.now();
  drillCount = await h.db.transaction().execute((trx) => loadDemoDrills(trx, pack, demo.districtId));
  drillLoadMs = performance.now() - t0;
  today = shanghaiDay(new Date());
}, 180_000);
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
        // 整改通知书 and 执法处罚书 are recorded on the timeline without changing the state.
        if (!(hazardActions as readonly string[]).includes(e.action)) {
          expect(['notice_issued', 'penalty_recorded'], `${hz.code} ${e.action}`).toContain(e.action);
          expect([e.from_state, e.to_state], `${hz.code} ${e.action}`).toEqual([snap.state, snap.state]);
          continue;
        }
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

const day = (d: Date | null) => (d ? shanghaiDay(d) : null);

/** The demo tells one consistent story: nothing happens after today, no deadline precedes its hazard. */
describe('the demo story', () => {
  it('has no hazard step after today, and each step on or after the one before and the day it was found', async () => {
    const hazards = await h.db.selectFrom('hazard').select(['id', 'code', 'found_at', 'deadline', 'closed_at', 'state']).execute();
    const events = await h.db.selectFrom('hazard_event').select(['hazard_id', 'action', 'occurred_at']).orderBy('occurred_at').orderBy('id').execute();
    expect(hazards.length).toBeGreaterThan(200);
    const found = new Map(hazards.map((x) => [x.id, day(x.found_at) as string]));
    const last = new Map<string, string>();
    const late: string[] = [];
    for (const e of events) {
      const d = day(e.occurred_at) as string;
      const before = last.get(e.hazard_id) ?? (found.get(e.hazard_id) as string);
      if (d > today || d < before) late.push(`${e.hazard_id} ${e.action} ${d}`);
      last.set(e.hazard_id, d);
    }
    expect(late).toEqual([]);
    for (const x of hazards) {
      expect((day(x.found_at) as string) <= today, x.code).toBe(true);
      if (x.closed_at) expect((day(x.closed_at) as string) <= today, x.code).toBe(true);
    }
  });

  it('never gives a hazard a deadline before it was found; an overdue one was planned before its deadline passed', async () => {
    const hazards = await h.db.selectFrom('hazard').select(['code', 'found_at', 'deadline', 'state']).execute();
    const early = hazards
      .filter((x) => x.deadline !== null && x.deadline < (day(x.found_at) as string))
      .map((x) => `${x.code} ${day(x.found_at)} → ${x.deadline}`);
    expect(early).toEqual([]);
    const plans = await h.db
      .selectFrom('hazard_event as e')
      .innerJoin('hazard as z', 'z.id', 'e.hazard_id')
      .select(['z.code', 'z.deadline', 'e.occurred_at'])
      .where('e.action', '=', 'plan')
      .execute();
    expect(plans.length).toBeGreaterThan(50);
    for (const p of plans) if (p.deadline) expect(p.deadline >= (day(p.occurred_at) as string), p.code).toBe(true);
    expect(hazards.some((x) => x.state === 'rectifying' && x.deadline !== null && x.deadline < today)).toBe(true);
  });

  it("has no inspection after today, and a notice's hazards share its deadline", async () => {
    const inspections = await h.db.selectFrom('inspection').select(sql<string>`to_char(max(inspected_on), 'YYYY-MM-DD')`.as('last')).executeTakeFirstOrThrow();
    expect(inspections.last <= today).toBe(true);
    // The records begin with this semester: the one before shows 无数据, not 逾期 for every school.
    const first = await h.db.selectFrom('inspection').select(sql<string>`to_char(min(inspected_on), 'YYYY-MM-DD')`.as('first')).executeTakeFirstOrThrow();
    const semesterStart =
      today.slice(5) >= '09-01'
        ? `${today.slice(0, 4)}-09-01`
        : today.slice(5) >= '02-01'
          ? `${today.slice(0, 4)}-02-01`
          : `${Number(today.slice(0, 4)) - 1}-09-01`;
    expect(first.first >= semesterStart, first.first).toBe(true);
    const notices = await h.db
      .selectFrom('rectification_notice as n')
      .innerJoin('notice_hazard as l', (j) => j.onRef('l.district_id', '=', 'n.district_id').onRef('l.notice_id', '=', 'n.id'))
      .innerJoin('hazard as z', (j) => j.onRef('z.district_id', '=', 'l.district_id').onRef('z.id', '=', 'l.hazard_id'))
      .select(['n.id', 'n.deadline as notice_deadline', 'n.issued_at', 'z.code', 'z.deadline', 'z.state'])
      .execute();
    for (const n of notices) {
      expect((day(n.issued_at) as string) <= today, n.id).toBe(true);
      expect(n.notice_deadline >= (day(n.issued_at) as string), n.id).toBe(true);
      if (n.state !== 'closed') expect(n.deadline, n.code).toBe(n.notice_deadline);
    }
  });
});

describe('demo drills', () => {
  it("gives most schools this semester's drills, a few slow buildings and problems, quickly, and moves the code counter", async () => {
    console.info(`[demo] ${drillCount} drills loaded in ${Math.round(drillLoadMs)} ms`);
    expect(drillCount).toBeGreaterThan(500);
    // The demo load must not grow by more than about a second (bulk insert).
    expect(drillLoadMs).toBeLessThan(2500);
    const rows = await h.db.selectFrom('drill').select(['school_id', 'slow_count', 'problem_count', 'drilled_on', 'status', 'code']).execute();
    const schools = await h.db.selectFrom('org_unit').select('id').where('kind', '=', 'school').execute();
    expect(new Set(rows.map((r) => r.school_id)).size).toBeGreaterThan(schools.length * 0.9);
    expect(rows.every((r) => r.status === 'submitted' && r.drilled_on <= today)).toBe(true);
    expect(rows.some((r) => r.slow_count > 0)).toBe(true);
    expect(rows.some((r) => r.problem_count > 0)).toBe(true);
    const problems = await h.db.selectFrom('drill_problem').select('drill_id').execute();
    expect(problems.length).toBe(rows.reduce((n, r) => n + r.problem_count, 0));
    const counter = await h.db.selectFrom('counter').selectAll().where('name', 'like', 'drill:%').executeTakeFirstOrThrow();
    const max = Math.max(...rows.map((r) => Number(r.code.slice(6))));
    expect(Number(counter.value)).toBeGreaterThanOrEqual(max);
  });
});
