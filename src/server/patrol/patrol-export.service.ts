import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { buildSheet } from './patrol.excel.js';
import * as repo from './patrol.repository.js';
import { type PatrolQuery, scopedPatrolFilter, toPatrolDto } from './patrol.service.js';

/** The most rows one export writes: a district's month of patrols; beyond that, narrow the filter. */
const MAX_ROWS = 50_000;
const PAGE = 2000;

const columns = [
  { header: '编号', key: 'code', width: 16 },
  { header: '学校', key: 'schoolName', width: 24 },
  { header: '巡查路线', key: 'routeLabel', width: 14 },
  { header: '巡查时间', key: 'time', width: 18 },
  { header: '计入日期', key: 'patrolDay', width: 12 },
  { header: '巡查点', key: 'points', width: 40 },
  { header: '巡查人', key: 'patrollers', width: 20 },
  { header: '发现问题', key: 'findings', width: 40 },
  { header: '转为隐患', key: 'hazardCount', width: 10 },
  { header: '备注', key: 'note', width: 30 },
] as const;

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** 巡查记录 as Excel: the same scoped filter as the list. */
export async function exportPatrolLogs(app: AppContext, actor: Actor, q: Omit<PatrolQuery, 'page' | 'pageSize'>, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const f = scopedPatrolFilter(actor, q);
  const rows: repo.PatrolLogRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repo.findPatrolExportPage(app.db, f, PAGE, offset);
    rows.push(...page);
    if (rows.length > MAX_ROWS) throw new AppError('VALIDATION_FAILED', `超过 ${MAX_ROWS} 条，请缩小日期范围或选择学校后再导出`);
    if (page.length < PAGE) break;
  }
  const findings = new Map<string, string[]>();
  for (let i = 0; i < rows.length; i += 1000) {
    const withFindings = rows.slice(i, i + 1000).filter((r) => r.finding_count > 0);
    for (const x of await repo.findFindings(
      app.db,
      actor.districtId,
      withFindings.map((r) => r.id),
    )) {
      findings.set(x.patrol_log_id, [...(findings.get(x.patrol_log_id) ?? []), `${x.place ? `${x.place}：` : ''}${x.text}`]);
    }
  }
  const data = rows.map((r) => {
    const d = toPatrolDto(pack, r);
    return {
      ...d,
      time: fmt(d.patrolledAt),
      points: d.points.join('、'),
      patrollers: d.patrollers.join('、'),
      findings: (findings.get(d.id) ?? []).join('；') || '正常',
    };
  });
  return { filename: `巡查记录-${shanghaiDay(now)}.xlsx`, file: await buildSheet('巡查记录', columns, data) };
}
