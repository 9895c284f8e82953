import { randomUUID } from 'node:crypto';
import { newReceipt } from '../../domain/public-report.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { demoUserIds } from './demo-inspections.repository.js';
import * as repo from './demo-public-reports.repository.js';

/**
 * A few public reports (群众反映) of the demo district: three waiting in the queues (two at the
 * demo accounts' school, for 龙洲湾街道's centre officer; one from the district's poster naming no
 * school, for the district admin), one merged into an open hazard of that school, one rejected
 * with its reason. Without photos: the demo ships no image files.
 */
type Spec = {
  school: boolean;
  hoursAgo: number;
  description: string;
  place: string;
  name: string;
  phone: string;
  outcome?: 'merged' | 'rejected';
  reply?: string;
};
const specs: Spec[] = [
  {
    school: true,
    hoursAgo: 3,
    description: '学校东门外人行道护栏松动，放学时学生挤在护栏边，容易倒。',
    place: '东门外人行道',
    name: '王女士',
    phone: '13908231146',
  },
  { school: true, hoursAgo: 20, description: '早上送孩子时看到校门口有流动摊贩在卖烧烤，油烟很大，还占了接送区。', place: '校门口接送区', name: '', phone: '' },
  {
    school: false,
    hoursAgo: 30,
    description: '滨江路小学附近的十字路口没有减速带，上下学时车速很快，希望设置标志。',
    place: '滨江路与学府路路口',
    name: '陈先生',
    phone: '13647720935',
  },
  {
    school: true,
    hoursAgo: 72,
    description: '学校后门消防通道被电动车堵住了，好几天都没人清理。',
    place: '后门',
    name: '家长',
    phone: '',
    outcome: 'merged',
    reply: '已并入学校正在整改的隐患，感谢您的反映。',
  },
  {
    school: true,
    hoursAgo: 96,
    description: '小区内部道路路灯坏了，孩子晚上放学回家很黑。',
    place: '锦绣小区',
    name: '',
    phone: '',
    outcome: 'rejected',
    reply: '您反映的是小区内部道路，不属于学校及周边管理范围，已转告所在街道和物业。',
  },
];

export async function loadDemoPublicReports(db: Db, districtId: string, now = new Date()): Promise<number> {
  const users = await demoUserIds(db, districtId);
  const { school, admin, open } = await repo.findDemoTargets(db, districtId, users.firstSchool);
  const centre = school.parent_id ?? districtId;
  let n = 0;
  for (const s of specs) {
    if (s.outcome === 'merged' && !open) continue;
    const submitted = new Date(now.getTime() - s.hoursAgo * 3600_000);
    const triaged =
      s.outcome && admin ? { triaged_by: admin.id, triaged_by_name: admin.display_name, triaged_at: new Date(submitted.getTime() + 5 * 3600_000) } : null;
    if (s.outcome && !triaged) continue;
    await repo.insertDemoReport(db, {
      district_id: districtId,
      id: randomUUID(),
      receipt: newReceipt(),
      school_id: s.school ? school.id : null,
      handling_unit_id: s.school ? centre : districtId,
      description: s.description,
      place: s.place,
      contact_name: s.name,
      contact_phone: s.phone,
      submitted_at: submitted,
      outcome: s.outcome ?? null,
      hazard_id: s.outcome === 'merged' ? (open?.id ?? null) : null,
      public_reply: s.reply ?? '',
      ...(triaged ?? { triaged_by: null, triaged_by_name: null, triaged_at: null }),
    });
    n++;
  }
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.public_reports',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示群众反映 ${n} 条`,
  });
  return n;
}
