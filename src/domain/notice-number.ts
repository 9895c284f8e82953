/**
 * Numbers of rectification notices (整改通知书文号). Each issuing unit keeps one series per
 * year, written with its own format, e.g. 云教安整〔2026〕第12号 or 龙洲湾派出所整改〔2026〕3号.
 */
export const noticeIssuerKinds = ['district', 'inspector', 'centre', 'police', 'joint'] as const;
export type NoticeIssuerKind = (typeof noticeIssuerKinds)[number];

export const noticeIssuerKindLabels: Record<NoticeIssuerKind, string> = {
  district: '区教委',
  inspector: '责任督学',
  centre: '教管中心',
  police: '派出所',
  joint: '联合督检组',
};

export const noticeNumberPlaceholders = ['{year}', '{seq}', '{seq3}', '{issuer}'] as const;
export const NOTICE_FORMAT_MAX_LENGTH = 60;

export type NoticeNumberParts = { year: number; seq: number; issuer: string };

/** Fills the placeholders: {year} 2026, {seq} 7, {seq3} 007, {issuer} the issuing unit's name. */
export function formatNoticeNumber(format: string, p: NoticeNumberParts): string {
  return format
    .replaceAll('{year}', String(p.year))
    .replaceAll('{seq3}', String(p.seq).padStart(3, '0'))
    .replaceAll('{seq}', String(p.seq))
    .replaceAll('{issuer}', p.issuer);
}

/** What is wrong with a format, in words a user can act on; null when it is usable. */
export function noticeNumberFormatProblem(format: string): string | null {
  if (format.trim() === '') return '请填写文号格式';
  if (format.length > NOTICE_FORMAT_MAX_LENGTH) return `文号格式不超过 ${NOTICE_FORMAT_MAX_LENGTH} 个字`;
  if (!format.includes('{seq}') && !format.includes('{seq3}')) return '文号格式必须包含序号占位符 {seq} 或 {seq3}';
  const unknown = (format.match(/\{[^{}]*\}/g) ?? []).filter((p) => !(noticeNumberPlaceholders as readonly string[]).includes(p));
  if (unknown.length) return `不认识的占位符 ${unknown.join('、')}：只能使用 ${noticeNumberPlaceholders.join(' ')}`;
  return null;
}

/**
 * The format used until a unit sets its own: the commission's series takes the first character
 * of the district's name (云江区教育委员会 → 云教安整〔{year}〕第{seq}号); other units put their
 * own name in front.
 */
export function defaultNoticeNumberFormat(unit: { kind: string; name: string }): string {
  if (unit.kind === 'district') return `${[...unit.name][0] ?? ''}教安整〔{year}〕第{seq}号`;
  return '{issuer}整改〔{year}〕{seq}号';
}

/**
 * The counter behind a series: one per issuing unit and year. The kind is not part of it:
 * the district admin and the inspectors both issue from the district unit, and notice numbers
 * are unique per unit and year (rectification_notice_number_uq), under the unit's one format.
 */
export const noticeCounterName = (issuerUnitId: string, year: number) => `notice:${issuerUnitId}:${year}`;

/** 2026-03-05 → 2026年3月5日, the way dates are written on the document. */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}
