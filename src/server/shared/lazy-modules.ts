import type ExcelJS from 'exceljs';
import type PDFDocument from 'pdfkit';

/**
 * exceljs and pdfkit take ~0.5 s and ~25 MB to load and only exports and printable documents
 * use them, so they are imported on first use rather than at start (and are left out of the
 * server bundle, scripts/build-server.mjs). The promise is kept: later calls cost nothing.
 */
let excel: Promise<typeof ExcelJS> | undefined;
let pdf: Promise<typeof PDFDocument> | undefined;

export const loadExcelJS = (): Promise<typeof ExcelJS> => {
  excel ??= import('exceljs').then((m) => m.default);
  return excel;
};

export const loadPdfKit = (): Promise<typeof PDFDocument> => {
  pdf ??= import('pdfkit').then((m) => m.default);
  return pdf;
};
