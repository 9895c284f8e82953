import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { type ListDocumentsInput, listSchoolDocuments } from './documents.service.js';

/** The 台账 holds every document the list's filter matches; a district has a few thousand at most. */
const MAX_EXPORT_ROWS = 20000;

const groupLabels = { rules: '安全制度', plan: '应急预案', flowchart: '应急处置流程图' } as const;

/**
 * 制度和预案台账: one row per document of the schools in scope with the list's own filters, its
 * latest version, review and whether the periodic revision is due — the same items as the list.
 */
export async function exportSchoolDocuments(app: AppContext, actor: Actor, filter: Omit<ListDocumentsInput, 'page' | 'pageSize'>): Promise<Buffer> {
  const { items } = await listSchoolDocuments(app, actor, { ...filter, page: 1, pageSize: MAX_EXPORT_ROWS });
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = '护校安园';
  const ws = wb.addWorksheet('制度和预案台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '学校', key: 'school', width: 28 },
    { header: '类别', key: 'group', width: 14 },
    { header: '文件类型', key: 'type', width: 20 },
    { header: '名称', key: 'title', width: 30 },
    { header: '版本数', key: 'versions', width: 8 },
    { header: '现行版本', key: 'versionNo', width: 10 },
    { header: '版本日期', key: 'versionDate', width: 12 },
    { header: '修订说明', key: 'summary', width: 30 },
    { header: '审核状态', key: 'review', width: 10 },
    { header: '审核单位', key: 'reviewer', width: 20 },
    { header: '审核意见', key: 'remarks', width: 30 },
    { header: '到期修订', key: 'due', width: 10 },
    { header: '上传人', key: 'by', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const d of items) {
    const v = d.latest;
    ws.addRow({
      school: d.schoolName,
      group: groupLabels[d.group],
      type: d.typeLabel,
      title: d.title,
      versions: d.versions.length,
      versionNo: v ? `第 ${v.versionNo} 版` : '',
      versionDate: v?.versionDate ?? '',
      summary: v?.summary ?? '',
      review: v?.reviewStateLabel ?? '',
      reviewer: v ? [v.reviewerUnitName, v.reviewerName].filter(Boolean).join(' ') : '',
      remarks: v?.reviewRemarks ?? '',
      due: d.revisionDue ? '到期修订' : '',
      by: v?.createdByName ?? '',
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
