import { fieldLabels as domainFieldLabels } from '../../../domain/field-labels';
import { departmentTypeLabels, orgUnitKindLabels, roleLabels } from '../../../domain/roles';
import { ownershipLabels, schoolTypeLabels } from '../../../domain/school';

/** Chinese names of audit actions and entity types; unknown codes (newer features) show as-is. */
export const actionLabels: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lockout': '账号锁定',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_change': '修改密码',
  'school.create': '新增学校',
  'school.update': '修改学校',
  'school.import': '导入学校',
  'school.import_create': '导入新增学校',
  'school.import_update': '导入更新学校',
  'org_unit.create': '新增机构',
  'org_unit.update': '修改机构',
  'assignment.create': '新增包校/包片',
  'assignment.delete': '取消包校/包片',
  'district.create': '创建区县',
  'demo.load': '载入演示数据',
};

export const entityTypeLabels: Record<string, string> = {
  user: '用户',
  school: '学校',
  school_import: '学校导入',
  org_unit: '组织机构',
  assignment: '包校/包片',
};

const verbLabels: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  demo_create: '演示数据新增',
  import_create: '导入新增',
  import_update: '导入更新',
};

/** `entity.verb` codes the table above does not list are read as verb + entity (e.g. 演示数据新增学校). */
export function actionLabel(code: string): string {
  const known = actionLabels[code];
  if (known) return known;
  const [entity = '', verb = ''] = code.split('.');
  const e = entityTypeLabels[entity];
  const v = verbLabels[verb];
  return e && v ? `${v}${e}` : code;
}

/**
 * Field names of the records the trail stores: the shared input labels (src/domain), plus the
 * read-only fields only a stored record has. A few differ on purpose (e.g. 启用 for isActive).
 */
export const fieldLabels: Record<string, string> = {
  ...domainFieldLabels,
  parentName: '上级单位',
  principalName: '校长/园长',
  safetyOfficerName: '安全干部',
  phone: '电话',
  isActive: '启用',
  sortOrder: '排序号',
  orgUnitName: '所属单位',
  mustChangePassword: '须修改密码',
  subjectId: '对象',
  subjectName: '对象',
  targetName: '目标单位',
  roleLabel: '角色名称',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  lastLoginAt: '最近登录',
  lockedUntil: '锁定至',
  total: '总行数',
  created: '新增',
  updated: '更新',
};

/** Coded values shown by their Chinese label (role "staff" → 教职工/保安). */
const valueTables: Record<string, Record<string, string>> = {
  role: roleLabels,
  schoolType: schoolTypeLabels,
  ownership: ownershipLabels,
  kind: orgUnitKindLabels,
  departmentType: departmentTypeLabels,
};

export function valueLabel(key: string, value: unknown): string | undefined {
  return typeof value === 'string' ? valueTables[key]?.[value] : undefined;
}
