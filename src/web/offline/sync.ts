import { ApiError, api, setCsrfToken } from '../api/client';
import type { CurrentUser } from '../api/types';
import { uploadBlob } from './blobUpload';
import { allDrafts, deleteBlobsOf, getDraft, listBlobs, listDrafts, updateDraft } from './db';
import type { LocalBlob, LocalDraft, SyncProblem } from './types';

/**
 * Sends the phone's submitted inspections to the server (docs/INSPECTIONS.md, Offline).
 * For each queued draft: upload the photos and signatures not uploaded yet (their attachment
 * ids are saved at once, so a repeated sync never uploads twice), then one createInspection
 * with `submit: true`. The clientId makes a repeat harmless on the server; the lock here (one
 * run per tab, and per phone where the browser has Web Locks) keeps two runs from uploading the
 * same photo at the same moment.
 */

export type SyncOutcome = { sent: number; conflicts: number; rejected: number; pending: number; offline: boolean };
export type SyncState = { running: boolean; lastRunAt: string | null; last: SyncOutcome | null };

let state: SyncState = { running: false, lastRunAt: null, last: null };
const stateListeners = new Set<() => void>();

export const getSyncState = (): SyncState => state;

export function onSyncState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

function setState(patch: Partial<SyncState>): void {
  state = { ...state, ...patch };
  for (const l of stateListeners) l();
}

let running: Promise<SyncOutcome> | null = null;
let again = false;

/** Runs a sync for the user's queued drafts; a call while one runs waits for it and runs once more after it. */
export function syncDrafts(userId: string): Promise<SyncOutcome> {
  if (running) {
    again = true;
    return running;
  }
  setState({ running: true });
  running = (async () => {
    let outcome: SyncOutcome;
    do {
      again = false;
      outcome = await withLock(() => runSync(userId));
    } while (again && !outcome.offline);
    return outcome;
  })().finally(() => {
    running = null;
  });
  running.then(
    (last) => setState({ running: false, last, lastRunAt: new Date().toISOString() }),
    () => setState({ running: false, lastRunAt: new Date().toISOString() }),
  );
  return running;
}

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks?.request ? locks.request('huxiao-inspection-sync', fn) : fn();
}

type Sent = 'sent' | 'conflict' | 'rejected' | 'retry' | 'offline' | 'skipped';

async function runSync(userId: string): Promise<SyncOutcome> {
  const queued = (await listDrafts(userId)).filter((d) => d.status === 'queued').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const outcome: SyncOutcome = { sent: 0, conflicts: 0, rejected: 0, pending: 0, offline: false };
  for (const draft of queued) {
    const r = outcome.offline ? 'offline' : await sendDraft(draft.clientId);
    if (r === 'sent') outcome.sent++;
    else if (r === 'conflict') outcome.conflicts++;
    else if (r === 'rejected') outcome.rejected++;
    else if (r === 'retry' || r === 'offline') outcome.pending++;
    if (r === 'offline') outcome.offline = true;
  }
  return outcome;
}

const problemOf = (err: unknown, details?: SyncProblem['details']): SyncProblem => {
  const e = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  return { code: e.code, message: e.message, details: details ?? e.details.map((d) => ({ path: d.path, message: d.message })), at: new Date().toISOString() };
};

async function sendDraft(clientId: string): Promise<Sent> {
  const draft = await getDraft(clientId);
  if (draft?.status !== 'queued') return 'skipped';
  let stage: { blob: LocalBlob } | null = null;
  try {
    const attachmentIds = new Map<string, string>();
    for (const blob of await blobsToSend(draft)) {
      stage = { blob };
      attachmentIds.set(blob.id, blob.attachmentId ?? (await upload(blob, draft.school.id)));
    }
    stage = null;
    // The user may have taken the draft back (撤回) while the photos went up.
    const current = await getDraft(clientId);
    if (current?.status !== 'queued') return 'skipped';
    const res = await api.post<{ id?: string; inspection?: { id: string } }>('/api/inspections', inspectionInput(current, attachmentIds));
    const serverId = res?.inspection?.id ?? res?.id;
    await updateDraft(clientId, (d) => ({ ...d, status: 'synced', serverId, syncedAt: new Date().toISOString(), problem: undefined }));
    await deleteBlobsOf(clientId);
    return 'sent';
  } catch (err) {
    // Even the failure must not escape: the draft stays queued and the next trigger retries.
    return recordFailure(draft, err, stage?.blob).catch((): Sent => 'retry');
  }
}

async function recordFailure(draft: LocalDraft, err: unknown, blob: LocalBlob | undefined): Promise<Sent> {
  const at = new Date().toISOString();
  const e = err instanceof ApiError ? err : null;
  // No network, a lost session, a busy or failing server: keep it queued and try again later.
  const retry = !e || e.status === 0 || e.status === 401 || e.status === 429 || e.status >= 500 || e.code === 'CSRF_REJECTED';
  let problem = problemOf(err);
  if (blob && e && !retry) {
    const index = draft.template.items.findIndex((i) => draft.answers[i.code]?.photoIds.includes(blob.id));
    const what = blob.kind === 'signature' ? '签名' : `照片「${blob.fileName}」`;
    problem = problemOf(err, [{ path: index >= 0 ? `items.${index}.attachmentIds` : 'signatures', message: `${what}上传失败：${e.message}` }]);
  }
  const status = retry ? 'queued' : e?.status === 409 ? 'conflict' : 'draft';
  await updateDraft(draft.clientId, (d) => (d.status === 'queued' ? { ...d, status, lastTriedAt: at, problem } : null));
  if (retry) return !e || e.status === 0 || e.status === 401 ? 'offline' : 'retry';
  return status === 'conflict' ? 'conflict' : 'rejected';
}

/** The photos of failed items and the signatures: what the server record will reference. */
async function blobsToSend(draft: LocalDraft): Promise<LocalBlob[]> {
  const wanted = new Set<string>(draft.signatures.map((s) => s.blobId));
  for (const item of draft.template.items) {
    const a = draft.answers[item.code];
    if (a?.result === 'fail') for (const id of a.photoIds) wanted.add(id);
  }
  const blobs = await listBlobs(draft.clientId);
  const missing = [...wanted].filter((id) => !blobs.some((b) => b.id === id));
  if (missing.length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', '本机找不到部分照片或签名，请重新拍照或签名后再提交');
  }
  return blobs.filter((b) => wanted.has(b.id));
}

const upload = (blob: LocalBlob, schoolId: string): Promise<string> => uploadBlob(blob, blob.kind === 'signature' ? 'signature' : 'inspection', schoolId);

/** The createInspection body (docs/INSPECTIONS.md, Inspection input). */
export function inspectionInput(d: LocalDraft, attachmentIds: ReadonlyMap<string, string>) {
  const idsOf = (blobIds: string[]) => blobIds.map((id) => attachmentIds.get(id)).filter((id): id is string => Boolean(id));
  return {
    clientId: d.clientId,
    schoolId: d.school.id,
    templateCode: d.template.code,
    templateVersion: d.template.version,
    level: d.level,
    inspectedAt: d.inspectedAt,
    ...(d.inspectors.length > 0 ? { inspectors: d.inspectors } : {}),
    summary: d.summary,
    ...(d.location ? { location: d.location } : {}),
    ...(d.campaign ? { campaignId: d.campaign.id } : {}),
    items: d.template.items.map((item) => {
      const a = d.answers[item.code];
      const failed = a?.result === 'fail';
      return {
        code: item.code,
        result: a?.result ?? null,
        note: a?.note ?? '',
        attachmentIds: failed ? idsOf(a.photoIds) : [],
        raiseHazard: failed ? a.raiseHazard : false,
      };
    }),
    signatures: d.signatures.map((s) => ({ name: s.name, role: s.role, attachmentId: attachmentIds.get(s.blobId) ?? '', signedAt: s.signedAt })),
    submit: true,
  };
}

/**
 * Sync without a page asking for it: at start and whenever the phone comes back online (and
 * every few minutes while something waits). It runs only when something is queued, and asks the
 * server who is signed in so it sends only that user's inspections.
 */
export function startAutoSync(): void {
  const run = async () => {
    if (!navigator.onLine || state.running) return;
    try {
      const drafts = await listAllQueuedUsers();
      if (drafts.size === 0) return;
      const me = await api.get<CurrentUser>('/api/auth/me');
      if (!drafts.has(me.id)) return;
      setCsrfToken(me.csrfToken);
      await syncDrafts(me.id);
    } catch {
      // Offline, signed out or IndexedDB unavailable: the next trigger tries again.
    }
  };
  window.addEventListener('online', () => void run());
  setTimeout(() => void run(), 2_000);
  setInterval(() => document.visibilityState === 'visible' && void run(), 120_000);
}

async function listAllQueuedUsers(): Promise<Set<string>> {
  return new Set((await allDrafts()).filter((d) => d.status === 'queued').map((d) => d.userId));
}
