import { addDays } from '../../domain/calendar.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { actOnMeetingTask } from '../meetings/meeting-tasks.service.js';
import { type AgendaItemInput, saveMeeting } from '../meetings/meetings.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { findCaseByTitle, type findDemoUnits, findOpenHazards } from './demo-units.repository.js';

/**
 * Two joint meetings of the demo district, recorded through the meeting service (seed 000's monthly
 * 安保联席会 brings hard problems to the departments; seed 001's 月度会商), and their tasks followed
 * up by the owner units' own demo accounts: the market regulator reports one done and the district
 * verifies it, the centre's completion waits for verification, the police report progress, the
 * traffic police's task is overdue and 督办-ed. Units without demo accounts keep their tasks open.
 */
export async function loadDemoMeetings(db: Db, a: DemoActors, units: Awaited<ReturnType<typeof findDemoUnits>>, clock: ReturnType<typeof demoClock>) {
  const { at, today } = clock;
  const u = (code: string) => units.get(code)?.id as string;
  const school = a.principal.orgUnitId;
  const held1 = addDays(today, -24);
  const agenda1: AgendaItemInput[] = [];
  const [overdue] = await findOpenHazards(db, a.admin.districtId, null, 1);
  if (overdue) agenda1.push({ title: '逾期未整改隐患集中会商', refType: 'hazard', refId: overdue.id, note: '学校多次催办仍未整改，需相关部门协同解决' });
  const jam = await findCaseByTitle(db, a.admin.districtId, '居民反映学校门口上放学时段交通拥堵');
  agenda1.push({
    title: '学校门口上放学时段交通拥堵',
    ...(jam && { refType: 'case' as const, refId: jam.id }),
    note: '居民来访反映家长车辆占道，需交巡警、城管联合整治',
  });
  agenda1.push({ title: '校园周边食品安全和“三无”食品', note: '秋季学期开学检查发现部分学校周边小卖部销售“三无”食品' });
  const m1 = await saveMeeting(
    db,
    a.admin,
    {
      kind: 'security_joint',
      title: '第四季度校园安保联席会',
      heldOn: held1,
      place: '区教委三楼会议室',
      chair: '刘志强（区教委副主任）',
      participantUnitIds: [u('D-JOINT'), u('D-PS01'), u('D-TRAFFIC'), u('D-MARKET'), u('D-URBAN'), u('D-FIRE'), u('T01'), school].filter(Boolean),
      otherParticipants: '各街道、镇分管领导；区综治办',
      agenda: agenda1,
      decisions:
        '一、交巡警支队在上放学高峰设置护学岗，施划临时停车区；二、市场监管局对学校周边小卖部开展食品安全专项检查；三、派出所加强校园周边巡逻和治安清查；四、教管中心督促辖区学校逾期隐患限期销号；五、城管执法支队清理校门口占道经营。',
      tasks: [
        {
          title: '上放学高峰设置护学岗、施划临时停车区',
          detail: '重点为龙洲湾、鱼洞街道中心校门口',
          ownerUnitId: u('D-TRAFFIC'),
          deadline: addDays(held1, 14),
        },
        {
          title: '学校周边小卖部食品安全专项检查',
          detail: '查处“三无”食品、过期食品，结果通报区教委',
          ownerUnitId: u('D-MARKET'),
          deadline: addDays(held1, 21),
        },
        {
          title: '校园周边治安清查和上放学时段巡逻',
          detail: '每日上放学时段巡逻不少于 2 次，建立巡逻台账',
          ownerUnitId: u('D-PS01'),
          deadline: addDays(held1, 45),
        },
        { title: '督促辖区学校逾期隐患限期整改销号', detail: '逐校列出逾期隐患清单，每周报送进展', ownerUnitId: u('T01'), deadline: addDays(held1, 30) },
        { title: '校门口硬质隔离设施和一键报警装置安装', detail: '按“三防”标准完成安装并接入派出所', ownerUnitId: school, deadline: addDays(held1, 40) },
        { title: '清理校门口占道经营摊点', detail: '上放学时段重点整治，建立长效巡查机制', ownerUnitId: u('D-URBAN'), deadline: addDays(held1, 35) },
      ].filter((t) => t.ownerUnitId),
    },
    at(24, '15:30'),
  );
  const task = (m: typeof m1, title: string) => m.tasks.find((t) => t.title === title)?.id;
  const act = async (actor: Actor, id: string | undefined, action: Parameters<typeof actOnMeetingTask>[3], note: string, when: Date) => {
    if (id) await actOnMeetingTask(db, actor, id, action, note, when);
  };
  const food = task(m1, '学校周边小卖部食品安全专项检查');
  await act(a.dept, food, 'progress', '已检查学校周边小卖部 46 家，查扣“三无”食品 120 余件。', at(17, '16:00'));
  await act(a.dept, food, 'submit', '检查 83 家，责令整改 12 家，立案查处 2 家，检查情况已书面通报区教委。', at(8, '11:00'));
  await act(a.admin, food, 'close', '材料齐全，验收办结。', at(6, '09:30'));
  const centre = task(m1, '督促辖区学校逾期隐患限期整改销号');
  await act(a.centre, centre, 'progress', '已列出逾期隐患清单 9 项，逐校约谈校长。', at(16, '17:00'));
  await act(a.centre, centre, 'submit', '9 项逾期隐患已销号 7 项，其余 2 项已纳入寒假维修计划，附清单。', at(2, '10:20'));
  await act(
    a.police,
    task(m1, '校园周边治安清查和上放学时段巡逻'),
    'progress',
    '已开展周边清查 3 次，建立巡逻台账，上放学时段每日巡逻 2 次。',
    at(10, '18:00'),
  );
  await act(a.principal, task(m1, '校门口硬质隔离设施和一键报警装置安装'), 'progress', '硬质隔离桩已安装，一键报警装置已采购，待派出所联调。', at(5, '15:00'));
  await act(a.admin, task(m1, '上放学高峰设置护学岗、施划临时停车区'), 'urge', '已超过完成期限，请交巡警支队 3 日内报告落实情况。', at(3, '09:00'));

  const held2 = addDays(today, -5);
  const m2 = await saveMeeting(
    db,
    a.joint,
    {
      kind: 'monthly_consult',
      title: '12 月校园安全月度会商',
      heldOn: held2,
      place: '区校园安全联合督检组办公室',
      chair: '赵明亮（联合督检组组长）',
      participantUnitIds: [u('D-OFFICE'), u('D-FIRE'), u('D-HEALTH'), u('T01'), u('C01')].filter(Boolean),
      otherParticipants: '',
      agenda: [
        { title: '寄宿制学校冬季消防和用电安全', note: '入冬后宿舍违规使用大功率电器增多' },
        { title: '流感高发季节学校传染病防控', note: '' },
      ],
      decisions: '一、消防救援支队对寄宿制学校开展冬季消防检查；二、卫健委指导学校做好晨午检和因病缺课追踪；三、教管中心在寒假前完成辖区学校安全自查。',
      tasks: [
        { title: '寄宿制学校冬季消防安全检查', detail: '重点检查宿舍用电和疏散通道', ownerUnitId: u('D-FIRE'), deadline: addDays(held2, 25) },
        { title: '指导学校晨午检和因病缺课追踪', detail: '', ownerUnitId: u('D-HEALTH'), deadline: addDays(held2, 20) },
        { title: '寒假前辖区学校安全自查全覆盖', detail: '自查记录录入平台', ownerUnitId: u('C01'), deadline: addDays(held2, 30) },
      ].filter((t) => t.ownerUnitId),
    },
    at(5, '14:30'),
  );
  return { meetings: 2, tasks: m1.tasks.length + m2.tasks.length };
}
