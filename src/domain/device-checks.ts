import { z } from 'zod';
import { addDays } from './calendar.js';
import { isoDateTime, isoDay } from './input-dates.js';

/**
 * The daily online check of gate video and one-key alarms (seed 000: "坚持每天视频巡查396个已建
 * 校园大门视频以及354个一键报警系统与公安的联网情况"), and alarm drills (报警演练). Pure rules:
 * which devices are checked, what a day's rate is, when an outage has lasted N checked days.
 *
 * Storage (server/sanfang/device-checks.repository.ts) keeps only the exceptions: a school's day is
 * either checked (one row: who, when, device count, offline count) or not, and a device is online
 * on a checked day unless it has an offline row for that day.
 */

/** Camera places that count as "gate video" (the pack's camera_places codes at the gate). */
export const gateCameraPlaces = ['gate_outside', 'main_entrance', 'gatehouse'] as const;

export type CheckableDevice = { kind: string; place: string | null; facingGate: boolean };

/** Each gate camera and each one-key alarm is checked every day; other devices are not. */
export function isDailyChecked(d: CheckableDevice): boolean {
  if (d.kind === 'alarm') return true;
  return d.kind === 'camera' && (d.facingGate || (gateCameraPlaces as readonly string[]).includes(d.place ?? ''));
}

/** Online share of a day's checked devices (1 when none were checked: nothing was found offline). */
export function onlineRate(devices: number, offline: number): number {
  if (devices <= 0) return 1;
  return Math.max(0, Math.min(1, (devices - offline) / devices));
}

/** Rounded percentage for display (one decimal), never 100 while something is offline. */
export function ratePercent(devices: number, offline: number): number {
  const r = Math.round(onlineRate(devices, offline) * 1000) / 10;
  return offline > 0 && r >= 100 ? 99.9 : r;
}

export type Outage = {
  /** The first checked day of the current run of offline checks. */
  start: string;
  /** The latest checked day, on which the device was still offline. */
  last: string;
  /** Checked days in a row the device was found offline (unchecked days in between are skipped). */
  days: number;
};

/**
 * The device's current outage: counted back from the school's latest checked day over the checked
 * days on which it was offline. A checked day on which it was online ends the run; a day nobody
 * checked neither extends nor ends it (a weekend without a check does not clear an outage, nor
 * lengthen it). Null when the latest check found it online or nothing was checked.
 *
 * @param checkedDays the school's checked days, any order
 * @param offlineDays the days the device was recorded offline
 */
export function currentOutage(checkedDays: readonly string[], offlineDays: ReadonlySet<string>): Outage | null {
  const days = [...checkedDays].sort();
  let start: string | null = null;
  let count = 0;
  const last = days[days.length - 1];
  if (!last || !offlineDays.has(last)) return null;
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i] as string;
    if (!offlineDays.has(d)) break;
    start = d;
    count++;
  }
  return start ? { start, last, days: count } : null;
}

/** True when the outage has reached the pack's limit and should become a hazard. */
export const outageReachesLimit = (o: Outage | null, limitDays: number): o is Outage => !!o && o.days >= limitDays;

/** The calendar of one device: each day from..to as online / offline / unchecked. */
export type DayState = 'online' | 'offline' | 'unchecked';
export function deviceCalendar(
  from: string,
  to: string,
  checkedDays: ReadonlySet<string>,
  offlineDays: ReadonlySet<string>,
): { day: string; state: DayState }[] {
  const out: { day: string; state: DayState }[] = [];
  for (let d = from; d <= to && out.length < 800; d = addDays(d, 1)) {
    out.push({ day: d, state: offlineDays.has(d) ? 'offline' : checkedDays.has(d) ? 'online' : 'unchecked' });
  }
  return out;
}

/* ---- inputs ---- */

const uuid = (m: string) => z.uuid(m);
const note = z.string({ error: '备注应为文本' }).trim().max(200, '备注不超过 200 个字');

/** One day's grid: the schools whose devices were confirmed, and the exceptions (offline). */
export const saveDeviceChecksSchema = z
  .object({
    day: isoDay('巡检日期格式应为 YYYY-MM-DD'),
    schoolIds: z.array(uuid('学校无效')).min(1, '至少一所学校').max(5000, '一次最多 5000 所学校'),
    offline: z
      .array(z.object({ deviceId: uuid('设施无效'), note: note.default('') }).strict())
      .max(50000, '离线设施过多')
      .default([]),
  })
  .strict();
export type SaveDeviceChecksInput = z.infer<typeof saveDeviceChecksSchema>;

/** A platform's push: the statuses of some devices on one day (devices not listed stay as they are). */
export const pushDeviceStatusSchema = z
  .object({
    day: isoDay('日期格式应为 YYYY-MM-DD'),
    statuses: z
      .array(z.object({ deviceId: uuid('设施无效'), online: z.boolean({ error: '在线状态应为 true 或 false' }), note: note.default('') }).strict())
      .min(1, '至少一台设施')
      .max(50000, '一次最多 50000 台设施'),
  })
  .strict();
export type PushDeviceStatusInput = z.infer<typeof pushDeviceStatusSchema>;

export const alarmDrillResults = ['ok', 'slow', 'failed'] as const;
export type AlarmDrillResult = (typeof alarmDrillResults)[number];
export const alarmDrillResultLabels: Record<AlarmDrillResult, string> = { ok: '正常（接警、出警及时）', slow: '响应偏慢', failed: '报警未接通' };

export const createAlarmDrillSchema = z
  .object({
    deviceId: uuid('报警装置无效'),
    pressedAt: isoDateTime('按下报警时间无效'),
    answeredAt: isoDateTime('接警时间无效').nullable().default(null),
    arrivedAt: isoDateTime('出警到达时间无效').nullable().default(null),
    result: z.enum(alarmDrillResults, { error: '演练结果应为 ok、slow 或 failed' }),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    const pressed = Date.parse(v.pressedAt);
    if (v.answeredAt && Date.parse(v.answeredAt) < pressed) ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: '接警时间不能早于按下报警时间' });
    if (v.arrivedAt && Date.parse(v.arrivedAt) < pressed) ctx.addIssue({ code: 'custom', path: ['arrivedAt'], message: '出警到达时间不能早于按下报警时间' });
  });
export type CreateAlarmDrillInput = z.infer<typeof createAlarmDrillSchema>;

/* ---- the video platform's CSV export ---- */

export type CsvRowError = { row: number; column?: string; message: string };
export type CsvStatusRow = { row: number; deviceId: string; online: boolean; note: string };

/** RFC 4180 CSV: quoted fields with "" escapes, CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const headerAliases: Record<'deviceId' | 'status' | 'day' | 'note', string[]> = {
  deviceId: ['设备编号', '设施编号', 'deviceid', 'device_id', 'id'],
  status: ['在线状态', '状态', 'status', 'online'],
  day: ['日期', '巡检日期', 'date', 'day'],
  note: ['备注', 'note', 'remark'],
};
const onlineWords = new Set(['在线', 'online', '1', 'true', '正常']);
const offlineWords = new Set(['离线', 'offline', '0', 'false', '故障', '掉线']);
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The video platform's export as rows of (device, online). Every row is checked; any error is
 * reported with its row number (the header is row 1) and nothing is taken. A 日期 column, when
 * present, must equal the day being imported.
 */
export function readStatusCsv(text: string, day: string): { rows: CsvStatusRow[]; errors: CsvRowError[] } {
  const table = parseCsv(text);
  const errors: CsvRowError[] = [];
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (k: keyof typeof headerAliases) => header.findIndex((h) => headerAliases[k].includes(h));
  const idCol = col('deviceId');
  const statusCol = col('status');
  const dayCol = col('day');
  const noteCol = col('note');
  if (idCol < 0 || statusCol < 0) {
    return { rows: [], errors: [{ row: 1, message: '表头应包含「设备编号」和「在线状态」两列（可选「日期」「备注」）' }] };
  }
  if (table.length < 2) return { rows: [], errors: [{ row: 1, message: '文件中没有数据行' }] };
  const rows: CsvStatusRow[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const id = (cells[idCol] ?? '').trim().toLowerCase();
    const status = (cells[statusCol] ?? '').trim().toLowerCase();
    const rowDay = dayCol >= 0 ? (cells[dayCol] ?? '').trim() : '';
    const rowNote = noteCol >= 0 ? (cells[noteCol] ?? '').trim() : '';
    let ok = true;
    const bad = (column: string, message: string) => {
      ok = false;
      errors.push({ row, column, message });
    };
    if (!uuidRe.test(id)) bad('设备编号', `设备编号「${id.slice(0, 40)}」无效`);
    else if (seen.has(id)) bad('设备编号', `设备编号与第 ${seen.get(id)} 行重复`);
    if (!onlineWords.has(status) && !offlineWords.has(status)) bad('在线状态', `在线状态「${status.slice(0, 20)}」应为 在线 或 离线`);
    if (rowDay && rowDay.replace(/\//g, '-') !== day) bad('日期', `日期「${rowDay.slice(0, 20)}」与导入日期 ${day} 不符`);
    if (rowNote.length > 200) bad('备注', '备注不超过 200 个字');
    if (ok) {
      seen.set(id, row);
      rows.push({ row, deviceId: id, online: onlineWords.has(status), note: rowNote });
    }
  });
  return { rows, errors };
}
