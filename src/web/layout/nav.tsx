import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileTextOutlined,
  FundViewOutlined,
  HomeOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SecurityScanOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../domain/roles';

export type NavKey =
  | 'home'
  | 'inspections'
  | 'obligations'
  | 'hazards'
  | 'notices'
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
  | 'sanfang';

type NavItem = { key: NavKey; path: string; label: string; icon: ReactNode };

export const navItems: readonly NavItem[] = [
  { key: 'home', path: '/', label: '工作台', icon: <HomeOutlined /> },
  { key: 'dashboard', path: '/dashboard', label: '数据看板', icon: <DashboardOutlined /> },
  { key: 'statistics', path: '/statistics', label: '统计分析', icon: <BarChartOutlined /> },
  { key: 'bigscreen', path: '/bigscreen', label: '数据大屏', icon: <DesktopOutlined /> },
  { key: 'inspections', path: '/inspections', label: '安全检查', icon: <CheckSquareOutlined /> },
  { key: 'obligations', path: '/obligations', label: '检查任务', icon: <CalendarOutlined /> },
  { key: 'hazards', path: '/hazards', label: '隐患台账', icon: <AlertOutlined /> },
  { key: 'notices', path: '/notices', label: '整改通知书', icon: <FileTextOutlined /> },
  { key: 'penalties', path: '/penalties', label: '执法处罚书', icon: <SafetyCertificateOutlined /> },
  { key: 'coverage', path: '/coverage', label: '督查覆盖', icon: <FundViewOutlined /> },
  { key: 'plans', path: '/plans', label: '督检安排', icon: <ScheduleOutlined /> },
  { key: 'checklists', path: '/checklists', label: '检查表', icon: <ProfileOutlined /> },
  { key: 'sanfang', path: '/sanfang', label: '三防建设', icon: <SecurityScanOutlined /> },
  { key: 'schools', path: '/schools', label: '学校', icon: <BankOutlined /> },
  { key: 'org', path: '/org', label: '组织机构', icon: <ApartmentOutlined /> },
  { key: 'assignments', path: '/assignments', label: '包校包片', icon: <UserSwitchOutlined /> },
  { key: 'users', path: '/users', label: '用户', icon: <TeamOutlined /> },
  { key: 'audit', path: '/audit', label: '操作日志', icon: <AuditOutlined /> },
];

/**
 * Which pages a role reaches. The server enforces scope on every request; this only keeps
 * people from wandering into pages that would answer 403 anyway.
 */
const extraPages: Partial<Record<Role, readonly NavKey[]>> = {
  district_admin: ['penalties', 'notices', 'coverage', 'plans', 'policy', 'org', 'assignments', 'users', 'audit'],
  commission_leader: ['penalties', 'coverage', 'plans'],
  responsible_inspector: ['penalties', 'notices', 'coverage', 'plans'],
  department_officer: ['penalties', 'coverage', 'plans'],
  centre_officer: ['penalties', 'notices', 'coverage', 'plans', 'users', 'audit'],
  police_officer: ['penalties', 'notices', 'coverage', 'plans'],
  joint_inspector: ['penalties', 'notices', 'coverage', 'plans'],
  principal: ['penalties', 'notices', 'users', 'audit'],
  school_safety_officer: ['notices'],
  staff: ['notices'],
};

/** Every role keeps a hazard ledger (scoped by the server); notices go to issuers and schools. */
const everyone: ReadonlySet<NavKey> = new Set(['home', 'inspections', 'obligations', 'hazards', 'checklists', 'schools', 'sanfang']);

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

export function canSee(role: Role, key: NavKey): boolean {
  return everyone.has(key) || (extraPages[role] ?? []).includes(key) || (dashboardPages[role] ?? []).includes(key);
}

export const visibleNav = (role: Role): NavItem[] => navItems.filter((i) => canSee(role, i.key));

/** The menu entry (its path) a URL belongs to, so /schools/123 highlights 学校. */
export function navPathOf(pathname: string): string | undefined {
  return navItems.find((i) => (i.path === '/' ? pathname === '/' : pathname.startsWith(i.path)))?.path;
}
