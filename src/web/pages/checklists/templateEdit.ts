import { ApiError, type ErrorDetail } from '../../api/client';
import type { TemplateItem } from './checklistTypes';
import type { EditItem } from './ItemEditor';

/** The template's items as the editor holds them (every optional field present, for the form). */
export function toEditItems(items: readonly TemplateItem[]): EditItem[] {
  return items.map((i) => ({
    code: i.code,
    text: i.text,
    category: i.category,
    place: i.place ?? undefined,
    guidance: i.guidance ?? '',
    photoRequiredOnFail: i.photoRequiredOnFail !== false,
    failLevel: i.failLevel === 'major' ? 'major' : 'general',
    retired: i.retired === true,
  }));
}

/** The items as the server takes them: retired ones stay (struck out) so old inspections keep their codes. */
export function toSaveItems(items: readonly EditItem[]) {
  return items.map((i) => ({
    // A new item's code is made by the server (d1, d2, …); the editor's own is only a React key.
    ...(i.isNew ? {} : { code: i.code }),
    text: i.text.trim(),
    category: i.category,
    ...(i.place ? { place: i.place } : {}),
    guidance: (i.guidance ?? '').trim(),
    photoRequiredOnFail: i.photoRequiredOnFail,
    failLevel: i.failLevel,
    ...(i.retired ? { retired: true } : {}),
  }));
}

/** A key for an item added on the page (not sent: the server gives new items their codes). */
export function newItemCode(used: readonly string[]): string {
  const taken = new Set(used);
  let n = used.length + 1;
  while (taken.has(`new_${n}`)) n++;
  return `new_${n}`;
}

/** `items[3].text` → ['items', 3, 'text']. */
export function pathToName(path: string): (string | number)[] {
  return path
    .split(/[.[\]]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

type FieldError = { name: (string | number)[]; errors: string[] };

const itemFields = new Set(['text', 'category', 'place', 'guidance', 'photoRequiredOnFail', 'failLevel']);

/**
 * The server's validation details put on the fields they name; `itemCodes` are the items to
 * open and mark; `rest` the details no field shows (they go into the alert).
 */
export function fieldErrorsOf(err: unknown, items: readonly EditItem[]): { fields: FieldError[]; itemCodes: Set<string>; rest: ErrorDetail[] } {
  const fields = new Map<string, FieldError>();
  const itemCodes = new Set<string>();
  const rest: ErrorDetail[] = [];
  const details = err instanceof ApiError ? err.details : [];
  for (const d of details) {
    const name = d.path ? pathToName(d.path) : [];
    const [head, index, field] = name;
    const onTop = name.length === 1 && (head === 'name' || head === 'description');
    const item = head === 'items' && typeof index === 'number' ? items[index] : undefined;
    if (item) itemCodes.add(item.code);
    const onItem = item !== undefined && typeof field === 'string' && itemFields.has(field);
    if (!onTop && !onItem) {
      rest.push(d);
      continue;
    }
    const key = name.slice(0, 3).join('.');
    const f = fields.get(key) ?? { name: name.slice(0, 3), errors: [] };
    f.errors.push(d.message);
    fields.set(key, f);
  }
  return { fields: [...fields.values()], itemCodes, rest };
}
