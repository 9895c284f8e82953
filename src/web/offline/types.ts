import type { HazardLevel } from '../../domain/hazard';
import type { ItemResult } from '../../domain/inspection';
import type { InspectionLevel } from '../../domain/policy/pack-schema';

/**
 * What the phone keeps of an inspection while it is made and until the server has it.
 * A draft is created on the phone (its `clientId` too) and is read and written only here until
 * sync sends it with one createInspection call; see docs/INSPECTIONS.md (Offline).
 */

/** The template as it was when the check started: the check keeps that version even if the district edits it meanwhile. */
export type TemplateSnapshot = {
  code: string;
  name: string;
  version: number;
  report: { withinDays: number; signerRole: string; label: string } | null;
  items: {
    code: string;
    text: string;
    category: string;
    categoryLabel?: string;
    place?: string;
    guidance: string;
    photoRequiredOnFail: boolean;
    failLevel: HazardLevel;
  }[];
};

export type LocalAnswer = {
  result: ItemResult | null;
  note: string;
  /** Ids of photo blobs in the `blobs` store. */
  photoIds: string[];
  raiseHazard: boolean;
};

export type LocalSignature = { blobId: string; name: string; role: string; signedAt: string };

/**
 * draft: being filled in (or returned by the server's validation);
 * queued: submitted on the phone, waiting to be sent;
 * synced: the server has it (a small record stays so the list links to it);
 * conflict: the server holds a different submitted copy under the same clientId (nothing is dropped).
 */
export type DraftStatus = 'draft' | 'queued' | 'synced' | 'conflict';

export type SyncProblem = { code: string; message: string; details: { path?: string; message: string }[]; at: string };

export type LocalDraft = {
  clientId: string;
  /** The user who made it: another account signed in on the same phone neither sees nor sends it. */
  userId: string;
  status: DraftStatus;
  school: { id: string; name: string };
  template: TemplateSnapshot;
  level: InspectionLevel;
  levelLabel: string;
  inspectedAt: string;
  /** Empty: the server records the signed-in user as the inspector. */
  inspectors: { name: string; unitName?: string; userId?: string }[];
  summary: string;
  /** Where the check was started, when the phone allowed it (optional; never blocks the check). */
  location?: { lat: number; lng: number; accuracy?: number } | null;
  answers: Record<string, LocalAnswer>;
  signatures: LocalSignature[];
  /** The 专项行动 the check is run for, picked when it was started (older drafts have none). */
  campaign?: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Set by sync. */
  serverId?: string;
  syncedAt?: string;
  lastTriedAt?: string;
  problem?: SyncProblem;
};

export type BlobKind = 'photo' | 'signature';

/**
 * A photo or signature kept on the phone; `attachmentId` once uploaded, so a repeated sync does
 * not upload it again. `id` is also the upload's client id: the server names the attachment
 * after it, so an upload whose answer was lost is answered again, never stored twice.
 * `clientId`: the inspection draft or outbox record it belongs to.
 */
export type LocalBlob = {
  id: string;
  clientId: string;
  kind: BlobKind;
  fileName: string;
  type: string;
  /** Bytes rather than a Blob: some WebView builds on Android phones cannot store Blobs in IndexedDB. */
  bytes: ArrayBuffer;
  attachmentId?: string;
  /** A photo of an outbox record (patrol, drill, education, training): what it is uploaded as. */
  purpose?: string;
  /** …and for which school (the record's). Inspection blobs take both from their draft. */
  schoolId?: string;
  createdAt: string;
};

export const emptyAnswer = (): LocalAnswer => ({ result: null, note: '', photoIds: [], raiseHazard: true });

export const draftStatusLabels: Record<DraftStatus, string> = {
  draft: '本机草稿',
  queued: '待同步',
  synced: '已同步',
  conflict: '同步冲突',
};

/** How many items have an answer. */
export function progressOf(draft: Pick<LocalDraft, 'template' | 'answers'>): { answered: number; total: number } {
  const total = draft.template.items.length;
  const answered = draft.template.items.filter((i) => draft.answers[i.code]?.result).length;
  return { answered, total };
}
