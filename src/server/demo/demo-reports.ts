import { addDays } from '../../domain/calendar.js';
import type { Period } from '../../domain/periods.js';
import { currentReportPeriod, dueDayOf, reportPeriodOf } from '../../domain/reports.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { resolveView } from '../dashboard/dashboard.view.js';
import { reportCellOf } from '../reports/report-cells.registry.js';
import { type CellValue, type ReportType, type ReportUnit, reportTypeOf } from '../reports/report-context.js';
import { returnReport, submitReport } from '../reports/report-submit.service.js';
import { insertReport, insertVersion, markReturned } from '../reports/reports.repository.js';
import { getSanfangSummary } from '../sanfang/sanfang-standing.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { seededRandom } from './demo-data.js';
import type { DemoSchoolRow, findDemoUnits } from './demo-units.repository.js';

/**
 * Seed 001's monthly 统计表 (上月“护校安园”行动工作情况及统计表, due by the 28th) in the demo. The period
 * before the current one is over: most schools, townships and centres filed it on time, a few late,
 * a few never, two were returned and not yet refiled. The current one is not due yet: most schools
 * of the demo centre's area have filed early. The demo accounts file through the report service (the
 * first school's principal, the first centre — returned by the district and refiled as version 2 — and the principal's current
 * report, returned by the centre for correction). Units without demo accounts are written through
 * the report repository with their statistics computed cell by cell by the same registry functions
 * the service freezes (the 三防 standing read once, see below), so every figure is the platform's
 * own; one audit event records that load.
 */
const MONTHLY = 'monthly_work';

const problems = [
  '部分班级安全教育记录不完整；校门口上放学时段交通秩序仍需加强。',
  '个别消防设施维护不及时；寄宿生晚间管理力量不足。',
  '周边小卖部食品安全问题反复出现，需联合市场监管部门整治。',
  '',
];
const plans = [
  '开展寒假前安全大检查和“寒假安全一封信”告知；组织一次消防疏散演练。',
  '落实期末考试期间安全值守；完成逾期隐患整改销号。',
  '继续推进“护校安园”专项行动验收，健全长效机制。',
];

function narrativeOf(unitName: string, p: Period, cells: CellValue[]) {
  const v = (key: string) => cells.find((c) => c.key === key)?.computed ?? 0;
  return `${unitName}${p.label}共开展安全检查 ${v('inspections.submitted')} 次，发现隐患 ${v('hazards.found')} 处、已整改销号 ${v('hazards.closed')} 处；开展应急演练 ${v('drills.submitted')} 次、安全教育 ${v('education.sessions')} 次。“护校安园”各项工作按计划推进。`;
}

async function fileThroughService(app: AppContext, actor: Actor, t: ReportType, p: Period, unitName: string, when: Date) {
  return submitReport(
    app,
    actor,
    {
      typeCode: t.code,
      periodKey: p.key,
      zeroReport: false,
      cells: [],
      fields: {
        narrative: `${unitName}${p.label}认真落实“护校安园”行动各项要求：每日巡查、每周检查、每月排查按时完成，隐患整改闭环推进，开展安全主题教育和疏散演练。`,
        problems: problems[0] as string,
        plans: plans[0] as string,
      },
      attachmentIds: [],
    },
    when,
  );
}

export async function loadDemoReports(
  app: AppContext,
  a: DemoActors,
  units: Awaited<ReturnType<typeof findDemoUnits>>,
  schools: DemoSchoolRow[],
  clock: ReturnType<typeof demoClock>,
) {
  const { at, today, now } = clock;
  const districtId = a.admin.districtId;
  const t = await reportTypeOf(app, districtId, MONTHLY).catch(() => null);
  if (!t) return { reports: 0 };
  const current = currentReportPeriod(t.rule, today);
  if (!current) return { reports: 0 };
  const previous = reportPeriodOf(t.rule, addDays(current.start, -1));
  const days = (d: string) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`)) / 86_400_000);
  const dueLast = dueDayOf(t.rule, previous);

  // The demo accounts, through the service.
  const principalSchool = schools.find((s) => s.id === a.principal.orgUnitId);
  const centreUnit = [...units.values()].find((u) => u.id === a.centre.orgUnitId);
  await fileThroughService(app, a.principal, t, previous, principalSchool?.name ?? '', at(days(dueLast) + 6, '16:00'));
  const centreReport = await fileThroughService(app, a.centre, t, previous, centreUnit?.name ?? '', at(days(dueLast) + 2, '17:30'));
  await returnReport(app, a.admin, centreReport.id, { reason: '“下月工作打算”未列寒假前安全检查安排，请补充后重报。' }, at(days(dueLast) + 1, '10:00'));
  await fileThroughService(app, a.centre, t, previous, centreUnit?.name ?? '', at(days(dueLast), '15:00'));
  let n = 2;
  const ownEarly = days(current.end) >= 2;
  if (ownEarly) {
    const mine = await fileThroughService(app, a.principal, t, current, principalSchool?.name ?? '', at(Math.max(1, days(current.end) - 2), '11:00'));
    await returnReport(app, a.centre, mine.id, { reason: '本月安全教育课时与学校台账不一致，请核对后重报。' }, at(1, '09:00'));
    n++;
  }

  // Everyone else, computed by the report service's own cell function.
  const rnd = seededRandom(2031);
  const others: (ReportUnit & { filer: string })[] = [
    ...[...units.values()]
      .filter((u) => (u.kind === 'township' || u.kind === 'centre') && u.id !== a.centre.orgUnitId)
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind, parent_id: u.parent_id, filer: `${u.name}安全办` })),
    ...schools
      .filter((s) => s.id !== a.principal.orgUnitId)
      .map((s) => ({ id: s.id, name: s.name, kind: 'school', parent_id: s.parent_id, filer: s.safety_officer_name || s.principal_name })),
  ];
  // computeCells, with the 三防 standing read once: it is a standing at today (the panel ignores the
  // period) and its cache check costs ~100 ms a call on PGlite, more than all other cells together.
  // Per unit it is what rollUp gives that unit: its schools' guards required / on post / short summed.
  const standing = (await getSanfangSummary(app, a.admin, {}, now)).schoolRows;
  const guards = (unitId: string, kind: string) => {
    const rows = standing.filter((r) => (kind === 'school' ? r.id === unitId : r.parentId === unitId));
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
    return {
      'sanfang.guards_required': sum((r) => r.guardsRequired),
      'sanfang.guards_on_post': sum((r) => r.guardsOnPost),
      'sanfang.guards_short': sum((r) => Math.max(0, r.guardsRequired - r.guardsOnPost)),
    } as Record<string, number>;
  };
  const cellsOf = async (u: ReportUnit, period: Period, when: Date): Promise<CellValue[]> => {
    const v = await resolveView(app, a.admin, { period: 'custom', from: period.start, to: period.end, orgUnitId: u.id }, when);
    const g = guards(u.id, u.kind);
    const out: CellValue[] = [];
    for (const c of t.cells.map((k) => reportCellOf(k)).filter((x) => x !== undefined)) {
      const computed = c.key in g ? (g[c.key] as number) : await c.compute(v);
      out.push({ key: c.key, label: c.label, group: c.group, unit: c.unit, computed });
    }
    return out;
  };
  const file = async (u: ReportUnit & { filer: string }, p: Period, due: string, when: Date) => {
    const cells = await cellsOf(u, p, when);
    const { id } = await insertReport(app.db, {
      district_id: districtId,
      type_code: t.code,
      period_key: p.key,
      unit_id: u.id,
      due_on: due,
      submitted_at: when,
    });
    await insertVersion(app.db, {
      district_id: districtId,
      report_id: id,
      version_no: 1,
      zero_report: false,
      cells: JSON.stringify(cells.map((c) => ({ key: c.key, label: c.label, computed: c.computed, value: c.computed, note: '' }))),
      fields: JSON.stringify({ narrative: narrativeOf(u.name, p, cells), problems: rnd.pick(problems), plans: rnd.pick(plans) }),
      submitted_by: null,
      submitted_by_name: u.filer,
      submitted_at: when,
    });
    return id;
  };
  const tally = { filed: 0, late: 0, missing: 0, returned: 0, early: 0 };
  // Only the period that is over: computing a unit's figures is the costly part of the demo load
  // (the dashboard's functions for one unit, 20–40 ms on PGlite), and its board has the standings.
  const p = previous;
  for (const u of others) {
    const r = rnd.next();
    // 4% never filed, 6% late, the rest on time.
    if (r < 0.04) {
      tally.missing++;
      continue;
    }
    const late = r > 0.94;
    const day = late ? addDays(dueLast, rnd.int(1, Math.max(1, Math.min(6, days(dueLast) - 1)))) : addDays(p.end, rnd.int(1, 27));
    if (day >= today) continue;
    const when = new Date(Date.parse(`${day}T00:00:00+08:00`) + rnd.int(8 * 60, 17 * 60) * 60_000);
    const id = await file(u, p, dueLast, when);
    tally.filed++;
    if (late) tally.late++;
    // Two school reports were returned by the district and wait to be refiled.
    if (u.kind === 'school' && tally.returned < 2 && rnd.next() < 0.02) {
      const returnedAt = new Date(Math.min(when.getTime() + 2 * 86_400_000, now.getTime()));
      await markReturned(app.db, districtId, {
        id,
        versionNo: 1,
        reason: '统计表“开展安全教育”与附件台账不符，请核对后重报。',
        by: a.admin.displayName,
        at: returnedAt,
      });
      tally.returned++;
    }
  }
  // The current period, not due yet: the other schools of the demo centre's area have filed early
  // (the centre's draft shows them summed, with who is still to file).
  const dueNow = dueDayOf(t.rule, current);
  for (const u of others.filter((x) => x.kind === 'school' && x.parent_id === a.centre.orgUnitId)) {
    if (rnd.next() < 0.3 || days(current.end) < 2) continue;
    const day = addDays(current.end, rnd.int(1, Math.max(1, days(current.end) - 1)));
    if (day >= today) continue;
    await file(u, current, dueNow, new Date(Date.parse(`${day}T00:00:00+08:00`) + rnd.int(8 * 60, 17 * 60) * 60_000));
    tally.filed++;
    tally.early++;
  }
  await appendAuditEvent(app.db, systemActor(districtId, '演示数据'), {
    action: 'demo.reports',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示「${t.label}」${previous.label}和${current.label}报表 ${tally.filed} 份（${current.label}提前报送 ${tally.early}，迟报 ${tally.late}、未报 ${tally.missing}、退回 ${tally.returned}；统计数由平台按各单位数据计算）`,
  });
  return { reports: n + tally.filed, ...tally };
}
