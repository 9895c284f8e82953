import { loadExcelJS } from '../shared/lazy-modules.js';

export type SheetColumn = { header: string; key: string; width: number };

/** One sheet with Chinese headers, frozen and filterable, as the other exports. */
export async function buildSheet(title: string, columns: readonly SheetColumn[], rows: readonly Record<string, unknown>[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  for (const r of rows) ws.addRow(r);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
