import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from '../../src/server/db/timestamptz.js';

// pg's builtin timestamptz parser (postgres-date): this file does not load database.ts, which
// installs parseTimestamptz in its place, so getTypeParser still returns the builtin here.
const postgresDate = pg.types.getTypeParser(1184, 'text') as (s: string) => Date | number | null;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const sameTime = (a: Date | null | number, b: Date | null | number) => expect(a instanceof Date ? a.getTime() : a).toEqual(b instanceof Date ? b.getTime() : b);

describe('parseTimestamptz', () => {
  it("is compared with pg's builtin parser, not with itself", () => expect(postgresDate).not.toBe(parseTimestamptz));

  it('agrees with postgres-date on the layouts PostgreSQL sends (ISO DateStyle)', () => {
    const layout = fc.record({
      y: fc.integer({ min: 100, max: 9999 }),
      mo: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.integer({ min: 0, max: 59 }),
      frac: fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
      off: fc.integer({ min: -12 * 60, max: 14 * 60 }),
      withMinutes: fc.boolean(),
    });
    fc.assert(
      fc.property(layout, (t) => {
        const offH = Math.trunc(Math.abs(t.off) / 60);
        const offM = t.withMinutes ? Math.abs(t.off) % 60 : 0;
        const off = `${t.off < 0 ? '-' : '+'}${pad(offH, 2)}${t.withMinutes ? `:${pad(offM, 2)}` : ''}`;
        const s = `${pad(t.y, 4)}-${pad(t.mo, 2)}-${pad(t.d, 2)} ${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}${t.frac !== undefined ? `.${t.frac}` : ''}${off}`;
        sameTime(parseTimestamptz(s), postgresDate(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands every other layout to the reference parser', () => {
    for (const s of [
      'infinity',
      '-infinity',
      '0099-01-01 00:00:00+00',
      '2026-01-01 00:00:00 BC',
      '2026-12-06 23:15:25.480+08:00:30',
      '12026-01-01 00:00:00+08',
      '2026-12-06 23:15:25.+08',
      '2026-12-06',
    ])
      sameTime(parseTimestamptz(s), postgresDate(s));
  });

  it('reads what the server sends in Asia/Shanghai', () => {
    const s = '2026-12-06 23:15:25.480123+08';
    expect(parseTimestamptz(s).toISOString()).toBe('2026-12-06T15:15:25.480Z');
  });
});
