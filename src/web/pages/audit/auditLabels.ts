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
