import { addDays } from '../../domain/calendar.js';
import { isLate } from '../../domain/safety-check-in.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { openSafetyPeriod } from '../safety/safety.service.js';
import { submitSafetyCheckIn } from '../safety/safety-check-in.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { seededRandom } from './demo-data.js';
import { insertDemoCheckIns } from './demo-safety.repository.js';
import type { DemoSchoolRow } from './demo-units.repository.js';

/**
 * 报平安 in the demo: the district opened a 岁末年初 sensitive period four days ago (daily by 10:00,
 * every school). The first school reports through the service — safe each day, one exception that
 * opened a case; the other schools (no demo accounts) mostly on time, a few late, a few days missed,
 * and today only those that reported before now, so the live board has schools to chase.
 */
const CUTOFF = '10:00';

export async function loadDemoSafety(app: AppContext, a: DemoActors, schools: DemoSchoolRow[], clock: ReturnType<typeof demoClock>) {
  const { at, today, now } = clock;
  const startsOn = addDays(today, -4);
  const period = await openSafetyPeriod(
    app.db,
    a.admin,
    {
      title: '岁末年初安全稳定每日报平安',
      kind: 'major_event',
      startsOn,
      endsOn: addDays(today, 25),
      cutoffTime: CUTOFF,
      note: '岁末年初安全稳定关键期，各校每日 10:00 前报平安；有异常情况即时报告并登记案件。',
    },
    at(5, '16:00'),
  );
  const own = a.principal.orgUnitId;
  for (let d = 4; d >= 0; d--) {
    const when = at(d, '08:20');
    if (when.getTime() >= now.getTime() && d === 0) break;
    const exception = d === 2;
    await submitSafetyCheckIn(
      app,
      d % 2 ? a.officer : a.principal,
      period.id,
      exception
        ? {
            status: 'exception',
            note: '夜间大风，围墙外侧一棵大树倒伏压坏围栏约 6 米，已设置警戒，无人员受伤。',
            exception: { typeCode: 'emergency', title: '大风致校园围栏损坏', description: '已通知街道和园林部门清理，围栏临时加固。', place: '学校东侧围墙' },
          }
        : { status: 'safe', note: '' },
      when,
    );
  }
  const rnd = seededRandom(2030);
  const rows: Parameters<typeof insertDemoCheckIns>[1] = [];
  for (const s of schools) {
    if (s.id === own) continue;
    const sloppy = rnd.next() < 0.06;
    for (let d = 4; d >= 0; d--) {
      const day = addDays(today, -d);
      const r = rnd.next();
      if (sloppy ? r < 0.3 : r < 0.01) continue; // missed the day
      const late = sloppy ? r > 0.7 : r > 0.97;
      const minutes = late ? rnd.int(10 * 60 + 5, 15 * 60) : rnd.int(7 * 60, 9 * 60 + 55);
      const reportedAt = new Date(Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000);
      if (reportedAt > now) continue; // today: not yet
      rows.push({
        district_id: a.admin.districtId,
        period_id: period.id,
        school_id: s.id,
        day,
        status: 'safe',
        note: '',
        case_id: null,
        late: isLate(day, CUTOFF, reportedAt),
        reported_by: null,
        reported_by_name: s.safety_officer_name || s.principal_name,
        reported_at: reportedAt,
      });
    }
  }
  await insertDemoCheckIns(app.db, rows);
  await appendAuditEvent(app.db, systemActor(a.admin.districtId, '演示数据'), {
    action: 'demo.safety',
    entityType: 'safety_period',
    entityId: period.id,
    orgUnitId: a.admin.districtId,
    summary: `载入演示报平安记录 ${rows.length} 条（${startsOn} 起，无演示账号的学校以安全干部名义报送）`,
  });
  return rows.length;
}
