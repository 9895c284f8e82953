import { addDays, shanghaiDay } from '../../../domain/calendar.js';
import { listPatrolLogs } from '../../patrol/patrol.service.js';
import { dueDaysOfRoute } from '../../patrol/patrol-rules.js';
import { getDutyRoster } from '../../patrol/roster.service.js';
import { packOf } from '../../policy/policy.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/**
 * 巡查与值班: the school's patrols today and this week (listPatrolLogs, as GET /api/patrol-logs,
 * with the route counts against the pack's daily number when the pack states one) and the days of
 * this month with a leader on duty in the roster (getDutyRoster). The numbers count only the days
 * a route is due: 宿舍夜间巡查 (due on school days) asks nothing on a weekend or a holiday.
 */
export const patrolPanel: SchoolFilePanel = {
  key: 'patrol',
  title: '巡查与值班',
  async summarize(app, actor, school, now) {
    const today = shanghaiDay(now);
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const weekStart = addDays(today, -weekday);
    const monthStart = `${today.slice(0, 8)}01`;
    const todayQ = { schoolId: school.id, from: today, to: today };
    const weekQ = { schoolId: school.id, from: weekStart, to: today };
    const [day, week, roster, pack] = await Promise.all([
      listPatrolLogs(app, actor, { ...todayQ, page: 1, pageSize: 1 }, now),
      listPatrolLogs(app, actor, { ...weekQ, page: 1, pageSize: 1 }, now),
      getDutyRoster(app, actor, { schoolId: school.id, from: monthStart, to: today }),
      packOf(app, actor.districtId),
    ]);
    const boarding = school.boardingStudents > 0;
    const routes = day.routes
      .filter((r) => !r.boardingOnly || boarding)
      .map((r) => {
        const dueDays = r.perDay === null ? 0 : dueDaysOfRoute(pack, r.code, boarding, weekStart, today);
        return {
          code: r.code,
          label: r.label,
          today: day.byRoute[r.code] ?? 0,
          week: week.byRoute[r.code] ?? 0,
          requiredToday: r.perDay !== null && r.dueToday ? r.perDay : null,
          requiredWeek: r.perDay !== null && dueDays > 0 ? r.perDay * dueDays : null,
          /** The pack states a daily number, but not for today (a school-days-only duty on a day off). */
          notDueToday: r.perDay !== null && !r.dueToday,
        };
      });
    const leaderDays = roster.days.filter((d) => d.leaderName).length;
    return {
      counts: [
        { key: 'today', label: '今日巡查', value: day.total, list: { path: '/api/patrol-logs', query: todayQ }, href: href('/patrol-logs', todayQ) },
        { key: 'week', label: '本周巡查', value: week.total, list: { path: '/api/patrol-logs', query: weekQ }, href: href('/patrol-logs', weekQ) },
        { key: 'rosterDays', label: '本月已排值班天数', value: leaderDays, list: null, href: href('/duty-roster', { schoolId: school.id }) },
      ],
      detail: { routes, rosterDaysThisMonth: leaderDays, daysSoFar: Number(today.slice(8, 10)) },
    };
  },
};
