import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateTime, isoDay, isSaneDate, queryDate } from '../../src/domain/input-dates.js';
import { cleanControlCharacters, cleanInput, isStorableText, maxInputDepth, storableText, toStorableText } from '../../src/domain/input-text.js';

describe('text PostgreSQL can store', () => {
  it('refuses NUL and lone surrogates, accepts paired surrogates and ordinary text', () => {
    for (const bad of ['a\u0000b', '\u0000', '\ud800', 'x\udc00', 'a\ud83d', '\ude00b']) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', '消防通道堆放杂物', '😀', 'tab\tline\nreturn\r', '\u0001', '../../etc/passwd']) expect(isStorableText(good), good).toBe(true);
  });

  it('a string is storable exactly when it survives UTF-8 and has no NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        const roundTrips = Buffer.from(s, 'utf8').toString('utf8') === s;
        expect(isStorableText(s)).toBe(roundTrips && !s.includes('\u0000'));
      }),
    );
  });

  it('cleans pasted control characters: page breaks become line breaks, the rest disappear', () => {
    expect(cleanControlCharacters('一\u000b二\u000c三\u0001\u001f\u007f四\t五\r\n')).toBe('一\n二\n三四\t五\r\n');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const c = cleanControlCharacters(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting they are gone
        expect(c).not.toMatch(/[\u0001-\u0008\u000b-\u000c\u000e-\u001f\u007f]/);
        expect(cleanControlCharacters(c)).toBe(c);
      }),
    );
  });

  it('walks nested input: names the path of the first bad string or key, rebuilds objects safely', () => {
    expect(cleanInput({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ ok: false, path: 'a.1.c', reason: 'text' });
    expect(cleanInput({ 'k\u0000': 1 })).toMatchObject({ ok: false, reason: 'text' });
    expect(cleanInput({ a: 'x\u000by', n: 1, b: true, z: null })).toEqual({ ok: true, value: { a: 'x\ny', n: 1, b: true, z: null } });
    const r = cleanInput(JSON.parse('{"__proto__":{"polluted":1}}'));
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep: unknown = 'x';
    for (let i = 0; i <= maxInputDepth; i++) deep = [deep];
    expect(cleanInput(deep)).toMatchObject({ ok: false, reason: 'depth' });
  });

  it('text from a file is made storable instead of refused', () => {
    expect(toStorableText('a\u0000b\ud800c\u000bd')).toBe('ab\uFFFDc\nd');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        expect(isStorableText(toStorableText(s))).toBe(true);
      }),
    );
  });

  it('storableText refuses NUL with a Chinese message and cleans the rest', () => {
    const r = storableText().safeParse('a\u0000');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('无法保存');
    expect(storableText().parse('a\u000bb')).toBe('a\nb');
  });
});

describe('dates within 1900–2100', () => {
  it('isoDay refuses the dates that were 500s and accepts the edges of the range', () => {
    for (const bad of ['0000-01-01', '-000001-01-01', '+275760-09-13', '1899-12-31', '2101-01-01', '2026-02-30', '2026-1-1']) {
      expect(isoDay().safeParse(bad).success, bad).toBe(false);
    }
    for (const good of ['1900-01-01', '2026-12-06', '2100-12-31']) expect(isoDay().safeParse(good).success, good).toBe(true);
  });

  it('isoDateTime and queryDate refuse years outside the range', () => {
    for (const bad of ['0000-01-01T00:00:00Z', '2101-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1899-12-31T23:59:59Z']) {
      expect(isoDateTime().safeParse(bad).success, bad).toBe(false);
    }
    expect(isoDateTime().safeParse('2026-12-06T08:00:00+08:00').success).toBe(true);
    for (const bad of ['0000-01-01', '-000001-01-01', '+275760-09-13', 'x', '1e20']) expect(queryDate().safeParse(bad).success, bad).toBe(false);
    expect(queryDate().parse('2026-12-06')).toBeInstanceOf(Date);
  });

  it('a day is accepted exactly when its year is in range (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }), (d) => {
        expect(queryDate().safeParse(d.toISOString()).success).toBe(isSaneDate(d));
        expect(isSaneDate(d)).toBe(d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2100);
      }),
    );
  });
});
