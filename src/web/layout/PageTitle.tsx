import { useEffect } from 'react';
import { useLocation } from 'react-router';

const APP = '护校安园';

/** Browser tab titles by route, most specific first: a tab names its page (「隐患台账 - 护校安园」). */
const titles: [RegExp, string][] = [
  [/^\/login$/, '登录'],
  [/^\/$/, '工作台'],
  [/^\/hazards$/, '隐患台账'],
  [/^\/hazards\/new$/, '登记隐患'],
  [/^\/hazards\/[^/]+$/, '隐患详情'],
  [/^\/notices$/, '整改通知书'],
  [/^\/notices\/[^/]+$/, '整改通知书详情'],
  [/^\/penalties$/, '执法处罚书'],
  [/^\/schools$/, '学校'],
  [/^\/schools\/new$/, '新增学校'],
  [/^\/schools\/[^/]+\/edit$/, '编辑学校档案'],
  [/^\/schools\/[^/]+$/, '一校一档'],
  [/^\/org$/, '组织机构'],
  [/^\/assignments$/, '包校包片'],
  [/^\/users$/, '用户'],
  [/^\/audit$/, '操作日志'],
  [/^\/patrol-logs$/, '巡查记录'],
  [/^\/patrol-logs\/new$/, '登记巡查'],
  [/^\/patrol-logs\/[^/]+$/, '巡查记录详情'],
  [/^\/duty-roster$/, '值班表'],
  [/^\/letters$/, '安全责任书'],
  [/^\/documents$/, '制度和预案'],
  [/^\/reports$/, '报表报送'],
  [/^\/reports\/draft$/, '填报报表'],
  [/^\/inspections$/, '安全检查'],
  [/^\/inspections\/new$/, '开始检查'],
  [/^\/inspections\/run\/[^/]+$/, '检查中'],
  [/^\/inspections\/[^/]+$/, '检查记录'],
  [/^\/drills$/, '应急演练'],
  [/^\/drills\/new$/, '记录应急演练'],
  [/^\/drills\/[^/]+\/edit$/, '继续填写演练记录'],
  [/^\/drills\/[^/]+$/, '演练记录'],
  [/^\/obligations$/, '检查任务'],
  [/^\/compliance-calendar$/, '合规日历'],
  [/^\/coverage$/, '督查覆盖'],
  [/^\/checklists$/, '检查表'],
  [/^\/checklists\/[^/]+\/edit$/, '编辑检查表'],
  [/^\/policy$/, '政策包'],
  [/^\/plans$/, '督检安排'],
  [/^\/education$/, '安全教育'],
  [/^\/education\/new$/, '登记安全教育'],
  [/^\/education\/[^/]+$/, '安全教育记录'],
  [/^\/trainings$/, '教职工培训'],
  [/^\/trainings\/new$/, '登记培训'],
  [/^\/trainings\/[^/]+$/, '培训记录'],
  [/^\/dashboard$/, '数据看板'],
  [/^\/statistics$/, '统计分析'],
  [/^\/bigscreen$/, '数据大屏'],
  [/^\/sanfang$/, '三防建设'],
  [/^\/sanfang\/schools\/[^/]+$/, '学校三防台账'],
  [/^\/gate-log$/, '门卫登记'],
  [/^\/guard-posts$/, '护学岗'],
  [/^\/sanfang\/device-checks$/, '在线巡检'],
  [/^\/sanfang\/alarm-drills$/, '报警演练'],
  [/^\/surroundings$/, '校园周边'],
  [/^\/cases$/, '案件'],
  [/^\/cases\/[^/]+$/, '案件详情'],
  [/^\/school-buses$/, '校车'],
  [/^\/screenings$/, '排查报告'],
  [/^\/screenings\/new$/, '填报排查报告'],
  [/^\/key-persons$/, '重点人员'],
  [/^\/public-reports$/, '群众反映'],
  [/^\/risk$/, '风险清单'],
  [/^\/risk\/map$/, '四色风险分布图'],
  [/^\/risk\/alerts$/, '风险提示'],
  [/^\/risk\/alerts\/[^/]+$/, '风险提示详情'],
  [/^\/risk\/analytics$/, '数据研判'],
  [/^\/safety-check-ins$/, '报平安'],
  [/^\/outbound$/, '外发通道'],
  [/^\/campaigns$/, '专项行动'],
  [/^\/campaigns\/[^/]+$/, '专项行动进度'],
  [/^\/assessment/, '考核'],
  [/^\/report\/status$/, '反映进度查询'],
  [/^\/report\/[^/]+$/, '校园安全问题反映'],
  [/^\/bulletins$/, '通报约谈'],
  [/^\/bulletins\/[^/]+$/, '通报详情'],
  [/^\/meetings$/, '联席会议'],
  [/^\/meetings\/new$/, '登记联席会议'],
  [/^\/meetings\/[^/]+$/, '会议纪要'],
  [/^\/meeting-tasks$/, '会议交办事项'],
  [/^\/meeting-tasks\/[^/]+$/, '议定事项详情'],
  [/^\/account\/password$/, '修改密码'],
  [/^\/account\/notifications$/, '通知设置'],
];

export function titleOf(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const page = titles.find(([re]) => re.test(path))?.[1];
  return page ? `${page} - ${APP}` : APP;
}

/** Keeps document.title in step with the route; renders nothing. */
export function PageTitle() {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = titleOf(pathname);
  }, [pathname]);
  return null;
}
