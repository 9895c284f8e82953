import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { getSafetyCheckInBoard } from './safety-check-in.service.js';

const time = (d: Date | null) => (d ? new Date(d).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16) : '');

/** The board as Excel: one row per school, the same rows and period counts the page shows. */
export async function exportSafetyCheckInBoard(db: Db, actor: Actor, periodId: string, q: { day?: string | undefined }, now = new Date()) {
  const board = await getSafetyCheckInBoard(db, actor, periodId, q, now);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`报平安${board.day}`);
  ws.addRow([`${board.period.title} 报平安情况（${board.day}，每日 ${board.period.cutoffTime} 前报送）`]);
  const s = board.summary;
  ws.addRow([`共 ${s.total} 所：平安 ${s.safe}，异常 ${s.exception}，未报 ${s.pending + s.missing}（已过截止时间 ${s.missing}），迟报 ${s.late}`]);
  const header = ws.addRow(['学校', '街道/教管中心', '状态', '报送时间', '报送人', '迟报', '情况说明', '案件编号', '本时段迟报（天）', '本时段未报（天）']);
  header.font = { bold: true };
  ws.getRow(1).font = { bold: true, size: 13 };
  for (const r of board.rows) {
    ws.addRow([
      r.schoolName,
      r.parentName,
      r.statusLabel,
      time(r.reportedAt),
      r.reportedByName,
      r.late ? '是' : '',
      r.note,
      r.caseCode ?? '',
      r.periodLate,
      r.periodMissing,
    ]);
  }
  [28, 18, 20, 18, 12, 6, 30, 16, 14, 14].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `报平安-${board.period.title}-${board.day}.xlsx` };
}
