/**
 * Hazard (隐患) vocabularies. Categories and places are defaults: a district's policy pack may
 * add to them (issue 4); codes are stable, labels are what users read.
 */
export const hazardLevels = ['general', 'major'] as const;
export type HazardLevel = (typeof hazardLevels)[number];
export const hazardLevelLabels: Record<HazardLevel, string> = { general: '一般', major: '重大' };

export const hazardStates = ['reported', 'assessed', 'rectifying', 'pending_verification', 'closed'] as const;
export type HazardState = (typeof hazardStates)[number];
export const hazardStateLabels: Record<HazardState, string> = {
  reported: '登记',
  assessed: '研判',
  rectifying: '整改中',
  pending_verification: '待验收',
  closed: '已销号',
};

export const hazardSources = ['school_self', 'centre', 'inspector', 'department', 'leader', 'joint', 'police', 'district', 'public'] as const;
export type HazardSource = (typeof hazardSources)[number];
/** 督查发现: the sources that are supervision levels (inspectionLevels share the codes), not the school's own check or the public. */
export const supervisionSources = hazardSources.filter((s) => s !== 'school_self' && s !== 'public');
export const hazardSourceLabels: Record<HazardSource, string> = {
  school_self: '学校自查',
  centre: '教管中心检查',
  inspector: '责任督学督查',
  department: '部门按职督查',
  leader: '领导包片督查',
  joint: '联合督检',
  police: '公安检查',
  district: '区教委抽查',
  public: '群众举报',
};

export const defaultHazardCategories: { code: string; label: string }[] = [
  { code: 'fire', label: '消防' },
  { code: 'electric', label: '用电' },
  { code: 'gas', label: '燃气' },
  { code: 'food', label: '食品' },
  { code: 'building', label: '校舍' },
  { code: 'traffic', label: '交通' },
  { code: 'drowning', label: '防溺水' },
  { code: 'staffing', label: '人防' },
  { code: 'physical', label: '物防' },
  { code: 'technical', label: '技防' },
  { code: 'facility', label: '设施设备' },
  { code: 'chemical', label: '危化品' },
  { code: 'school_bus', label: '校车' },
  { code: 'surroundings', label: '周边环境' },
  { code: 'health', label: '卫生防疫' },
  { code: 'student_safety', label: '学生安全（欺凌、心理、防性侵等）' },
  { code: 'management', label: '制度与台账' },
  { code: 'other', label: '其他' },
];

export const defaultHazardPlaces = ['校门', '围墙', '教学楼', '宿舍', '食堂', '实验室', '门卫室', '操场', '校车', '周边', '办公楼', '配电房', '其他'] as const;

/**
 * Labels of categories that policy packs add (a district's 防汛与地质灾害, say). Codes are global,
 * so the server records every pack's labels once at start and every export and DTO can name them.
 */
const packCategoryLabels = new Map<string, string>();
export function rememberCategoryLabels(categories: readonly { code: string; label: string }[]): void {
  for (const c of categories) packCategoryLabels.set(c.code, c.label);
}

export const hazardCategoryLabel = (code: string) => packCategoryLabels.get(code) ?? defaultHazardCategories.find((c) => c.code === code)?.label ?? code;
