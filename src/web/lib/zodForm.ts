import type { FormInstance } from 'antd';
import type { z } from 'zod';

/**
 * Checks form values with the same zod schema the server uses, so the page and the API agree
 * on every rule and message. Issues go under their fields; returns the parsed value or null.
 */
export function parseWith<S extends z.ZodType>(schema: S, values: unknown, form: FormInstance, fields: readonly string[]): z.infer<S> | null {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (known.has(field) && !byField.has(field)) byField.set(field, [issue.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return null;
}
