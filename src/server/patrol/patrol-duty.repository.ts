import type { DutyFact } from '../../domain/duty.js';
import { rosterDutyTypes } from '../../domain/patrol.js';
import type { DutySource } from '../duty/duty-sources.js';
import { findPatrolFacts, findPatrolOwner, patrolFactRelation } from './patrol.repository.js';
import { findRosterFacts, findRosterOwner, rosterFactRelation } from './roster.repository.js';

/**
 * Patrol entries as duty facts: one per entry, the route code as the type, on its patrol day
 * (a dormitory night patrol before 06:00 counts for the night before; domain/patrol.ts).
 */
export const patrolDutySource: DutySource = {
  kind: 'patrol',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const rows = await findPatrolFacts(db, q);
    return rows.map((r) => ({
      id: r.id,
      kind: 'patrol' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: r.route,
      actorIds: r.patroller_ids,
    }));
  },
  factRelation: (db, q) => patrolFactRelation(db, q),
  async ownerOf(db, districtId, recordId) {
    const r = await findPatrolOwner(db, districtId, recordId);
    return r ? { unitId: r.school_id, label: `${r.name} 巡查记录 ${r.code}` } : undefined;
  },
};

/**
 * Roster days as duty facts: one per day with a leader on duty ('day_leader') and one per day with
 * night duty ('night_duty'); the fixed types are rosterDutyTypes in domain/patrol.ts.
 */
export const rosterDutySource: DutySource = {
  kind: 'roster',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const wanted = new Set(q.types?.length ? q.types : rosterDutyTypes);
    const facts: DutyFact[] = [];
    for (const r of await findRosterFacts(db, q)) {
      const base = { id: r.id, kind: 'roster' as const, subjectId: r.school_id, schoolId: r.school_id, day: r.day };
      if (r.leader_name && wanted.has('day_leader')) facts.push({ ...base, type: 'day_leader', actorIds: r.leader_user_id ? [r.leader_user_id] : [] });
      if (r.night_duty_name && wanted.has('night_duty'))
        facts.push({ ...base, type: 'night_duty', actorIds: r.night_duty_user_id ? [r.night_duty_user_id] : [] });
    }
    return facts;
  },
  factRelation: (_db, q) => rosterFactRelation(q, q.types?.length ? q.types : rosterDutyTypes),
  async ownerOf(db, districtId, recordId) {
    const r = await findRosterOwner(db, districtId, recordId);
    return r ? { unitId: r.school_id, label: `${r.name} ${r.day} 值班` } : undefined;
  },
};
