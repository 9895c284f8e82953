import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CarOutlined,
  CarryOutOutlined,
  CheckCircleOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DesktopOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FireOutlined,
  FlagOutlined,
  FolderOpenOutlined,
  FundViewOutlined,
  HomeOutlined,
  IdcardOutlined,
  LoginOutlined,
  NotificationOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SecurityScanOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
  UserSwitchOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../domain/roles';

export type NavKey =
  | 'home'
  | 'gateLog'
  | 'guard'
  | 'inspections'
  | 'drills'
  | 'patrol'
  | 'roster'
  | 'obligations'
  | 'compliance'
  | 'hazards'
  | 'education'
  | 'trainings'
  | 'notices'
  | 'letters'
  | 'documents'
  | 'coverage'
  | 'plans'
  | 'checklists'
  | 'policy'
  | 'schools'
  | 'org'
  | 'assignments'
  | 'users'
  | 'audit'
  | 'dashboard'
  | 'statistics'
  | 'bigscreen'
  | 'penalties'
  | 'sanfang'
  | 'surroundings'
  | 'cases'
  | 'keyPersons'
  | 'publicReports'
  | 'bulletins'
  | 'meetings'
  | 'meetingTasks'
  | 'assessment'
  | 'deviceChecks'
  | 'school-buses'
  | 'riskAlerts'
  | 'riskAnalytics'
  | 'risk'
  | 'safety'
  | 'outbound'
  | 'campaigns'
  | 'reports'
  | 'screenings';

/** Menu groups, in order: the menu shows a heading over each. */
export const navGroups = { data: '数据', check: '检查与隐患', routine: '日常安全工作', admin: '管理' } as const;
type NavGroup = keyof typeof navGroups;
type NavItem = { key: NavKey; path: string; label: string; icon: ReactNode; group?: NavGroup };

export const navItems: readonly NavItem[] = [
  { key: 'home', path: '/', label: '工作台', icon: <HomeOutlined /> },
  { key: 'dashboard', path: '/dashboard', label: '数据看板', icon: <DashboardOutlined />, group: 'data' },
  { key: 'statistics', path: '/statistics', label: '统计分析', icon: <BarChartOutlined />, group: 'data' },
  { key: 'bigscreen', path: '/bigscreen', label: '数据大屏', icon: <DesktopOutlined />, group: 'data' },
  { key: 'inspections', path: '/inspections', label: '安全检查', icon: <CheckSquareOutlined />, group: 'check' },
  { key: 'obligations', path: '/obligations', label: '检查任务', icon: <CalendarOutlined />, group: 'check' },
  { key: 'coverage', path: '/coverage', label: '督查覆盖', icon: <FundViewOutlined />, group: 'check' },
  { key: 'plans', path: '/plans', label: '督检安排', icon: <ScheduleOutlined />, group: 'check' },
  { key: 'hazards', path: '/hazards', label: '隐患台账', icon: <AlertOutlined />, group: 'check' },
  { key: 'notices', path: '/notices', label: '整改通知书', icon: <FileTextOutlined />, group: 'check' },
  { key: 'penalties', path: '/penalties', label: '执法处罚书', icon: <SafetyCertificateOutlined />, group: 'check' },
  { key: 'checklists', path: '/checklists', label: '检查表', icon: <ProfileOutlined />, group: 'check' },
  { key: 'surroundings', path: '/surroundings', label: '校园周边', icon: <EnvironmentOutlined />, group: 'check' },
  { key: 'cases', path: '/cases', label: '案件', icon: <SolutionOutlined />, group: 'check' },
  // The key is the path's first segment: the one-school file's figures link to it by that (PanelCounts).
  { key: 'school-buses', path: '/school-buses', label: '校车', icon: <CarOutlined />, group: 'check' },
  { key: 'keyPersons', path: '/key-persons', label: '重点人员', icon: <UserOutlined />, group: 'check' },
  { key: 'publicReports', path: '/public-reports', label: '群众反映', icon: <QrcodeOutlined />, group: 'check' },
  // Alerts and analytics before the register: navPathOf takes the first entry whose path starts the URL.
  { key: 'riskAlerts', path: '/risk/alerts', label: '风险提示', icon: <AlertOutlined />, group: 'check' },
  { key: 'riskAnalytics', path: '/risk/analytics', label: '数据研判', icon: <BarChartOutlined />, group: 'data' },
  { key: 'risk', path: '/risk', label: '风险清单', icon: <AlertOutlined />, group: 'check' },
  { key: 'bulletins', path: '/bulletins', label: '通报约谈', icon: <NotificationOutlined />, group: 'check' },
  { key: 'meetings', path: '/meetings', label: '联席会议', icon: <CommentOutlined />, group: 'check' },
  { key: 'meetingTasks', path: '/meeting-tasks', label: '会议交办事项', icon: <CarryOutOutlined />, group: 'check' },
  { key: 'campaigns', path: '/campaigns', label: '专项行动', icon: <FlagOutlined />, group: 'check' },
  { key: 'screenings', path: '/screenings', label: '排查报告', icon: <FileSearchOutlined />, group: 'check' },
  { key: 'assessment', path: '/assessment', label: '考核', icon: <TrophyOutlined />, group: 'check' },
  { key: 'compliance', path: '/compliance-calendar', label: '合规日历', icon: <ScheduleOutlined />, group: 'routine' },
  // Before 三防建设: navPathOf takes the first entry whose path starts the URL.
  { key: 'deviceChecks', path: '/sanfang/device-checks', label: '在线巡检', icon: <VideoCameraOutlined />, group: 'routine' },
  { key: 'sanfang', path: '/sanfang', label: '三防建设', icon: <SecurityScanOutlined />, group: 'routine' },
  { key: 'gateLog', path: '/gate-log', label: '门卫登记', icon: <LoginOutlined />, group: 'routine' },
  { key: 'guard', path: '/guard-posts', label: '护学岗', icon: <FlagOutlined />, group: 'routine' },
  { key: 'drills', path: '/drills', label: '应急演练', icon: <FireOutlined />, group: 'routine' },
  { key: 'education', path: '/education', label: '安全教育', icon: <ReadOutlined />, group: 'routine' },
  { key: 'trainings', path: '/trainings', label: '教职工培训', icon: <BookOutlined />, group: 'routine' },
  { key: 'patrol', path: '/patrol-logs', label: '巡查记录', icon: <SafetyOutlined />, group: 'routine' },
  { key: 'roster', path: '/duty-roster', label: '值班表', icon: <IdcardOutlined />, group: 'routine' },
  { key: 'letters', path: '/letters', label: '安全责任书', icon: <FileProtectOutlined />, group: 'routine' },
  { key: 'documents', path: '/documents', label: '制度和预案', icon: <FolderOpenOutlined />, group: 'routine' },
  { key: 'safety', path: '/safety-check-ins', label: '报平安', icon: <CheckCircleOutlined />, group: 'routine' },
  { key: 'reports', path: '/reports', label: '报表报送', icon: <ContainerOutlined />, group: 'routine' },
  { key: 'schools', path: '/schools', label: '学校', icon: <BankOutlined />, group: 'admin' },
  { key: 'org', path: '/org', label: '组织机构', icon: <ApartmentOutlined />, group: 'admin' },
  { key: 'assignments', path: '/assignments', label: '包校包片', icon: <UserSwitchOutlined />, group: 'admin' },
  { key: 'users', path: '/users', label: '用户', icon: <TeamOutlined />, group: 'admin' },
  { key: 'audit', path: '/audit', label: '操作日志', icon: <AuditOutlined />, group: 'admin' },
  { key: 'outbound', path: '/outbound', label: '外发通道', icon: <SendOutlined />, group: 'admin' },
];

/**
 * Which pages a role reaches. The server enforces scope on every request; this only keeps
 * people from wandering into pages that would answer 403 anyway.
 */
const extraPages: Partial<Record<Role, readonly NavKey[]>> = {
  district_admin: ['penalties', 'notices', 'coverage', 'plans', 'policy', 'org', 'assignments', 'users', 'audit', 'deviceChecks'],
  commission_leader: ['penalties', 'coverage', 'plans'],
  responsible_inspector: ['penalties', 'notices', 'coverage', 'plans'],
  department_officer: ['penalties', 'coverage', 'plans'],
  centre_officer: ['penalties', 'notices', 'coverage', 'plans', 'users', 'audit', 'deviceChecks'],
  police_officer: ['penalties', 'notices', 'coverage', 'plans', 'deviceChecks'],
  joint_inspector: ['penalties', 'notices', 'coverage', 'plans'],
  principal: ['penalties', 'notices', 'compliance', 'users', 'audit'],
  school_safety_officer: ['notices', 'compliance'],
  staff: ['notices', 'compliance'],
};

/**
 * Every role keeps a hazard ledger (scoped by the server); notices go to issuers and schools.
 * Drills: schools record their own, every supervisor reads those in scope.
 */
const everyone: ReadonlySet<NavKey> = new Set([
  'home',
  'inspections',
  'drills',
  'patrol',
  'roster',
  'obligations',
  'hazards',
  'education',
  'trainings',
  'letters',
  'documents',
  'checklists',
  'schools',
  'sanfang',
  'gateLog',
  'cases',
  'school-buses',
  'guard',
  'risk',
  'riskAlerts',
  'riskAnalytics',
  'campaigns',
  'reports',
  'screenings',
]);

/**
 * 数据看板 and 统计分析 for everyone who supervises or runs a school (the server scopes the numbers);
 * the 大屏 for the district's command centre: the roles that see the whole district.
 */
const dashboardPages: Partial<Record<Role, readonly NavKey[]>> = {
  district_admin: ['dashboard', 'statistics', 'bigscreen'],
  commission_leader: ['dashboard', 'statistics', 'bigscreen'],
  joint_inspector: ['dashboard', 'statistics', 'bigscreen'],
  department_officer: ['dashboard', 'statistics'],
  responsible_inspector: ['dashboard', 'statistics'],
  centre_officer: ['dashboard', 'statistics'],
  police_officer: ['dashboard', 'statistics'],
  principal: ['dashboard'],
  school_safety_officer: ['dashboard'],
};

/** 校园周边: the roles above the school (schools see their surroundings in the one-school file). */
const surroundingsRoles: ReadonlySet<Role> = new Set([
  'district_admin',
  'commission_leader',
  'responsible_inspector',
  'department_officer',
  'centre_officer',
  'police_officer',
  'joint_inspector',
]);

/** 群众反映: the triaging units (district admin, 教管中心) and the schools that print their QR poster. */
const publicReportRoles: ReadonlySet<Role> = new Set(['district_admin', 'centre_officer', 'principal', 'school_safety_officer']);

/** 报平安: the units that open periods and watch the board, and the school managers who report. */
const safetyRoles: ReadonlySet<Role> = new Set([
  'district_admin',
  'commission_leader',
  'responsible_inspector',
  'centre_officer',
  'joint_inspector',
  'principal',
  'school_safety_officer',
]);

export function canSee(role: Role, key: NavKey): boolean {
  if (key === 'safety') return safetyRoles.has(role);
  // 外发通道: the district admin configures them (the server answers 403 to every other role).
  if (key === 'outbound') return role === 'district_admin';
  if (key === 'surroundings') return surroundingsRoles.has(role);
  // 重点人员: police only (the server answers 403 to every other role).
  if (key === 'keyPersons') return role === 'police_officer';
  // 群众反映: the district admin and the centres triage (the server answers 403 to every other role).
  if (key === 'publicReports') return publicReportRoles.has(role);
  // 通报约谈 and 会议交办事项: every role (the server shows a unit only what was addressed to it); 联席会议: all but school staff.
  if (key === 'bulletins' || key === 'meetingTasks') return true;
  if (key === 'meetings') return role !== 'staff';
  // 考核: every role but staff (the server scopes what each sees).
  if (key === 'assessment') return role !== 'staff';
  return everyone.has(key) || (extraPages[role] ?? []).includes(key) || (dashboardPages[role] ?? []).includes(key);
}

export const visibleNav = (role: Role): NavItem[] => navItems.filter((i) => canSee(role, i.key));

/** The menu entry (its path) a URL belongs to, so /schools/123 highlights 学校. */
export function navPathOf(pathname: string): string | undefined {
  return navItems.find((i) => (i.path === '/' ? pathname === '/' : pathname.startsWith(i.path)))?.path;
}

/** antd Menu items: ungrouped entries first, then a headed group for each group with entries. */
export function groupedNav(items: readonly NavItem[]) {
  const entry = (i: NavItem) => ({ key: i.path, icon: i.icon, label: i.label });
  const groups = (Object.keys(navGroups) as NavGroup[]).flatMap((g) => {
    const children = items.filter((i) => i.group === g).map(entry);
    return children.length ? [{ type: 'group' as const, key: `group-${g}`, label: navGroups[g], children }] : [];
  });
  return [...items.filter((i) => !i.group).map(entry), ...groups];
}
