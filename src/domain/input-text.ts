import { z } from 'zod';

/**
 * Text that PostgreSQL can store, checked once for every request input (params, query, JSON
 * body) in `server/http/register.ts`, and by `storableText` for text that arrives another way
 * (Excel cells, files).
 *
 * - NUL (U+0000) is refused by PostgreSQL in text and jsonb (error 22021 / 22P05), and a lone
 *   UTF-16 surrogate cannot be encoded as UTF-8 (the driver would silently store U+FFFD). Neither
 *   occurs in text a person types or pastes, so both are rejected with a message, never cleaned.
 * - Other C0 control characters do arrive in pasted text (Word's manual line break is U+000B, a
 *   PDF page break U+000C). PostgreSQL stores them, but they are invisible and break the Excel
 *   and PDF exports (XML 1.0 forbids them), so they are cleaned: vertical tab and form feed
 *   become a line break, the others (and DEL) are dropped. Tab, LF and CR are kept.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character we refuse
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters we clean
const INVISIBLE_CONTROL = /[\u0001-\u0008\u000E-\u001F\u007F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters we clean
const PAGE_BREAK = /[\u000B\u000C]/g;

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/** Pasted-text cleaning (see above); the string must already be storable. */
export const cleanControlCharacters = (s: string): string => s.replace(PAGE_BREAK, '\n').replace(INVISIBLE_CONTROL, '');

export const unstorableTextMessage = '含有无法保存的字符（空字符或不完整的 Unicode 字符），请删除后重试';

/** Deeper than any input of this API; a deeper value is refused rather than walked. */
export const maxInputDepth = 32;

export type CleanedInput = { ok: true; value: unknown } | { ok: false; path: string; reason: 'text' | 'depth' };

/**
 * Walks a parsed input (strings, arrays, plain objects and their keys) and returns a cleaned
 * copy, or the path of the first string that cannot be stored. Objects are rebuilt with
 * `Object.fromEntries`, so a key such as `__proto__` stays a plain own property.
 */
export function cleanInput(value: unknown, path: string[] = [], depth = 0): CleanedInput {
  if (typeof value === 'string') {
    return isStorableText(value) ? { ok: true, value: cleanControlCharacters(value) } : { ok: false, path: path.join('.'), reason: 'text' };
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return { ok: true, value };
  if (depth >= maxInputDepth) return { ok: false, path: path.join('.'), reason: 'depth' };
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, item] of value.entries()) {
      const r = cleanInput(item, [...path, String(i)], depth + 1);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return { ok: false, path: [...path, '(字段名)'].join('.'), reason: 'text' };
    const r = cleanInput(item, [...path, key], depth + 1);
    if (!r.ok) return r;
    entries.push([cleanControlCharacters(key), r.value]);
  }
  return { ok: true, value: Object.fromEntries(entries) };
}

/**
 * Text read from a file (an Excel cell) rather than typed: there is no field to point at, so it
 * is made storable instead of refused. NUL is dropped, a lone surrogate becomes U+FFFD.
 */
export const toStorableText = (s: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character we drop
  cleanControlCharacters(s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD'));

/** A zod string that is storable and cleaned like request input: for text from Excel or files. */
export const storableText = () =>
  z
    .string()
    .refine(isStorableText, unstorableTextMessage)
    .transform((s) => cleanControlCharacters(s));
