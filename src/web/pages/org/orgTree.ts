import type { DataNode } from 'antd/es/tree';
import { type DepartmentType, departmentTypeLabels } from '../../../domain/roles';
import type { OrgUnit } from '../../api/types';

const byOrder = (a: OrgUnit, b: OrgUnit) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, 'zh-CN');

/** Title shown in the tree; stopped units stay visible (history refers to them) but say so. */
export const unitTitle = (u: OrgUnit) => (u.isActive ? u.name : `${u.name}（已停用）`);

/**
 * District → 街道/镇 and 教管中心 → schools. Departments are a separate list: they are not in
 * the school hierarchy, and mixing 40 departments into the tree would bury the schools.
 */
export function areaTree(units: OrgUnit[]): DataNode[] {
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    if (u.kind === 'department') continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const ids = new Set(units.map((u) => u.id));
  const build = (u: OrgUnit): DataNode => {
    const kids = (children.get(u.id) ?? []).sort(byOrder);
    const schools = kids.filter((k) => k.kind === 'school').length;
    return {
      key: u.id,
      // The school count lets an admin spot an empty or overloaded township without expanding it.
      title: u.kind === 'township' || u.kind === 'centre' ? `${unitTitle(u)}（${schools} 所）` : unitTitle(u),
      isLeaf: u.kind === 'school',
      children: kids.map(build),
    };
  };
  // Roots: units whose parent the user cannot see (normally only the district itself).
  const roots = units.filter((u) => u.kind !== 'department' && (u.parentId === null || !ids.has(u.parentId)));
  return roots.sort(byOrder).map(build);
}

export type DepartmentGroup = { type: string; label: string; units: OrgUnit[] };

export function departmentGroups(units: OrgUnit[]): DepartmentGroup[] {
  const groups = new Map<string, OrgUnit[]>();
  for (const u of units) {
    if (u.kind !== 'department') continue;
    const key = u.departmentType ?? 'other';
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups]
    .map(([type, list]) => ({
      type,
      label: departmentTypeLabels[type as DepartmentType] ?? '其他',
      units: list.sort(byOrder),
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
