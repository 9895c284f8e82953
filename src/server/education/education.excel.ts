import {
  type AudienceKind,
  audienceKindLabels,
  type CreateEducationSessionInput,
  createEducationSessionSchema,
  MAX_GRADE,
  speakerTypeLabels,
  speakerTypes,
} from '../../domain/education.js';
import type { ErrorDetail } from '../../domain/errors.js';
import type { VocabEntry } from '../../domain/policy/pack-schema.js';
import { cellText } from '../shared/excel.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import type { SessionDto } from './education.service.js';

/**
 * A term's education timetable as schools keep it: one session a row, Chinese headers, labels
 * rather than codes. The same column list drives the template and the import.
 */
type Key =
  | 'heldOn'
  | 'audienceKind'
  | 'grade'
  | 'classes'
  | 'topic'
  | 'hours'
  | 'speakerName'
  | 'speakerType'
  | 'speakerUnit'
  | 'occasion'
  | 'participants'
  | 'note';
type Column = { header: string; key: Key; width: number; required?: boolean; note: string };

export const educationColumns: Column[] = [
  { header: '日期', key: 'heldOn', width: 12, required: true, note: '如 2026-09-01（也可写 2026/9/1）' },
  { header: '对象', key: 'audienceKind', width: 10, required: true, note: '全校 / 整个年级 / 班级' },
  { header: '年级', key: 'grade', width: 8, note: '1–12 或 三年级；初一填 7。对象为全校时不填' },
  { header: '班级', key: 'classes', width: 14, note: '班号，多个用逗号或顿号分隔，如 1、2、4 或 1-4。对象为班级时必填' },
  { header: '教育主题', key: 'topic', width: 18, required: true, note: '见「可选主题」' },
  { header: '课时', key: 'hours', width: 8, required: true, note: '以 0.5 为单位，如 1 或 0.5' },
  { header: '授课人', key: 'speakerName', width: 12, required: true, note: '姓名' },
  { header: '授课人类型', key: 'speakerType', width: 16, note: `${Object.values(speakerTypeLabels).join(' / ')}，默认本校教师` },
  { header: '授课单位', key: 'speakerUnit', width: 20, note: '校外授课人所在部门（名称或代码），如 区消防救援支队、派出所；可不填。见「可选授课单位」' },
  { header: '特殊时点', key: 'occasion', width: 20, note: '可不填；见「可选特殊时点」' },
  { header: '参加学生数', key: 'participants', width: 10, note: '可不填' },
  { header: '备注', key: 'note', width: 30, note: '可不填' },
];

async function newBook() {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '护校安园';
  wb.created = new Date();
  return wb;
}

function styleHeader(row: { font: unknown; alignment: unknown; fill: unknown }) {
  Object.assign(row, {
    font: { bold: true },
    alignment: { vertical: 'middle', horizontal: 'center' },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } },
  });
}

export async function buildEducationTemplate(
  topics: readonly VocabEntry[],
  occasions: readonly VocabEntry[],
  units: readonly SpeakerUnit[] = [],
): Promise<Buffer> {
  const wb = await newBook();
  const ws = wb.addWorksheet('安全教育课表', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = educationColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  styleHeader(ws.getRow(1));
  educationColumns.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = c.note;
  });
  const topic = (code: string) => topics.find((t) => t.code === code)?.label ?? topics[0]?.label ?? '';
  ws.addRow({
    heldOn: '2026-09-01',
    audienceKind: '全校',
    topic: topic('traffic'),
    hours: 1,
    speakerName: '张老师',
    speakerType: '本校教师',
    occasion: occasions[0]?.label ?? '',
  });
  ws.addRow({ heldOn: '2026-09-08', audienceKind: '班级', grade: 3, classes: '1、2、3', topic: topic('drowning'), hours: 0.5, speakerName: '李老师' });
  ws.addRow({
    heldOn: '2026-09-15',
    audienceKind: '整个年级',
    grade: 5,
    topic: topic('legal'),
    hours: 1,
    speakerName: '王警官',
    speakerType: speakerTypeLabels.police,
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 18 },
    { header: '说明', width: 70 },
  ];
  styleHeader(help.getRow(1));
  for (const c of educationColumns) help.addRow([c.header, `${c.required ? '必填。' : ''}${c.note}`]);
  help.addRow([]);
  help.addRow(['可选主题', '']);
  for (const t of topics) help.addRow([t.label, t.description]);
  help.addRow([]);
  help.addRow(['可选特殊时点', '']);
  for (const o of occasions) help.addRow([o.label, o.description]);
  help.addRow([]);
  help.addRow(['可选授课单位', '']);
  for (const u of units) help.addRow([u.name, u.code]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const exportColumns: { header: string; width: number; value: (s: SessionDto) => string | number | null }[] = [
  { header: '学校', width: 26, value: (s) => s.schoolName },
  { header: '日期', width: 12, value: (s) => s.heldOn },
  { header: '对象', width: 22, value: (s) => s.audienceLabel },
  { header: '教育主题', width: 18, value: (s) => s.topicLabel },
  { header: '特殊时点', width: 20, value: (s) => s.occasionLabel ?? '' },
  { header: '课时', width: 8, value: (s) => s.hours },
  { header: '授课人', width: 12, value: (s) => s.speakerName },
  { header: '授课人类型', width: 16, value: (s) => s.speakerTypeLabel },
  { header: '授课单位', width: 20, value: (s) => s.speakerUnitName ?? '' },
  { header: '参加学生数', width: 10, value: (s) => s.participants },
  { header: '备注', width: 30, value: (s) => s.note },
  { header: '登记人', width: 12, value: (s) => s.createdByName },
];

export async function buildEducationExport(sessions: SessionDto[]): Promise<Buffer> {
  const wb = await newBook();
  const ws = wb.addWorksheet('安全教育记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = exportColumns.map((c) => ({ header: c.header, width: c.width }));
  styleHeader(ws.getRow(1));
  for (const s of sessions) ws.addRow(exportColumns.map((c) => c.value(s)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: exportColumns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const MAX_IMPORT_ROWS = 2000;

export type ParsedSessionRow = { row: number; input: CreateEducationSessionInput };

/** A department an outside speaker comes from (the 授课单位 column: its name or code). */
export type SpeakerUnit = { id: string; name: string; code: string };
type Vocab = { topics: readonly VocabEntry[]; occasions: readonly VocabEntry[]; units?: readonly SpeakerUnit[] };

/**
 * Reads and validates every row; returns the good rows and every problem found (row, column,
 * message), never stopping at the first. `schoolId` is the school the timetable is for.
 */
export async function parseEducationSheet(
  file: Buffer,
  schoolId: string,
  vocab: Vocab,
  today: string,
): Promise<{ rows: ParsedSessionRow[]; errors: ErrorDetail[] }> {
  const wb = await newBook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ message: '文件中没有工作表' }] };
  const headerIndex = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell.value).replace(/\s/g, ''), col));
  const missing = educationColumns.filter((c) => c.required && !headerIndex.has(c.header));
  if (missing.length) return { rows: [], errors: missing.map((c) => ({ row: 1, column: c.header, message: `缺少必填列「${c.header}」` })) };
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  if (lastRow - 1 > MAX_IMPORT_ROWS) return { rows: [], errors: [{ message: `一次最多导入 ${MAX_IMPORT_ROWS} 行` }] };
  const rows: ParsedSessionRow[] = [];
  const errors: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  for (let r = 2; r <= lastRow; r++) {
    const raw = Object.fromEntries(
      educationColumns.map((c) => [c.key, headerIndex.has(c.header) ? cellText(ws.getRow(r).getCell(headerIndex.get(c.header) as number).value) : '']),
    ) as Record<Key, string>;
    if (Object.values(raw).every((v) => v === '')) continue;
    const got = validateRow(r, raw, schoolId, vocab, today);
    if ('errors' in got) errors.push(...got.errors);
    else {
      // The same lesson twice (day, audience, topic) is a copy-paste slip, not two lessons.
      const key = `${got.input.heldOn}|${got.input.audienceKind}|${got.input.grade ?? ''}|${got.input.classes.join(',')}|${got.input.topic}`;
      const first = seen.get(key);
      if (first) errors.push({ row: r, column: headerOf('topic'), message: `与第 ${first} 行重复（同一天、同一对象、同一主题）` });
      else {
        seen.set(key, r);
        rows.push(got);
      }
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ message: '文件中没有数据行' });
  return { rows, errors };
}

const headerOf = (key: string) => educationColumns.find((c) => c.key === key)?.header ?? key;
const kindByLabel = new Map<string, AudienceKind>([
  ...Object.entries(audienceKindLabels).map(([k, v]) => [v, k as AudienceKind] as const),
  ['年级', 'grade'],
  ['全年级', 'grade'],
  ['班', 'class'],
  ['school', 'school'],
  ['grade', 'grade'],
  ['class', 'class'],
]);
const speakerByLabel = new Map<string, string>([
  ...Object.entries(speakerTypeLabels).map(([k, v]) => [v, k] as const),
  ...speakerTypes.map((k) => [k, k] as const),
  ['教师', 'teacher'],
  ['法治辅导员', 'police'],
  ['法治副校长', 'police'],
  ['民警', 'police'],
  ['消防员', 'fire'],
  ['其他', 'other'],
]);
const chineseDigits = '一二三四五六七八九';

function parseDay(v: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  return m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : undefined;
}

function parseGrade(v: string): number | undefined {
  const s = v.replace(/年级$/, '').trim();
  if (/^\d{1,2}$/.test(s)) return Number(s);
  const junior = /^[初高]([一二三])$/.exec(s);
  if (junior) return (s.startsWith('初') ? 6 : 9) + chineseDigits.indexOf(junior[1] as string) + 1;
  if (s === '十') return 10;
  if (s === '十一') return 11;
  if (s === '十二') return 12;
  const i = chineseDigits.indexOf(s);
  return s.length === 1 && i >= 0 ? i + 1 : undefined;
}

function parseClasses(v: string): number[] | undefined {
  const out: number[] = [];
  for (const part of v.split(/[,，、\s;；]+/).filter(Boolean)) {
    const p = part.replace(/班$/, '');
    const range = /^(\d{1,2})[-~～至](\d{1,2})$/.exec(p);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b || b - a > 40) return undefined;
      for (let c = a; c <= b; c++) out.push(c);
    } else if (/^\d{1,2}$/.test(p)) out.push(Number(p));
    else return undefined;
  }
  return out;
}

const byLabelOrCode = (entries: readonly VocabEntry[], v: string) => entries.find((e) => e.label === v || e.code === v)?.code;

function validateRow(row: number, raw: Record<Key, string>, schoolId: string, vocab: Vocab, today: string): ParsedSessionRow | { errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const bad = (key: Key, message: string) => errors.push({ row, column: headerOf(key), message });
  const c: Record<string, unknown> = { schoolId, note: raw.note, speakerName: raw.speakerName };
  const day = raw.heldOn ? parseDay(raw.heldOn) : undefined;
  if (!raw.heldOn) bad('heldOn', '日期不能为空');
  else if (!day) bad('heldOn', `日期「${raw.heldOn}」无法识别，应为 2026-09-01`);
  else if (day > today) bad('heldOn', `日期 ${day} 晚于今天：只导入已上过的课`);
  c.heldOn = day ?? '2000-01-01';
  const kind = kindByLabel.get(raw.audienceKind);
  if (!raw.audienceKind) bad('audienceKind', '对象不能为空');
  else if (!kind) bad('audienceKind', `对象「${raw.audienceKind}」无效，应为 全校、整个年级 或 班级`);
  c.audienceKind = kind ?? 'school';
  if (raw.grade) {
    const g = parseGrade(raw.grade);
    if (!g || g < 1 || g > MAX_GRADE) bad('grade', `年级「${raw.grade}」无效，应为 1–12 或 三年级、初一`);
    else c.grade = g;
  }
  if (raw.classes) {
    const list = parseClasses(raw.classes);
    if (!list) bad('classes', `班级「${raw.classes}」无法识别，应为班号，如 1、2、4 或 1-4`);
    else c.classes = list;
  }
  const topic = raw.topic ? byLabelOrCode(vocab.topics, raw.topic) : undefined;
  if (!raw.topic) bad('topic', '教育主题不能为空');
  else if (!topic) bad('topic', `教育主题「${raw.topic}」不在本区政策包中（见填写说明）`);
  c.topic = topic ?? 'x';
  if (raw.occasion) {
    const o = byLabelOrCode(vocab.occasions, raw.occasion);
    if (!o) bad('occasion', `特殊时点「${raw.occasion}」不在本区政策包中（见填写说明）`);
    else c.occasion = o;
  }
  const hours = Number(raw.hours);
  if (!raw.hours) bad('hours', '课时不能为空');
  else if (Number.isNaN(hours)) bad('hours', `课时「${raw.hours}」不是数字`);
  c.hours = raw.hours && !Number.isNaN(hours) ? hours : 1;
  const speaker = raw.speakerType ? speakerByLabel.get(raw.speakerType) : 'teacher';
  if (!speaker) bad('speakerType', `授课人类型「${raw.speakerType}」无效，应为 ${Object.values(speakerTypeLabels).join('、')}`);
  c.speakerType = speaker ?? 'teacher';
  if (raw.speakerUnit) {
    const unit = vocab.units?.find((u) => u.name === raw.speakerUnit || u.code === raw.speakerUnit);
    if (!unit) bad('speakerUnit', `授课单位「${raw.speakerUnit}」不是本区的部门（见填写说明）`);
    else c.speakerUnitId = unit.id;
  }
  if (raw.participants) {
    const n = Number(raw.participants);
    if (!Number.isInteger(n)) bad('participants', `参加学生数「${raw.participants}」不是整数`);
    else c.participants = n;
  }
  const parsed = createEducationSessionSchema.safeParse(c);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = headerOf(String(issue.path[0] ?? ''));
      if (!errors.some((e) => e.column === column)) errors.push({ row, column, message: issue.message });
    }
  }
  if (errors.length || !parsed.success) return { errors };
  return { row, input: parsed.data };
}
