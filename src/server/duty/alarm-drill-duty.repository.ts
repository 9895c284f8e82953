import { findAlarmDrillFacts, findAlarmDrillOwner } from '../sanfang/device-checks.repository.js';
import type { DutySource } from './duty-sources.js';

/**
 * Alarm drills (报警演练) as duty facts: one per drill, subject = the school, day = the day the alarm
 * was pressed (Asia/Shanghai), actor = who recorded it. participants = the school's alarms drilled in
 * that calendar quarter, base = its alarms: "every alarm drilled each quarter" is minShare 1.
 */
export const alarmDrillDutySource: DutySource = {
  kind: 'alarm_drill',
  async loadFacts(db, q) {
    if (q.subjectIds && q.subjectIds.length === 0) return [];
    const rows = await findAlarmDrillFacts(db, q);
    return rows.map((r) => ({
      id: r.id,
      kind: 'alarm_drill' as const,
      subjectId: r.school_id,
      schoolId: r.school_id,
      day: r.day,
      type: 'alarm',
      actorIds: r.recorded_by ? [r.recorded_by] : [],
      participants: Number(r.participants),
      base: Number(r.base),
    }));
  },
  async ownerOf(db, districtId, recordId) {
    const row = await findAlarmDrillOwner(db, districtId, recordId);
    return row ? { unitId: row.school_id, label: `报警演练「${row.name}」` } : undefined;
  },
};
