import { addDays } from '../../domain/calendar.js';
import { actOnBulletin, issueBulletin } from '../bulletins/bulletins.service.js';
import type { AppContext } from '../context.js';
import { listMeetingTasks } from '../meetings/meeting-tasks.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { findOpenHazards } from './demo-units.repository.js';

/**
 * 通报、约谈、挂牌督办 of the demo district, issued by the district admin through the bulletin
 * service, each citing the rows that triggered it: a 通报 of the school with the most overdue
 * hazards (no response yet, past its reply date), a 约谈 of the first centre over its overdue
 * hazards and the joint meeting's task (acknowledged and closed), and a 挂牌督办 of the demo's
 * first school with its open hazards (acknowledged by its principal, waiting to be closed).
 */
export async function loadDemoBulletins(app: AppContext, a: DemoActors, clock: ReturnType<typeof demoClock>): Promise<number> {
  const { at, today } = clock;
  const db = app.db;
  const districtId = a.admin.districtId;
  let n = 0;
  // The school with the most overdue hazards (not the demo's first school: its case is the 挂牌督办).
  const overdue = (await findOpenHazards(db, districtId, null, 400)).filter((h) => h.deadline && h.deadline < addDays(today, -30));
  const bySchool = new Map<string, string[]>();
  for (const h of overdue) if (h.school_id !== a.principal.orgUnitId) bySchool.set(h.school_id, [...(bySchool.get(h.school_id) ?? []), h.id]);
  const worst = [...bySchool.entries()].sort((x, y) => y[1].length - x[1].length)[0];
  if (worst) {
    await issueBulletin(
      app,
      a.admin,
      {
        kind: 'criticism',
        unitId: worst[0],
        title: '关于隐患整改严重滞后的通报',
        reason: `经区校园安全联合督检组核查，该校 ${worst[1].length} 项隐患已超过整改期限 30 天以上仍未销号，多次催办无果，整改工作严重滞后。`,
        requirements: '一、校长为第一责任人，10 日内完成全部逾期隐患整改；二、书面报告整改情况和责任追究情况；三、举一反三开展全面自查。',
        respondBy: addDays(today, -20),
        hazardIds: worst[1].slice(0, 5),
        taskIds: [],
      },
      at(30, '10:00'),
    );
    n++;
  }
  const centreHazards = (await findOpenHazards(db, districtId, a.centre.scope.read.all ? null : [...a.centre.scope.read.ids], 40)).slice(0, 3).map((h) => h.id);
  const tasks = await listMeetingTasks(db, a.admin, { ownerUnitId: a.centre.orgUnitId, page: 1, pageSize: 5 }, at(20));
  const summons = await issueBulletin(
    app,
    a.admin,
    {
      kind: 'summons',
      unitId: a.centre.orgUnitId,
      title: '关于辖区学校逾期隐患较多的约谈',
      reason: '该街道辖区学校逾期未销号隐患数量居全区前列，安保联席会议定事项推进缓慢。',
      requirements: '请街道分管负责人和教管中心负责人到区教委安全稳定科接受约谈，并提交整改方案。',
      respondBy: addDays(today, -10),
      hazardIds: centreHazards,
      taskIds: tasks.items.map((t) => t.id).slice(0, 1),
    },
    at(20, '09:00'),
  );
  await actOnBulletin(
    db,
    a.centre,
    summons.bulletin.id,
    'acknowledge',
    '已于约谈次日召开辖区校长会，逐校制定逾期隐患整改计划，每周报送进展。',
    at(18, '16:30'),
  );
  await actOnBulletin(db, a.admin, summons.bulletin.id, 'close', '整改方案可行，逾期隐患大部分已销号，约谈事项办结。', at(9, '11:00'));
  n++;
  const own = (await findOpenHazards(db, districtId, [a.principal.orgUnitId], 3)).map((h) => h.id);
  const listed = await issueBulletin(
    app,
    a.admin,
    {
      kind: 'listed',
      unitId: a.principal.orgUnitId,
      title: '校门口交通安全隐患挂牌督办',
      reason: '学校门口上放学时段交通拥堵问题经居民多次反映，列入区级挂牌督办。',
      requirements: '会同交巡警、街道制定疏导方案，设置护学岗和临时停车区，每周报告进展直至销号。',
      respondBy: addDays(today, 8),
      hazardIds: own,
      taskIds: [],
    },
    at(6, '10:00'),
  );
  await actOnBulletin(
    db,
    a.principal,
    listed.bulletin.id,
    'acknowledge',
    '已成立以校长为组长的整改专班，护学岗已设置，临时停车区待交巡警施划。',
    at(4, '17:00'),
  );
  return n + 1;
}
