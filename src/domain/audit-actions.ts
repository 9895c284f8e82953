import { caseActionLabels, caseActions } from './case-workflow.js';
import { hazardActionLabels } from './hazard-workflow.js';

/**
 * The closed set of what the audit trail records, with the Chinese name the log page shows.
 * `appendAuditEvent` takes only these codes, so a new kind of change does not compile until it
 * has a name here (tests/domain/audit-actions.test.ts also scans the server for stray codes).
 */

/** Steps of a hazard's timeline: the workflow's actions and the changes around them. */
export const hazardEventLabels = {
  ...hazardActionLabels,
  report: '登记',
  update: '修改',
  imported: 'Excel 导入',
  notice_issued: '下达整改通知书',
  penalty_recorded: '执法处罚',
  recurred: '复发',
  urge: '催办',
  register_met: '三防登记表已达标',
  register_unmet: '三防登记表又显示未达标',
} as const;
export type HazardEventAction = keyof typeof hazardEventLabels;

const otherActionLabels = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lockout': '账号锁定',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_change': '修改密码',
  'user.password_reset': '重置密码',
  'school.create': '新增学校',
  'school.update': '修改学校',
  'school.import': '导入学校',
  'school.import_create': '导入新增学校',
  'school.import_update': '导入更新学校',
  'school.demo_create': '演示数据新增学校',
  'school.bench_create': '基准测试数据新增学校',
  'org_unit.create': '新增机构',
  'org_unit.update': '修改机构',
  'assignment.create': '新增包校/包片',
  'assignment.delete': '取消包校/包片',
  'district.create': '创建区县',
  'demo.load': '载入演示数据',
  'demo.inspections': '载入演示检查记录',
  'demo.education': '载入演示安全教育和培训记录',
  'hazard.import': '导入隐患台账',
  'inspection.create': '开始检查',
  'inspection.save': '保存检查',
  'inspection.submit': '提交检查',
  'inspection.report': '检查上报',
  'inspection_plan.create': '新增督检安排',
  'inspection_plan.cancel': '取消督检安排',
  'checklist_template.sync': '同步检查表（政策包）',
  'checklist_template.save': '保存检查表',
  'attachment.upload': '上传附件',
  'notice.issue': '下达整改通知书',
  'notice.acknowledge': '签收整改通知书',
  'notice.reply': '整改回执',
  'notice_number_format.update': '修改文书编号格式',
  'penalty.record': '登记执法处罚书',
  'drill.create': '新建应急演练',
  'drill.save': '保存应急演练',
  'drill.submit': '提交应急演练',
  'drill.problem_hazard': '演练问题转为隐患',
  'demo.drills': '载入演示演练记录',
  'education.create': '登记安全教育',
  'education.import': '导入安全教育课表',
  'training.create': '登记教职工培训',
  'patrol_log.create': '登记巡查记录',
  'duty_roster.save': '保存值班表',
  'record_check.create': '抽查核实',
  'demo.patrol': '载入演示巡查和值班记录',
  'post_holder.save': '保存岗位责任人',
  'letter.sign': '签订安全责任书',
  'letter.party_sign': '甲方签署安全责任书',
  'school_document.version_create': '上传学校安全文件版本',
  'school_document.review': '审核学校安全文件',
  'demo.letters': '载入演示责任书和安全文件',
  'sanfang.person_create': '登记三防人员',
  'sanfang.person_update': '修改三防人员',
  'sanfang.device_create': '登记三防设施',
  'sanfang.device_update': '修改三防设施',
  'sanfang.site_update': '修改周界与封闭管理',
  'sanfang.import': 'Excel 导入三防台账',
  'sanfang.background_read': '查看背景审查结果',
  'sanfang.gap_hazards': '三防差距转为隐患',
  'sanfang.demo_load': '载入演示三防台账',
  'sanfang.building_create': '登记校舍',
  'sanfang.building_update': '修改校舍',
  'sanfang.fire_facility_create': '登记消防设施',
  'sanfang.fire_facility_update': '修改消防设施',
  'sanfang.fire_unit_update': '修改火灾高危单位与消防安全评估',
  'gate_log.create': '门卫登记',
  'gate_log.leave': '门卫登记离校',
  'premise.create': '登记周边场所',
  'premise.update': '修改周边场所',
  'premise.recompute': '重新计算周边距离',
  'demo.premises': '载入演示周边场所',
  'school.gates': '修改校门',
  'key_person.list': '查看重点人员列表',
  'key_person.read': '查看重点人员档案',
  'key_person.create': '登记重点人员',
  'key_person.update': '修改重点人员档案',
  'key_person.follow_up': '登记重点人员走访',
  'demo.key_persons': '载入演示重点人员',
  'sanfang.device_checks': '每日在线巡检',
  'sanfang.device_checks_import': '导入视频平台在线状态',
  'sanfang.device_checks_push': '平台推送设施在线状态',
  'sanfang.device_token': '生成设施状态推送令牌',
  'sanfang.outage_hazards': '设施离线转为隐患',
  'sanfang.alarm_drill': '登记报警演练',
  'demo.device_checks': '载入演示在线巡检和报警演练',
  'school_bus.create': '登记校车',
  'school_bus.update': '修改校车',
  'school_bus.check': '登记校车专项检查或安全学习',
  'school_bus.flag_hazard': '校车问题转为隐患',
  'premise.water_facilities': '登记危险水域警示标志和防护设施',
  'premise.water_patrol': '登记危险水域巡查',
  'premise.water_hazard': '危险水域问题转为隐患',
  'demo.school_buses': '载入演示校车和危险水域',
  'guard_post.create': '新增护学岗',
  'guard_post.update': '修改护学岗和排班',
  'guard_post.sign_in': '护学岗签到',
  'patrol_zone.create': '新增包片区域',
  'patrol_zone.update': '修改包片区域和警组',
  'demo.guard_posts': '载入演示护学岗',
  'public_report.submit': '收到群众反映',
  'public_report.triage': '分拣群众反映',
  'demo.public_reports': '载入演示群众反映',
  'screening.create': '填报排查报告（含零报告）',
} as const;

/** Case engine: created, read (restricted types), exported, and each workflow action. */
const caseAuditLabels = {
  'case.create': '案件·登记',
  'case.read': '案件·查阅（保密案件）',
  'case.export': '案件·导出',
  'demo.cases': '载入演示案件',
  ...(Object.fromEntries(caseActions.map((a) => [`case.${a}`, `案件·${caseActionLabels[a]}`])) as Record<`case.${(typeof caseActions)[number]}`, string>),
};

export type AuditAction = keyof typeof otherActionLabels | keyof typeof caseAuditLabels | `hazard.${HazardEventAction}`;

const hazardAuditLabels = Object.fromEntries(Object.entries(hazardEventLabels).map(([k, v]) => [`hazard.${k}`, `隐患·${v}`])) as Record<
  `hazard.${HazardEventAction}`,
  string
>;

export const auditActionLabels: Record<AuditAction, string> = { ...hazardAuditLabels, ...otherActionLabels, ...caseAuditLabels };

export const auditEntityTypeLabels = {
  user: '用户',
  school: '学校',
  school_import: '学校导入',
  org_unit: '组织机构',
  assignment: '包校/包片',
  hazard: '隐患',
  hazard_import: '隐患台账导入',
  inspection: '检查',
  inspection_plan: '督检安排',
  checklist_template: '检查表',
  attachment: '附件',
  notice: '整改通知书',
  notice_number_format: '文书编号格式',
  penalty: '执法处罚书',
  drill: '应急演练',
  education_session: '安全教育',
  education_import: '安全教育课表导入',
  staff_training: '教职工培训',
  patrol_log: '巡查记录',
  duty_roster: '值班表',
  record_check: '抽查核实',
  post_holder: '岗位责任人',
  responsibility_letter: '安全责任书',
  school_document: '学校安全文件',
  sanfang_person: '三防人员',
  sanfang_device: '三防设施',
  sanfang_site: '周界与封闭管理',
  sanfang_import: '三防台账导入',
  sanfang_gap: '三防差距',
  sanfang_building: '校舍',
  sanfang_fire_facility: '消防设施',
  sanfang_fire_unit: '消防安全评估',
  gate_log_entry: '门卫登记',
  premise: '周边场所',
  key_person: '重点人员',
  device_check: '设施在线巡检',
  device_push_token: '设施状态推送令牌',
  alarm_drill: '报警演练',
  case: '案件',
  school_bus: '校车',
  bus_check: '校车检查/安全学习',
  guard_post: '护学岗',
  guard_sign_in: '护学岗签到',
  patrol_zone: '包片区域',
  public_report: '群众反映',
  screening_report: '排查报告',
} as const;
export type AuditEntityType = keyof typeof auditEntityTypeLabels;

/**
 * Entity types whose events only the police may see. No role that reads the trail is police, so
 * the log page never lists them: not even their number may reach the district (重点人员).
 */
export const policeOnlyEntityTypes: readonly AuditEntityType[] = ['key_person'];

/** The Chinese name of an action code; a code from an older release shows as it is. */
export const auditActionLabel = (code: string): string => (auditActionLabels as Record<string, string>)[code] ?? code;
export const auditEntityTypeLabel = (code: string): string => (auditEntityTypeLabels as Record<string, string>)[code] ?? code;
