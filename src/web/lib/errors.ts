import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** The message to show for any failure: the server's Chinese text, or a generic one. */
export function messageOf(err: unknown): string {
  if (!(err instanceof ApiError)) return '操作失败，请稍后重试';
  // Details that no form field shows (e.g. a cross-field rule) are spelled out here.
  const extra = err.details.slice(0, 3).map((d) => d.message);
  return extra.length > 0 && !extra.includes(err.message) ? `${err.message}：${extra.join('；')}` : err.message;
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
