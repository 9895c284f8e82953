import { ApartmentOutlined, AuditOutlined, BankOutlined, HomeOutlined, TeamOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../domain/roles';

export type NavKey = 'home' | 'schools' | 'org' | 'assignments' | 'users' | 'audit';

type NavItem = { key: NavKey; path: string; label: string; icon: ReactNode };

export const navItems: readonly NavItem[] = [
  { key: 'home', path: '/', label: '首页', icon: <HomeOutlined /> },
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
  district_admin: ['org', 'assignments', 'users', 'audit'],
  centre_officer: ['users', 'audit'],
  principal: ['users', 'audit'],
};

export function canSee(role: Role, key: NavKey): boolean {
  return key === 'home' || key === 'schools' || (extraPages[role] ?? []).includes(key);
}

export const visibleNav = (role: Role): NavItem[] => navItems.filter((i) => canSee(role, i.key));

/** The menu entry (its path) a URL belongs to, so /schools/123 highlights 学校. */
export function navPathOf(pathname: string): string | undefined {
  return navItems.find((i) => (i.path === '/' ? pathname === '/' : pathname.startsWith(i.path)))?.path;
}
