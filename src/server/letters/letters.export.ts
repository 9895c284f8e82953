import { type LetterMethod, letterMethodLabels } from '../../domain/letters.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import * as repo from './letters.repository.js';

export type ExportLettersInput = { year: number; schoolId?: string | undefined; parentId?: string | undefined };

/** 安全责任书签订情况: one row per post holder of the year at the schools in scope (same filters as the list). */
export async function exportResponsibilityLetters(app: AppContext, actor: Actor, input: ExportLettersInput): Promise<Buffer> {
  const scope = actor.scope.read.all ? null : [...actor.scope.read.ids];
  const ids = input.schoolId ? (scope && !scope.includes(input.schoolId) ? [] : [input.schoolId]) : scope;
  const [pack, rows] = await Promise.all([packOf(app, actor.districtId), repo.findHoldersForExport(app.db, actor.districtId, input.year, ids)]);
  const label = new Map(pack.vocab.posts.map((p) => [p.code, p.label]));
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${input.year}年安全责任书`);
  ws.columns = [
    { header: '学校', key: 'school', width: 28 },
    { header: '岗位', key: 'post', width: 20 },
    { header: '责任人', key: 'name', width: 12 },
    { header: '状态', key: 'state', width: 8 },
    { header: '签订日期', key: 'day', width: 12 },
    { header: '签订方式', key: 'method', width: 14 },
    { header: '签订对方', key: 'party', width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows.filter((x) => !input.parentId || x.parent_id === input.parentId)) {
    ws.addRow({
      school: r.school_name,
      post: label.get(r.post_code) ?? r.post_code,
      name: r.holder_name,
      state: r.signed_on ? '已签' : '未签',
      day: r.signed_on ?? '',
      method: r.method ? letterMethodLabels[r.method as LetterMethod] : '',
      party: r.party_name ?? '',
    });
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
