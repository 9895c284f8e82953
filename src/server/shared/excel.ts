import type ExcelJS from 'exceljs';
import { toStorableText } from '../../domain/input-text.js';

/**
 * The text of a cell whatever exceljs made of it (rich text, formula result, hyperlink, date),
 * made storable by PostgreSQL (domain/input-text.ts).
 */
export function cellText(value: ExcelJS.CellValue): string {
  return toStorableText(rawCellText(value));
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return rawCellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}
