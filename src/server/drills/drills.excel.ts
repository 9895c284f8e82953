import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import * as repo from './drills.repository.js';
import { type DrillListInput, filterFor } from './drills.service.js';

/**
 * 应急演练台账 as offices keep it in Excel: Chinese headers in row 1, one row a drill, the same
 * filter and scope as the list. The slow buildings are named, so the sheet reads without the app.
 */
const MAX_ROWS = 50_000;
const SHANGHAI_MS = 8 * 3600_000;

type Building = { name: string; seconds: number | null; targetSeconds: number; slow: boolean };

const columns: { header: string; width: number; numFmt?: string; value: (r: repo.DrillRecord) => string | number | Date | null }[] = [
  { header: '演练编号', width: 16, value: (r) => r.code },
  { header: '学校', width: 26, value: (r) => r.school_name },
  { header: '街道/教管中心', width: 16, value: (r) => r.parent_name ?? '' },
  { header: '演练类型', width: 16, value: (r) => r.type_label },
  { header: '演练时间', width: 17, numFmt: 'yyyy-mm-dd hh:mm', value: (r) => new Date(r.started_at.getTime() + SHANGHAI_MS) },
  { header: '状态', width: 8, value: (r) => (r.status === 'submitted' ? '已提交' : '草稿') },
  { header: '演练情景', width: 30, value: (r) => r.scenario },
  { header: '组织者', width: 12, value: (r) => r.organiser },
  { header: '指导单位', width: 20, value: (r) => (r.guidance as { unit: string }[]).map((g) => g.unit).join('、') },
  { header: '参演学生', width: 10, value: (r) => r.student_participants },
  { header: '参演教职工', width: 10, value: (r) => r.staff_participants },
  { header: '在校生', width: 10, value: (r) => r.enrollment_base },
  { header: '教职工', width: 10, value: (r) => r.staff_base },
  {
    header: '参与率',
    width: 8,
    numFmt: '0%',
    value: (r) => {
      const base = r.enrollment_base + r.staff_base;
      return base > 0 ? Math.min(1, (r.student_participants + r.staff_participants) / base) : null;
    },
  },
  { header: '疏散楼栋数', width: 10, value: (r) => r.building_count },
  {
    header: '超时楼栋',
    width: 30,
    value: (r) =>
      (r.buildings as Building[])
        .filter((b) => b.slow)
        .map((b) => `${b.name}（${b.seconds} 秒，目标 ${b.targetSeconds} 秒）`)
        .join('；'),
  },
  { header: '集合地点', width: 16, value: (r) => r.assembly_point },
  { header: '发现问题数', width: 10, value: (r) => r.problem_count },
  { header: '转为隐患数', width: 10, value: (r) => r.hazard_count },
  { header: '演练总结', width: 40, value: (r) => r.summary },
  { header: '演练评估', width: 30, value: (r) => r.evaluation },
  { header: '记录人', width: 10, value: (r) => r.created_by_name },
];

export async function exportDrills(app: AppContext, actor: Actor, input: DrillListInput, now = new Date()) {
  const f = filterFor(actor, input);
  const total = await repo.countDrills(app.db, f);
  if (total > MAX_ROWS) throw new AppError('VALIDATION_FAILED', `共 ${total} 条，超过一次导出上限 ${MAX_ROWS} 条，请缩小日期范围`);
  const rows = await repo.findDrills(app.db, f, { offset: 0, limit: MAX_ROWS });
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('应急演练台账');
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `应急演练台账-${shanghaiDay(now)}.xlsx`, buffer };
}
