import { z } from 'zod';
import type { HazardState } from './hazard.js';

/**
 * Public reports (群众反映): what a parent or passer-by sends from the QR page, the receipt
 * number they keep, the public status they can look up, and the triage outcomes.
 */

/** Crockford base32: no I, L, O, U, so a receipt read aloud or copied by hand is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 random symbols (60 bits) and one check symbol. */
export const RECEIPT_RANDOM_LENGTH = 12;

/** Luhn mod N over the base32 values: catches every single wrong symbol and most swaps of neighbours. */
function checkSymbol(body: string): string {
  const n = ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return ALPHABET[(n - (sum % n)) % n] as string;
}

/** A new receipt number, e.g. 「7K2M-Q9TX-4HRB-C」 (stored without the hyphens). */
export function newReceipt(): string {
  // Web Crypto (Node 20 and browsers alike); 256 is a multiple of 32, so `& 31` is unbiased.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(RECEIPT_RANDOM_LENGTH));
  const body = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return body + checkSymbol(body);
}

/** What a person typed, in the stored form: upper case, no spaces or hyphens, O→0 and I/L→1; null when the check fails. */
export function normaliseReceipt(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RECEIPT_RANDOM_LENGTH + 1 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return checkSymbol(s.slice(0, -1)) === s.slice(-1) ? s : null;
}

/** 「7K2M-Q9TX-4HRB-C」: groups of four, the check symbol last. */
export const formatReceipt = (stored: string): string => stored.match(/.{1,4}/g)?.join('-') ?? stored;

/** How a triage ends; `case` (受理为案件, migration 0037) and `merged_case` (并入已有案件, 0042) carry the case's id. */
export const triageOutcomes = ['hazard', 'merged', 'rejected', 'case', 'merged_case'] as const;
export type TriageOutcome = (typeof triageOutcomes)[number];
export const triageOutcomeLabels: Record<TriageOutcome, string> = {
  hazard: '转为隐患',
  merged: '并入已有隐患',
  rejected: '不予受理',
  case: '受理为案件',
  merged_case: '并入已有案件',
};

/** What the reporter sees. Never who handles it or any internal note. */
export const publicStatuses = ['received', 'accepted', 'rectifying', 'done', 'rejected'] as const;
export type PublicStatus = (typeof publicStatuses)[number];
export const publicStatusLabels: Record<PublicStatus, string> = {
  received: '已收到，待处理',
  accepted: '已受理',
  rectifying: '整改中',
  done: '已办结',
  rejected: '未受理',
};

/**
 * The public status follows the linked hazard: 登记/研判 → 已受理, 整改/待验收 → 整改中, 销号 → 已办结;
 * or the linked case: 已受理 until it is archived (整理归档), then 已办结.
 */
export function publicStatusOf(outcome: TriageOutcome | null, hazardState: HazardState | null, caseState: string | null = null): PublicStatus {
  if (outcome === null) return 'received';
  if (outcome === 'rejected') return 'rejected';
  if (outcome === 'case' || outcome === 'merged_case') return caseState === 'archived' ? 'done' : 'accepted';
  if (hazardState === 'closed') return 'done';
  if (hazardState === 'rectifying' || hazardState === 'pending_verification') return 'rectifying';
  return 'accepted';
}

/**
 * The public page's per-address limits count hits in fixed windows and estimate the sliding window
 * (the last `windowMs`) as: this window's hits + the previous window's hits × the share of it still
 * inside the sliding window. Answers how many hits this window may hold now (≤ 0: none): a burst
 * straddling a window boundary is not let through twice.
 */
export function windowAllowance(limit: number, previousHits: number, elapsedShare: number): number {
  const share = Math.min(1, Math.max(0, elapsedShare));
  // The epsilon keeps 3 × (1 − 2/3) = 1.0000000000000002 from costing a whole hit.
  return Math.floor(limit - previousHits * (1 - share) + 1e-9);
}

export const MAX_PUBLIC_PHOTOS = 3;
export const MAX_REPORT_TEXT = 2000;

const text = (label: string, max: number) => z.string(`${label}无效`).trim().max(max, `${label}不超过 ${max} 个字`);

// Base64 of the photo's bytes (a data URL's prefix is stripped by the page); size and type are checked on the bytes.
const base64 = z.string('照片内容无效').regex(/^[A-Za-z0-9+/]*={0,2}$/, '照片内容应为 base64 编码');

export const publicReportInput = z.object({
  /** The QR code's unit: a school, or the district. */
  unitId: z.uuid('二维码地址无效'),
  /** On a district's page the reporter may name the school; on a school's page it is that school. */
  schoolId: z.uuid('学校无效').optional(),
  description: text('问题描述', MAX_REPORT_TEXT).min(5, '请至少用 5 个字描述问题'),
  place: text('地点', 100).default(''),
  contactName: text('称呼', 50).default(''),
  contactPhone: z
    .string('联系电话无效')
    .trim()
    .max(20, '联系电话不超过 20 位')
    .regex(/^[0-9+\-\s()]*$/, '联系电话只能包含数字、空格和 +-()')
    .default(''),
  photos: z
    .array(z.object({ fileName: z.string('文件名无效').max(1000, '文件名过长').default(''), data: base64 }), '照片无效')
    .max(MAX_PUBLIC_PHOTOS, `最多上传 ${MAX_PUBLIC_PHOTOS} 张照片`)
    .default([]),
  challengeToken: z.string('验证信息无效').min(1, '请先获取验证题').max(1000, '验证信息无效'),
  challengeAnswer: z.coerce.number('请填写验证题的答案').int('验证题的答案应为整数').min(-1000).max(1000),
});
export type PublicReportInput = z.infer<typeof publicReportInput>;

const note = text('内部备注', 1000).default('');
const reply = text('答复', 500);

export const triageInput = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      outcome: z.literal('hazard'),
      schoolId: z.uuid('学校无效'),
      title: text('隐患标题', 100).min(2, '请填写隐患标题'),
      category: z.string('隐患类别无效').min(1, '请选择隐患类别').max(50),
      place: text('部位', 40).min(1, '请填写部位'),
      publicReply: reply.default(''),
      note,
    }),
    z.object({ outcome: z.literal('merged'), hazardId: z.uuid('隐患无效'), publicReply: reply.default(''), note }),
    /** 并入已有案件: an open case of the district the triaging unit sees; the report lands on its timeline. */
    z.object({ outcome: z.literal('merged_case'), caseId: z.uuid('案件无效'), publicReply: reply.default(''), note }),
    z.object({ outcome: z.literal('rejected'), publicReply: reply.min(2, '不予受理须写明理由，理由会告知反映人'), note }),
    z.object({
      outcome: z.literal('case'),
      /** A case type of the pack (群众举报, 矛盾纠纷, 学生欺凌 …). */
      typeCode: z
        .string('案件类型无效')
        .trim()
        .regex(/^[a-z][a-z0-9_]{0,39}$/, '案件类型无效'),
      title: text('案件标题', 100).min(2, '请填写案件标题'),
      /** The school the case is about; defaults to the school the report named. */
      schoolId: z.uuid('学校无效').optional(),
      publicReply: reply.default(''),
      note,
    }),
  ],
  { error: '处理结果应为转为隐患、并入已有隐患、受理为案件、并入已有案件或不予受理' },
);
export type TriageInput = z.infer<typeof triageInput>;
