import { addDays, daysBetween } from './calendar.js';
import type { Holiday, MakeUpDay } from './policy/pack-schema.js';

/**
 * School days (上学日) from the pack's calendar.yaml: no school in the holidays (寒暑假, 国庆 …) nor
 * on the public holidays (法定节假日); a 调休上班日 (a weekend day worked instead) is a school day
 * that follows the rota of the weekday it stands in for. Other days follow their own weekday, so a
 * rota line on Saturday (补课) still applies on an ordinary Saturday. Pure; days are YYYY-MM-DD.
 */
export type SchoolCalendar = { holidays: readonly Holiday[]; publicHolidays: readonly Holiday[]; makeUpDays: readonly MakeUpDay[] };

export type SchoolDayKind = 'weekday' | 'weekend' | 'make_up' | 'holiday' | 'public_holiday';
export const schoolDayKindLabels: Record<SchoolDayKind, string> = {
  weekday: '上学日',
  weekend: '周末',
  make_up: '调休上班',
  holiday: '假期',
  public_holiday: '法定节假日',
};
export type SchoolDay = {
  day: string;
  kind: SchoolDayKind;
  /** The weekday whose rota applies (1 = Monday); null on a holiday or public holiday (no duty). */
  rotaWeekday: number | null;
  /** The holiday's or 调休's name, '' otherwise. */
  name: string;
};

/** 1 = Monday … 7 = Sunday, counted from a known Monday (no Date weekday, no time zone). */
export function weekdayOf(day: string): number {
  const offset = daysBetween('2024-01-01', day) % 7;
  return (offset < 0 ? offset + 7 : offset) + 1;
}

const within = (day: string, hs: readonly Holiday[]) => hs.find((h) => day >= h.start && day <= (h.end ?? h.start));

/** What a day is in the school calendar; a 调休上班日 wins over a holiday that overlaps it (the pack says it is worked). */
export function schoolDayOf(day: string, cal: SchoolCalendar): SchoolDay {
  const makeUp = cal.makeUpDays.find((m) => m.date === day);
  if (makeUp) return { day, kind: 'make_up', rotaWeekday: makeUp.asWeekday, name: makeUp.name };
  const holiday = within(day, cal.holidays);
  if (holiday) return { day, kind: 'holiday', rotaWeekday: null, name: holiday.name };
  const publicHoliday = within(day, cal.publicHolidays);
  if (publicHoliday) return { day, kind: 'public_holiday', rotaWeekday: null, name: publicHoliday.name };
  const wd = weekdayOf(day);
  return { day, kind: wd >= 6 ? 'weekend' : 'weekday', rotaWeekday: wd, name: '' };
}

/** Whether pupils are at school that day (Monday–Friday outside holidays, and the 调休上班日). */
export const isSchoolDay = (d: SchoolDay) => d.kind === 'weekday' || d.kind === 'make_up';

/** The days of [from, to] a rota can expect duty on (all but holidays and public holidays), with the weekday they follow. */
export function dutyDaysBetween(from: string, to: string, cal: SchoolCalendar): (SchoolDay & { rotaWeekday: number })[] {
  const out: (SchoolDay & { rotaWeekday: number })[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const s = schoolDayOf(d, cal);
    if (s.rotaWeekday !== null) out.push({ ...s, rotaWeekday: s.rotaWeekday });
  }
  return out;
}

/** The school calendar of a resolved pack. */
export const schoolCalendarOf = (pack: { calendar: SchoolCalendar }): SchoolCalendar => ({
  holidays: pack.calendar.holidays,
  publicHolidays: pack.calendar.publicHolidays,
  makeUpDays: pack.calendar.makeUpDays,
});
