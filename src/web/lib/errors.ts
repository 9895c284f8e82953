import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** The message to show for any failure: the server's Chinese text, or a generic one. */
export function messageOf(err: unknown): string {
  if (!(err instanceof ApiError)) return '操作失败，请稍后重试';
  // Details the message does not already quote (the server often puts the first one in it) are spelled out.
  const extra = err.details
    .map((d) => (d.row ? `第 ${d.row} 行 ${d.column ?? ''} ${d.message}` : d.message))
    .filter((m) => !err.message.includes(m))
    .slice(0, 3);
  return extra.length > 0 ? `${err.message}；${extra.join('；')}` : err.message;
}

/**
 * Puts the server's validation details next to the form fields they name (`details[].path`).
 * Returns true when at least one detail found its field, so the caller can skip a toast.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fields: readonly string[]): boolean {
  if (!(err instanceof ApiError) || err.details.length === 0) return false;
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  for (const d of err.details) {
    const field = d.path?.split('.')[0];
    if (!field || !known.has(field)) continue;
    byField.set(field, [...(byField.get(field) ?? []), d.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}
