import { auditActionLabel, auditActionLabels, auditEntityTypeLabels } from '../../../domain/audit-actions';
import { fieldLabels as domainFieldLabels } from '../../../domain/field-labels';
import { departmentTypeLabels, orgUnitKindLabels, roleLabels } from '../../../domain/roles';
import { ownershipLabels, schoolTypeLabels } from '../../../domain/school';

/** Chinese names of audit actions and entity types: the closed sets in src/domain/audit-actions.ts. */
export const actionLabels: Record<string, string> = auditActionLabels;
export const entityTypeLabels: Record<string, string> = auditEntityTypeLabels;
export const actionLabel = auditActionLabel;

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
  // hazards, inspections, notices, templates, uploads
  title: '标题',
  description: '描述',
  place: '部位',
  category: '类别',
  level: '等级',
  state: '状态',
  source: '来源',
  deadline: '整改期限',
  foundAt: '发现时间',
  interimControl: '临时管控措施',
  rectificationNote: '整改说明',
  responsibleUnitId: '责任单位',
  handedOverTo: '交办单位',
  supervisionListed: '挂牌督办',
  measures: '整改措施',
  responsiblePerson: '整改责任人',
  funds: '整改资金',
  contingencyPlan: '应急预案',
  requestedDeadline: '申请延期至',
  reason: '理由',
  status: '状态',
  reportDue: '上报期限',
  reportedAt: '上报时间',
  late: '逾期上报',
  hazards: '隐患数',
  version: '版本',
  items: '检查项',
  acknowledgedAt: '签收时间',
  acknowledgedByName: '签收人',
  repliedAt: '回执时间',
  repliedByName: '回执人',
  replyText: '回执内容',
  attachmentIds: '附件',
  format: '编号格式',
  byState: '按状态',
  schools: '学校数',
  firstCode: '起始编号',
  lastCode: '结束编号',
  importId: '导入批次',
  fileName: '文件名',
  size: '大小',
  purpose: '用途',
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
