import { z } from 'zod';

/** Query-string helpers: every value arrives as a string (or an array when repeated). */
export const pageQuery = {
  page: z.coerce.number().int('页码必须是整数').min(1, '页码从 1 开始').max(100000).default(1),
  pageSize: z.coerce.number().int('每页条数必须是整数').min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(50),
};

export const queryBoolean = z.enum(['true', 'false', '1', '0'], { error: '应为 true 或 false' }).transform((v) => v === 'true' || v === '1');

export const optionalText = z.string().trim().max(100, '关键字不超过 100 个字').optional();

/** A value that may be given once or repeated (`?kind=a&kind=b`). */
export const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

export const idParams = z.object({ id: z.uuid('编号无效') });

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content-Disposition for a download (`attachment`) or a document shown in the browser (`inline`):
 * an ASCII fallback name plus the RFC 5987 UTF-8 form, which every current browser prefers.
 */
export function contentDisposition(filename: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const shanghaiDate = (d = new Date()) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
