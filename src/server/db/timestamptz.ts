import pg from 'pg';

/**
 * timestamptz text → Date, for the one layout PostgreSQL sends with DateStyle ISO:
 * `YYYY-MM-DD HH:MM:SS[.f…]±HH[:MM]`. Read straight from the character codes — the ledger's
 * page parses four timestamps a row, and pg's general parser (regular expressions, two Date
 * constructions a value) was ~5 % of the platform's CPU a page. Anything else (BC, infinity,
 * years outside 4 digits, seconds in the offset) goes to pg's own parser, so the result is
 * always what pg would give.
 */
export const TIMESTAMPTZ = 1184;
// Taken before database.ts sets parseTimestamptz in its place.
const fallback = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (v: string) => Date;

const d = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => d(s, i) * 10 + d(s, i + 1);
const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

export function parseTimestamptz(s: string): Date {
  const n = s.length;
  if (n < 22 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return fallback(s);
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(s, i)) return fallback(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // fraction: up to 6 digits, milliseconds kept as pg does (1000 × the fraction, truncated by Date)
    let scale = 100;
    i++;
    const start = i;
    while (i < n && isDigit(s, i)) {
      ms += d(s, i) * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return fallback(s);
  }
  const sign = s.charCodeAt(i);
  // offset: ±HH or ±HH:MM, nothing after it
  if ((sign !== 43 && sign !== 45) || !isDigit(s, i + 1) || !isDigit(s, i + 2)) return fallback(s);
  let offsetMin = two(s, i + 1) * 60;
  if (i + 3 === n) {
    // ±HH
  } else if (i + 6 === n && s.charCodeAt(i + 3) === 58 && isDigit(s, i + 4) && isDigit(s, i + 5)) offsetMin += two(s, i + 4);
  else return fallback(s);
  if (sign === 45) offsetMin = -offsetMin;
  const year = d(s, 0) * 1000 + d(s, 1) * 100 + two(s, 2);
  if (year < 100) return fallback(s); // Date.UTC maps 0–99 to 1900–1999
  const utc = Date.UTC(year, two(s, 5) - 1, two(s, 8), two(s, 11), two(s, 14), two(s, 17), ms) - offsetMin * 60_000;
  return new Date(utc);
}
