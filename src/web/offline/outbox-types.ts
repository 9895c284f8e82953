/**
 * One record the phone keeps until the server has it (docs/ARCHITECTURE.md "Offline outbox").
 * `draft`: a form being filled in (autosaved as it is typed); `queued`: submitted on the phone,
 * 待上传; `refused`: the server said no with a 4xx — the Chinese message says what to fix, and the
 * entry stays until the user fixes or deletes it. A sent record is removed: the server's list has it.
 */
export type OutboxKind = 'patrol' | 'drill' | 'education' | 'training' | 'gate';
export type OutboxStatus = 'draft' | 'queued' | 'refused';

export type OutboxProblem = { status: number; code: string; message: string; details: { path?: string; message: string }[]; at: string };

export type OutboxEntry = {
  /** The record's id chosen on the phone; the server keeps one record per id however often it arrives. */
  clientId: string;
  /** Who made it: another account signed in on the same phone neither sees nor sends it. */
  userId: string;
  kind: OutboxKind;
  status: OutboxStatus;
  /** Where it is sent (POST) once queued. */
  url: string;
  /** The request body once queued; the form's own values while a draft. */
  body: unknown;
  /** The form's values, kept so a refused entry can be put back into the form and fixed. */
  form?: unknown;
  /** One line for the list, in Chinese (e.g. 重点部位巡查 12-06 08:30). */
  label: string;
  attempts: number;
  /** Not retried before this time (backoff after a network or server error). */
  nextAt: string | null;
  problem?: OutboxProblem;
  /**
   * The photos kept on the phone (the `blobs` store) that the body references: uploaded first,
   * each under its own id, so the record's attachment ids are known before it is sent.
   */
  blobIds?: string[];
  /** Those already on the server (a retry does not upload them again). */
  uploadedBlobIds?: string[];
  /**
   * An entry that must reach the server first (a visitor's 离校 after the 进校 recorded offline):
   * this one waits while that one is still in the outbox.
   */
  after?: string;
  createdAt: string;
  updatedAt: string;
};

export const outboxStatusLabels: Record<OutboxStatus, string> = { draft: '本机草稿', queued: '待上传', refused: '上传被拒' };
