import { daysBetween } from '../../../domain/calendar.js';
import type { ObligationCell } from '../../../domain/coverage.js';
import type { Period } from '../../../domain/periods.js';
import { listObligations } from '../../coverage/coverage.service.js';
import { packOf } from '../../policy/policy.service.js';
import { isSchoolRole } from '../role-abilities.js';
import type { WorkbenchItem, WorkbenchSource, WorkbenchTone } from '../workbench.types.js';

/** The parts of listObligations' answer the workbench reads (the service types its items loosely). */
type ObligationInfo = { code: string; label: string; kind: string; countBy: string; period: string; levels: string[]; templates: string[]; link: string };
type Report = { standing: string; count: number; firstDue: string | null };
type SchoolItem = { obligation: ObligationInfo; current: { period: Period; mine: ObligationCell | null }; reports: Report[] | null };
type DistrictItem = { obligation: ObligationInfo; current: { period: Period; district: ObligationCell } };

const tones: Record<ObligationCell['status'], WorkbenchTone> = { done: 'normal', open: 'warning', overdue: 'danger', upcoming: 'normal', none: 'normal' };

/** The self-check's report upward (消防安全自查 within 5 days): the first one still due, or overdue. */
function reportHint(reports: Report[] | null, today: string): { hint: string; tone: WorkbenchTone } | null {
  const overdue = reports?.find((r) => r.standing === 'overdue' && r.count > 0);
  if (overdue) return { hint: `自查报告逾期未上报 ${overdue.count} 份`, tone: 'danger' };
  const due = reports?.find((r) => r.standing === 'due' && r.count > 0 && r.firstDue);
  if (!due?.firstDue) return null;
  const days = daysBetween(today, due.firstDue);
  return { hint: `自查报告待校长签字上报，${days === 0 ? '今天到期' : `${days} 天后到期（${due.firstDue}）`}`, tone: 'warning' };
}

const unitOf = (countBy: string) =>
  countBy === 'days' ? '天' : countBy === 'hours' ? '课时' : countBy === 'schools' ? '所' : countBy === 'on_time' ? '项' : '次';

function dutyItem(ob: ObligationInfo, period: Period, cell: ObligationCell, canStart: boolean): WorkbenchItem {
  const template = ob.templates[0];
  // Inspections open their first template; drills, education … open their record form (the compliance calendar's links).
  const start = ob.kind === 'inspection' ? (template ? `/inspections/new?template=${encodeURIComponent(template)}` : null) : ob.link;
  return {
    key: `duties.${ob.code}`,
    label: ob.label,
    count: Math.max(cell.required - cell.done, 0),
    link: '/obligations',
    tone: tones[cell.status],
    duty: {
      status: cell.status,
      periodLabel: period.label,
      done: cell.done,
      required: cell.required,
      unit: unitOf(ob.countBy),
      dueDate: cell.status === 'done' ? null : cell.dueDate,
      start: canStart && start && cell.status !== 'done' ? start : null,
    },
  };
}

/**
 * 日巡查、周检查、月排查、学期消防自查, and the drills, safety education, trainings, letters, patrols
 * and rosters due under the pack (the compliance calendar's current periods), of the own school (and, for users who see the whole district,
 * the district's own duties such as the joint group's inspection days; for a centre officer, the centre's own duties), from listObligations:
 * the same answer as the 检查任务 page the items link to.
 */
export const dutiesSource: WorkbenchSource = {
  key: 'duties',
  section: 'duties',
  when: (a) => isSchoolRole(a.role) || a.scope.read.all || a.role === 'centre_officer',
  items: async (c) => {
    // A school's duties; a 教管中心's own (its 矛盾纠纷排查 …); the district's own for district-wide readers.
    const subject = isSchoolRole(c.actor.role)
      ? {}
      : c.actor.role === 'centre_officer' && !c.actor.scope.read.all
        ? { subject: 'centre' as const }
        : { subject: 'district' as const };
    const [answer, pack] = await Promise.all([listObligations(c.app, c.actor, subject, c.now), packOf(c.app, c.actor.districtId)]);
    const mayRun = (ob: ObligationInfo) => pack.levels.some((l) => ob.levels.includes(l.code) && l.roles.includes(c.actor.role));
    return (answer.items as (SchoolItem | DistrictItem)[]).flatMap((i) => {
      if ('district' in i.current) {
        const d = i as DistrictItem;
        // An inspection duty for those whose level runs it; the district's own records (its weekly 矛盾纠纷排查 …) for
        // the 安稳科 that files them, with the form's link (leaders and other offices only read them on the obligations page).
        if (d.obligation.kind !== 'inspection')
          return c.actor.role === 'district_admin' ? [dutyItem(d.obligation, d.current.period, d.current.district, true)] : [];
        return mayRun(d.obligation) ? [dutyItem(d.obligation, d.current.period, d.current.district, false)] : [];
      }
      const s = i as SchoolItem;
      // A school's own checks only: the supervision it receives is the supervisors' duty. Drills,
      // education, trainings, letters, patrols … are all the school's own; a dated window not yet open waits.
      const own = s.obligation.kind === 'inspection' ? s.obligation.levels.includes('school_self') : true;
      if (!s.current.mine || !own) return [];
      if (s.obligation.period === 'window' && s.current.mine.status === 'upcoming') return [];
      const item = dutyItem(s.obligation, s.current.period, s.current.mine, s.obligation.kind === 'inspection' ? mayRun(s.obligation) : true);
      const report = reportHint(s.reports, c.today);
      if (report) Object.assign(item, { hint: report.hint, tone: item.tone === 'danger' ? 'danger' : report.tone });
      return [item];
    });
  },
};
