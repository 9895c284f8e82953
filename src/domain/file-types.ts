/**
 * Evidence files: what may be uploaded, decided by the bytes themselves. The file name and the
 * declared content type are whatever the client says; the magic bytes are what a viewer will
 * act on, so only they decide. The size limit is configuration (`MAX_UPLOAD_MB`), not a rule.
 */
export const attachmentPurposes = [
  'hazard_found',
  'rectification',
  'verification',
  'plan',
  'notice',
  'notice_reply',
  'penalty',
  'inspection',
  'signature',
  'drill',
  'drill_plan',
  'education',
  'training',
  'patrol',
  'guard_post',
  'letter',
  'school_document',
  'premise',
  'assessment',
  'other',
  'report',
] as const;
export type AttachmentPurpose = (typeof attachmentPurposes)[number];

export const attachmentPurposeLabels: Record<AttachmentPurpose, string> = {
  hazard_found: '隐患照片',
  rectification: '整改照片',
  verification: '验收照片',
  plan: '整改方案',
  notice: '整改通知书',
  notice_reply: '整改回复',
  penalty: '处罚决定书',
  inspection: '检查照片',
  signature: '签名',
  drill: '演练照片',
  drill_plan: '演练预案',
  education: '安全教育照片',
  training: '培训证书和照片',
  patrol: '巡查照片',
  guard_post: '护学岗签到照片',
  letter: '安全责任书扫描件',
  school_document: '学校安全文件',
  premise: '周边场所照片',
  assessment: '考核自评佐证材料',
  other: '其他材料',
  report: '报表附件',
};

export type FileType = { contentType: string; extension: string };

export const JPEG: FileType = { contentType: 'image/jpeg', extension: 'jpg' };
export const PNG: FileType = { contentType: 'image/png', extension: 'png' };
export const GIF: FileType = { contentType: 'image/gif', extension: 'gif' };
export const WEBP: FileType = { contentType: 'image/webp', extension: 'webp' };
export const PDF: FileType = { contentType: 'application/pdf', extension: 'pdf' };

const photoTypes = [JPEG, PNG, WEBP, GIF] as const;
const documentTypes = [...photoTypes, PDF] as const;

/** Every content type an upload may declare (the server accepts these request bodies as bytes). */
export const uploadContentTypes = [...documentTypes.map((t) => t.contentType), 'application/octet-stream'];

/** On-site evidence is photographed; plans, notices, replies and decisions may also be PDF scans. */
const photoPurposes: ReadonlySet<AttachmentPurpose> = new Set([
  'hazard_found',
  'rectification',
  'verification',
  'inspection',
  'signature',
  'drill',
  'education',
  'patrol',
  'premise',
  'guard_post',
]);

export const allowedFileTypes = (purpose: AttachmentPurpose): readonly FileType[] => (photoPurposes.has(purpose) ? photoTypes : documentTypes);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The type of a file from its first bytes, or null when it is none of the accepted kinds. */
export function sniffFileType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return GIF;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return WEBP;
  if (startsWith(bytes, ascii('%PDF-'))) return PDF;
  return null;
}

/** What a purpose accepts, for messages: 「JPG、PNG、WEBP、GIF 图片」 or 「… 或 PDF 文件」. */
export function describeAllowedTypes(purpose: AttachmentPurpose): string {
  const types = allowedFileTypes(purpose);
  const images = types.filter((t) => t.contentType.startsWith('image/')).map((t) => t.extension.toUpperCase());
  const pdf = types.some((t) => t === PDF);
  return `${images.join('、')} 图片${pdf ? '或 PDF 文件' : ''}`;
}

export const MAX_FILE_NAME_LENGTH = 120;

// C0/C1 controls, and the direction marks and overrides that can make 「报告[RLO]fdp.exe」 display as 「报告exe.pdf」.
const isUnsafeChar = (c: string): boolean => {
  const n = c.codePointAt(0) ?? 0;
  return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x200e || n === 0x200f || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069);
};

/**
 * A file name fit to show and to offer on download: the last path segment only, no control or
 * direction characters, at most 120 characters (code points, so Chinese and emoji stay whole).
 * Falls back to 「附件.<ext>」 when nothing is left.
 */
export function sanitizeFileName(raw: string, type: FileType): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = Array.from(base)
    .filter((c) => !isUnsafeChar(c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const name = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  const chars = Array.from(name);
  if (chars.length === 0) return `附件.${type.extension}`;
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  // Keep the extension when cutting a long name: 「很长的名字….jpg」.
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 0 && ext.length <= 10) return chars.slice(0, MAX_FILE_NAME_LENGTH - ext.length).join('') + ext.join('');
  return chars.slice(0, MAX_FILE_NAME_LENGTH).join('');
}
