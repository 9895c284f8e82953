import { shanghaiDay } from '../../domain/calendar.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { getCampaignProgress } from './campaigns.service.js';

/**
 * 专项行动进度 in Excel, the numbers of getCampaignProgress (same scope as the page): a summary
 * sheet (phase × duty done/total/rate, hazards target), one sheet per phase with every school's
 * row, and the laggards.
 */
export async function exportCampaignProgress(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const p = await getCampaignProgress(app, actor, id, {}, now);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const sum = wb.addWorksheet('汇总');
  sum.addRow([`${p.campaign.name}（${p.campaign.kindLabel}）`]).font = { bold: true, size: 14 };
  sum.addRow([
    `${p.campaign.startsOn} 至 ${p.campaign.endsOn}；统计至 ${p.today}；参与学校 ${p.schoolCount} 所；本行动发现隐患 ${p.hazards.found} 条，已销号 ${p.hazards.closed} 条，未销号 ${p.hazards.open} 条`,
  ]);
  sum.addRow([]);
  const head = sum.addRow(['阶段', '起止日期', '状态', '任务/目标', '完成学校', '参与学校', '完成率（%）']);
  head.font = { bold: true };
  for (const ph of p.phases) {
    const dates = `${ph.startsOn} 至 ${ph.endsOn}`;
    for (const d of ph.duties) sum.addRow([ph.label, dates, ph.stateLabel, `${d.label}（${d.kindLabel}，至少 ${d.min} 次）`, d.done, d.total, d.rate ?? '']);
    for (const d of ph.departmentDuties)
      sum.addRow([ph.label, dates, ph.stateLabel, `${d.label}（参与部门，${d.kindLabel}，至少 ${d.min} 次）`, d.done, d.total, d.rate ?? '']);
    if (ph.hazards)
      sum.addRow([
        ph.label,
        dates,
        ph.stateLabel,
        `隐患按期销号（发现 ${ph.hazards.found}，按期销号 ${ph.hazards.closedInTime}，未销号 ${ph.hazards.open}）`,
        '',
        '',
        '',
      ]);
    if (ph.done !== null) sum.addRow([ph.label, dates, ph.stateLabel, '本阶段全部完成', ph.done, ph.schools, ph.rate ?? '']);
  }
  sum.columns.forEach((c, i) => {
    c.width = [12, 24, 8, 48, 10, 10, 12][i] ?? 12;
  });
  for (const [n, ph] of p.phases.entries()) {
    // Sheet names: unique (two phases may share a label) and without the characters Excel refuses.
    const ws = wb.addWorksheet(`${n + 1}.${ph.label}阶段`.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
    const header = [
      '街道/教管中心',
      '学校',
      ...ph.duties.map((d) => d.label),
      ...(ph.closeHazards ? ['本行动隐患', '按期销号', '未销号'] : []),
      '本阶段',
      '滞后',
    ];
    ws.addRow(header).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of ph.rows)
      ws.addRow([
        r.parentName ?? '',
        r.schoolName,
        ...r.duties.map((d) => `${d.statusLabel}（${d.count}）`),
        ...(r.hazards ? [r.hazards.found, r.hazards.closedInTime, r.hazards.open] : []),
        ph.state === 'upcoming' ? '未开始' : r.done ? '完成' : '未完成',
        r.lagging ? '滞后' : '',
      ]);
    ws.columns.forEach((c, i) => {
      c.width = i < 2 ? 24 : 14;
    });
  }
  const lag = wb.addWorksheet('滞后单位');
  lag.addRow(['阶段', '街道/教管中心', '学校', '未完成的任务', '未销号隐患']).font = { bold: true };
  for (const ph of p.phases)
    for (const r of ph.laggards)
      lag.addRow([
        ph.label,
        r.parentName ?? '',
        r.schoolName,
        r.duties
          .filter((d) => d.status !== 'done')
          .map((d) => ph.duties.find((x) => x.code === d.code)?.label ?? d.code)
          .join('；'),
        r.hazards?.open ?? '',
      ]);
  for (const ph of p.phases)
    for (const r of ph.departmentLaggards)
      lag.addRow([
        ph.label,
        '（参与部门）',
        r.unitName,
        r.duties
          .filter((d) => d.status !== 'done')
          .map((d) => ph.departmentDuties.find((x) => x.code === d.code)?.label ?? d.code)
          .join('；'),
        '',
      ]);
  lag.columns.forEach((c, i) => {
    c.width = [10, 18, 26, 40, 12][i] ?? 12;
  });
  return { filename: `专项行动进度-${p.campaign.name}-${shanghaiDay(now)}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
