/**
 * The roles of PRODUCT.md. Identifiers are English; labels are what users read.
 */
export const roles = [
  'district_admin',
  'commission_leader',
  'responsible_inspector',
  'department_officer',
  'centre_officer',
  'police_officer',
  'joint_inspector',
  'principal',
  'school_safety_officer',
  'staff',
] as const;

export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  district_admin: '区教委安稳科管理员',
  commission_leader: '委领导（包片）',
  responsible_inspector: '责任督学（包校）',
  department_officer: '委机关科室/区级部门',
  centre_officer: '镇街教管中心',
  police_officer: '派出所民警',
  joint_inspector: '联合督检组',
  principal: '校长/园长（第一责任人）',
  school_safety_officer: '学校安全干部',
  staff: '教职工/保安',
};

/** Which kind of organisation unit a user of each role belongs to. */
export const homeUnitKinds: Record<Role, readonly OrgUnitKind[]> = {
  district_admin: ['district'],
  commission_leader: ['district'],
  responsible_inspector: ['district'],
  department_officer: ['department', 'district'],
  centre_officer: ['township', 'centre'],
  police_officer: ['department'],
  joint_inspector: ['district', 'department'],
  principal: ['school'],
  school_safety_officer: ['school'],
  staff: ['school'],
};

export const orgUnitKinds = ['district', 'township', 'centre', 'school', 'department'] as const;
export type OrgUnitKind = (typeof orgUnitKinds)[number];

export const orgUnitKindLabels: Record<OrgUnitKind, string> = {
  district: '区县教委',
  township: '街道/镇',
  centre: '教管中心',
  school: '学校',
  department: '部门',
};

export const departmentTypes = [
  'police_station',
  'traffic_police',
  'health',
  'market_supervision',
  'fire_emergency',
  'urban_enforcement',
  'justice',
  'community',
  'commission_office',
  'culture_tourism',
  'housing_construction',
  'water_resources',
  'ecology_environment',
] as const;
export type DepartmentType = (typeof departmentTypes)[number];

export const departmentTypeLabels: Record<DepartmentType, string> = {
  police_station: '派出所',
  traffic_police: '交巡警',
  health: '卫生健康',
  market_supervision: '市场监管',
  fire_emergency: '消防救援/应急管理',
  urban_enforcement: '城市管理综合执法',
  justice: '司法',
  community: '社区/村居',
  commission_office: '委机关科室',
  culture_tourism: '文化和旅游（文化市场综合执法）',
  housing_construction: '住房城乡建设',
  water_resources: '水利',
  ecology_environment: '生态环境',
};

/**
 * Roles a user may grant. An admin can never create an account more powerful than their own:
 * the district admin grants any role; a centre officer grants school roles (and centre colleagues)
 * inside its township; a principal grants school roles inside the school.
 */
export const grantableRoles: Record<Role, readonly Role[]> = {
  district_admin: roles,
  centre_officer: ['centre_officer', 'principal', 'school_safety_officer', 'staff'],
  principal: ['school_safety_officer', 'staff'],
  commission_leader: [],
  responsible_inspector: [],
  department_officer: [],
  police_officer: [],
  joint_inspector: [],
  school_safety_officer: [],
  staff: [],
};

export const canManageUsers = (role: Role): boolean => grantableRoles[role].length > 0;
