import type { Role } from '../../domain/roles.js';

/** Demo data only: every demo account shares this password. A production install has none. */
export const DEMO_PASSWORD = 'Huxiao@2026';

export const demoAccounts: { username: string; displayName: string; role: Role; home: string }[] = [
  { username: 'admin', displayName: '周建国', role: 'district_admin', home: '区教委安稳科' },
  { username: 'leader', displayName: '刘志强', role: 'commission_leader', home: '区教委（包片：前三个街道/镇）' },
  { username: 'inspector', displayName: '陈晓梅', role: 'responsible_inspector', home: '区教委（包校：约 14 所学校）' },
  { username: 'dept_officer', displayName: '王海燕', role: 'department_officer', home: '区市场监管局' },
  { username: 'centre_officer', displayName: '李文斌', role: 'centre_officer', home: '第一个街道' },
  { username: 'police', displayName: '张卫东', role: 'police_officer', home: '第一派出所（辖区学校）' },
  { username: 'joint_inspector', displayName: '赵明亮', role: 'joint_inspector', home: '区联合督检组' },
  { username: 'principal', displayName: '孙丽华', role: 'principal', home: '第一所学校' },
  { username: 'school_officer', displayName: '黄国平', role: 'school_safety_officer', home: '第一所学校' },
  { username: 'staff', displayName: '吴德明', role: 'staff', home: '第一所学校（保安）' },
  // The supervising departments of premises near schools (网吧、游戏厅 / 工地 / 危险水域) take 交办 too.
  { username: 'culture_officer', displayName: '郑雅琴', role: 'department_officer', home: '区文化市场综合行政执法支队' },
  { username: 'housing_officer', displayName: '冯立军', role: 'department_officer', home: '区住建委' },
  { username: 'water_officer', displayName: '何春生', role: 'department_officer', home: '区水利局' },
];
