import type { Insertable } from 'kysely';
import { addDays } from '../../domain/calendar.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { fullMonthsBefore, monthlyCounts, risesFor } from '../../domain/risk.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { listMissedDuties } from '../coverage/coverage.service.js';
import type { DutyRosterTable } from '../db/schema.js';
import { insertDemoRoster } from '../patrol/roster.repository.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { type DemoSchoolRow, findSchoolsWithoutRoster } from './demo-units.repository.js';

/**
 * A school of the demo whose missed duties rise month after month, so the early warning
 * (风险研判 → 趋势预警, risk-analytics getEarlyWarnings) shows one flag with its rows in the demo.
 * Nothing is inserted into the warning: the school keeps its duty roster (值班表, a daily duty)
 * through the months the warning reads, but leaves more days empty each month, and the real
 * computation (listMissedDuties → monthlyCounts → risesFor) finds it. The school's other misses
 * (whatever the rest of the demo left undone) are counted first, so the empty days are chosen to
 * make the total rise by at least one each month whatever the calendar: the last days of a month
 * are left empty. A month before the district's records begin (its first inspection) counts no
 * miss at all (无数据), so the flag needs the district's records (from its first inspection) to
 * cover the N months before the current one; the loader reads the series back and says whether it rises.
 */
export async function loadDemoEarlyWarning(
  app: AppContext,
  pack: ResolvedPack,
  a: DemoActors,
  schools: readonly DemoSchoolRow[],
  clock: ReturnType<typeof demoClock>,
): Promise<{ schoolId: string | null; series: number[]; rises: boolean }> {
  const rosterDuty = pack.obligations.find((ob) => ob.kind === 'roster' && ob.period === 'daily' && ob.subject === 'school' && !ob.appliesTo);
  if (!rosterDuty) return { schoolId: null, series: [], rises: false };
  const n = pack.risk.earlyWarningPeriods;
  const months = fullMonthsBefore(clock.today, n + 1);
  const first = months[0];
  const last = months.at(-1);
  const free = new Set(await findSchoolsWithoutRoster(app.db, a.admin.districtId));
  // A school of the demo school's township (not the demo accounts' own) with no roster yet: the patrol demo fills twenty.
  const home = schools.find((s) => s.id === a.principal.orgUnitId)?.parent_id;
  const school = schools.find((s) => free.has(s.id) && s.parent_id === home && s.boarding_students === 0) ?? schools.find((s) => free.has(s.id));
  if (!school || !first || !last) return { schoolId: null, series: [], rises: false };
  const { missed } = await listMissedDuties(app, a.admin, { from: first.start, to: last.end, schoolIds: [school.id] }, clock.now);
  const others =
    monthlyCounts(
      missed.filter((m) => m.obligation.code !== rosterDuty.code).map((m) => ({ subjectId: m.schoolId, day: m.cell.dueDate })),
      months,
    ).get(school.id) ?? months.map(() => 0);
  // Empty roster days per month: the least that makes the total rise by one each month.
  const empty: number[] = [];
  let total = -1;
  for (const o of others) {
    const target = Math.max(total + 1, o + 1);
    empty.push(target - o);
    total = target;
  }
  const skipped = new Set(months.flatMap((m, i) => Array.from({ length: Math.min(empty[i] ?? 0, 28) }, (_, k) => addDays(m.end, -k))));
  const rows: Insertable<DutyRosterTable>[] = [];
  for (let day = first.start; day <= clock.today; day = addDays(day, 1)) {
    if (skipped.has(day)) continue;
    rows.push({
      district_id: a.admin.districtId,
      school_id: school.id,
      day,
      leader_name: school.principal_name || '校长',
      night_duty_name: '',
      phone: '',
      note: '',
      updated_by: a.admin.userId,
      updated_by_name: school.principal_name || '校长',
    });
  }
  await insertDemoRoster(app.db, rows);
  // What the early warning will read: the school's missed periods per month, now with the roster.
  const after = await listMissedDuties(app, a.admin, { from: first.start, to: last.end, schoolIds: [school.id] }, clock.now);
  const series =
    monthlyCounts(
      after.missed.map((m) => ({ subjectId: m.schoolId, day: m.cell.dueDate })),
      months,
    ).get(school.id) ?? months.map(() => 0);
  const rises = risesFor(series, n);
  await appendAuditEvent(app.db, systemActor(a.admin.districtId, '演示数据'), {
    action: 'demo.early_warning',
    entityType: 'org_unit',
    entityId: school.id,
    orgUnitId: school.id,
    summary: `载入演示值班表 ${rows.length} 天（${school.name}，各月空缺 ${months.map((m, i) => `${m.label} ${empty[i]} 天`).join('、')}；漏做的义务周期 ${series.join('、')}${rises ? '，连续上升' : ''}）`,
  });
  return { schoolId: school.id, series, rises };
}
