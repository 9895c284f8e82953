import { z } from 'zod';

/**
 * Dates and times a user may enter. PostgreSQL stores years 4713 BC to 294276 AD but has no
 * year 0, and JavaScript dates reach ±275760: a value outside what both accept was a 500
 * (22007/22008). No record of this platform lies outside 1900–2100, so the schema refuses the
 * rest with a message the user can act on.
 */
export const saneYears = { min: 1900, max: 2100 } as const;

const rangeMessage = `日期须在 ${saneYears.min} 年至 ${saneYears.max} 年之间`;

export const isSaneDate = (d: Date): boolean => {
  const t = d.getTime();
  if (Number.isNaN(t)) return false;
  const year = d.getUTCFullYear();
  return year >= saneYears.min && year <= saneYears.max;
};

/** A calendar day `YYYY-MM-DD` (a Shanghai day; see calendar.ts) within the sane years. */
export const isoDay = (message = '日期格式应为 YYYY-MM-DD') =>
  z.iso.date(message).refine((s) => {
    const year = Number(s.slice(0, 4));
    return year >= saneYears.min && year <= saneYears.max;
  }, rangeMessage);

/** An ISO 8601 timestamp with an offset (`2026-12-06T08:00:00+08:00`) within the sane years. */
export const isoDateTime = (message = '时间格式无效') => z.iso.datetime({ offset: true, error: message }).refine((s) => isSaneDate(new Date(s)), rangeMessage);

/** A query-string date or time, coerced to a Date, within the sane years. */
export const queryDate = (message = '时间无效') => z.coerce.date({ error: message }).refine(isSaneDate, rangeMessage);
