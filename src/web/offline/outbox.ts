import { ApiError, api, setCsrfToken } from '../api/client';
import type { CurrentUser } from '../api/types';
import { uploadBlob } from './blobUpload';
import { db, getBlob, listBlobs } from './db';
import type { OutboxEntry, OutboxKind, OutboxProblem } from './outbox-types';
import type { LocalBlob } from './types';

/**
 * The phone's outbox for the records a school keeps on a phone at a gate, in a dormitory corridor
 * or on a drill ground with a weak signal: patrol logs, drills, education sessions, trainings and
 * the gate log. A record is saved here first (IndexedDB, with the id the phone chose), shown as
 * 待上传, and sent when there is a network: a network or server error retries later with backoff;
 * a 4xx stops and keeps the server's Chinese message on the entry for the user to fix. Sending
 * the same id twice is harmless (the server answers the first record), and a lock keeps two tabs
 * from sending at the same moment. Inspections have their own richer drafts (sync.ts).
 *
 * Photos: a form's photos are kept on the phone too (the `blobs` store, shrunk, under the
 * record's clientId; PhotoUpload with `keepOnPhone`) and the body lists them by their own ids.
 * Sending a record uploads its photos first, each under its id as the upload's client id (the
 * server names the attachment after it and answers a repeat with the first upload), then the
 * record. An entry can wait for another (`after`): a 离校 for a 进校 still in the outbox.
 */

// --- change notifications: pages re-read when a send or another tab changes the outbox ---

type Listener = () => void;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('huxiao-outbox');
channel?.addEventListener('message', () => {
  for (const l of listeners) l();
});

export function onOutboxChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
  channel?.postMessage('changed');
}

// --- the store ---

export async function listOutbox(userId: string, kind?: OutboxKind): Promise<OutboxEntry[]> {
  const all = await (await db()).getAllFromIndex('outbox', 'byUser', userId);
  return all.filter((e) => !kind || e.kind === kind).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getOutboxEntry(clientId: string): Promise<OutboxEntry | undefined> {
  return (await db()).get('outbox', clientId);
}

/** Removes an entry, its photos and what waits for it (a 离校 of a deleted 进校): the user's 删除. */
export async function deleteOutboxEntry(clientId: string): Promise<void> {
  const tx = (await db()).transaction(['outbox', 'blobs'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const waiting = (await outbox.getAll()).filter((e) => e.after === clientId).map((e) => e.clientId);
  for (const id of [clientId, ...waiting]) {
    await outbox.delete(id);
    await deleteBlobsIn(tx.objectStore('blobs'), id);
  }
  await tx.done;
  changed();
}

/** The server has the record: the entry and its photos' bytes go (what waits for it is sent next). */
async function removeSent(clientId: string): Promise<void> {
  const tx = (await db()).transaction(['outbox', 'blobs'], 'readwrite');
  await tx.objectStore('outbox').delete(clientId);
  await deleteBlobsIn(tx.objectStore('blobs'), clientId);
  await tx.done;
  changed();
}

type BlobStore = { index(name: 'byDraft'): { getAllKeys(key: string): Promise<string[]> }; delete(key: string): Promise<void> };
async function deleteBlobsIn(store: BlobStore, clientId: string): Promise<void> {
  for (const key of await store.index('byDraft').getAllKeys(clientId)) await store.delete(key);
}

/** The phone's photos of a record that its body references (a photo removed from the form is not sent). */
async function referencedBlobs(clientId: string, body: unknown): Promise<LocalBlob[]> {
  const text = JSON.stringify(body ?? null);
  return (await listBlobs(clientId)).filter((b) => text.includes(b.id));
}

/** The user's form of this kind being filled in, if any (one per kind and user). */
export async function findFormDraft<T>(userId: string, kind: OutboxKind): Promise<{ clientId: string; values: T; savedAt: string } | null> {
  const d = (await listOutbox(userId, kind)).filter((e) => e.status === 'draft').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return d ? { clientId: d.clientId, values: d.body as T, savedAt: d.updatedAt } : null;
}

/** Autosaves a form as it is typed. A record already queued or refused under the id is left alone. */
export async function saveFormDraft(userId: string, kind: OutboxKind, clientId: string, values: unknown): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const now = new Date().toISOString();
  const current = await tx.store.get(clientId);
  if (!current || current.status === 'draft') {
    await tx.store.put({
      clientId,
      userId,
      kind,
      status: 'draft',
      url: '',
      body: values,
      label: '',
      attempts: 0,
      nextAt: null,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    });
  }
  await tx.done;
}

/**
 * Drops a form draft and its photos (the form was sent straight to the server, or cleared); a
 * queued record is not a draft, and it and its photos stay.
 */
export async function clearFormDraft(clientId: string): Promise<void> {
  const tx = (await db()).transaction(['outbox', 'blobs'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const current = await outbox.get(clientId);
  if (current?.status === 'draft') await outbox.delete(clientId);
  // Photos taken for a form never submitted have no entry: they go with the draft.
  if (!current || current.status === 'draft') await deleteBlobsIn(tx.objectStore('blobs'), clientId);
  await tx.done;
}

type NewEntry = {
  clientId: string;
  userId: string;
  kind: OutboxKind;
  url: string;
  body: unknown;
  form?: unknown;
  label: string;
  /** Sent only once this entry has left the outbox. */
  after?: string;
};

/** Puts a record in the outbox to be sent (待上传), replacing its draft; the photos its body lists go with it. */
export async function enqueue(e: NewEntry): Promise<void> {
  const now = new Date().toISOString();
  // Read before the transaction: an IndexedDB transaction ends at the first await of something else.
  const photos = await referencedBlobs(e.clientId, e.body);
  const tx = (await db()).transaction('outbox', 'readwrite');
  const current = await tx.store.get(e.clientId);
  await tx.store.put({
    ...e,
    status: 'queued',
    attempts: 0,
    nextAt: null,
    blobIds: photos.map((b) => b.id),
    uploadedBlobIds: photos.filter((b) => b.attachmentId).map((b) => b.id),
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  });
  await tx.done;
  changed();
}

/**
 * Uploads the phone's photos a body lists, for a form sent straight to the server rather than
 * through the outbox (a drill saved as a server draft). Idempotent as the outbox's uploads are.
 */
export async function uploadFormPhotos(clientId: string, body: unknown): Promise<void> {
  for (const b of await referencedBlobs(clientId, body)) if (!b.attachmentId && b.purpose && b.schoolId) await uploadBlob(b, b.purpose, b.schoolId);
}

/** A refused record taken back into its form for fixing: it becomes the form's draft again. */
export async function takeBack(clientId: string): Promise<OutboxEntry | undefined> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const e = await tx.store.get(clientId);
  if (e && e.status !== 'draft') {
    await tx.store.put({ ...e, status: 'draft', body: e.form ?? e.body, problem: undefined, attempts: 0, nextAt: null, updatedAt: new Date().toISOString() });
  }
  await tx.done;
  changed();
  return e;
}

/** Sends a queued record now, whatever its backoff says (the 重试 button). */
export async function retryNow(clientId: string): Promise<void> {
  await update(clientId, (e) => (e.status === 'queued' || e.status === 'refused' ? { ...e, status: 'queued', nextAt: null, problem: undefined } : null));
}

async function update(clientId: string, change: (e: OutboxEntry) => OutboxEntry | null): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const current = await tx.store.get(clientId);
  const next = current ? change(current) : null;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) changed();
}

// --- sending ---

/** 5 s, 10 s, 20 s … at most 5 minutes between tries of one record, with a little jitter. */
export function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** `answers`: the server's answer to each record sent in this run, by clientId (the page that queued it shows it). */
export type OutboxOutcome = { sent: string[]; refused: string[]; pending: number; offline: boolean; answers: Record<string, unknown> };

let running: Promise<OutboxOutcome> | null = null;
let again = false;

/**
 * Sends the user's queued records, oldest first. `force` ignores the backoff (the network just
 * came back, or the user pressed 重试). One run at a time per tab, and per phone where the
 * browser has Web Locks; a call during a run runs once more after it.
 */
export function flushOutbox(userId: string, force = false): Promise<OutboxOutcome> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    const total: OutboxOutcome = { sent: [], refused: [], pending: 0, offline: false, answers: {} };
    do {
      again = false;
      const o = await withLock(() => runOnce(userId, force));
      total.sent.push(...o.sent);
      total.refused.push(...o.refused);
      Object.assign(total.answers, o.answers);
      total.pending = o.pending;
      total.offline = o.offline;
    } while (again && !total.offline);
    return total;
  })().finally(() => {
    running = null;
  });
  return running;
}

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks?.request ? locks.request('huxiao-outbox', fn) : fn();
}

async function runOnce(userId: string, force: boolean): Promise<OutboxOutcome> {
  const out: OutboxOutcome = { sent: [], refused: [], pending: 0, offline: false, answers: {} };
  const now = Date.now();
  for (const e of await listOutbox(userId)) {
    if (e.status !== 'queued') continue;
    // Waits for the entry it follows (read now: it may have been sent a moment ago in this run).
    const blocked = e.after ? (await getOutboxEntry(e.after)) !== undefined : false;
    if (out.offline || blocked || (!force && e.nextAt && Date.parse(e.nextAt) > now)) {
      out.pending++;
      continue;
    }
    const r = await sendOne(e.clientId, out.answers);
    if (r === 'sent') out.sent.push(e.clientId);
    else if (r === 'refused') out.refused.push(e.clientId);
    else if (r !== 'skipped') out.pending++;
    if (r === 'offline') out.offline = true;
  }
  return out;
}

type Result = 'sent' | 'refused' | 'retry' | 'offline' | 'skipped';

async function sendOne(clientId: string, answers: Record<string, unknown>): Promise<Result> {
  // Read again under the lock: another tab may have sent it, or the user taken it back.
  const e = await getOutboxEntry(clientId);
  if (e?.status !== 'queued') return 'skipped';
  let photo: LocalBlob | undefined;
  try {
    // The photos first, one by one: each uploaded one is remembered, so a retry goes on from there.
    for (const id of e.blobIds ?? []) {
      if (e.uploadedBlobIds?.includes(id)) continue;
      const blob = await getBlob(id);
      if (blob?.attachmentId) continue;
      if (!blob?.purpose || !blob.schoolId) throw new ApiError(400, 'VALIDATION_FAILED', '本机找不到这条记录的照片，请点“修改”删除该照片后重新拍照，再提交');
      photo = blob;
      await uploadBlob(blob, blob.purpose, blob.schoolId);
      photo = undefined;
      await update(clientId, (cur) => ({ ...cur, uploadedBlobIds: [...new Set([...(cur.uploadedBlobIds ?? []), id])] }));
    }
    // The user may have taken it back or deleted it while the photos went up.
    if ((await getOutboxEntry(clientId))?.status !== 'queued') return 'skipped';
    answers[clientId] = await api.post(e.url, e.body);
    await removeSent(clientId);
    return 'sent';
  } catch (err) {
    const a = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
    // No network, a lost session, a busy or failing server: keep it and try again later.
    const retry = a.status === 0 || a.status === 401 || a.status === 408 || a.status === 429 || a.status >= 500 || a.code === 'CSRF_REJECTED';
    // A photo the server refused (format, size): say which, in the message the list shows.
    const message = photo && !retry ? `照片「${photo.fileName}」上传失败：${a.message}` : a.message;
    const problem: OutboxProblem = {
      status: a.status,
      code: a.code,
      message,
      details: a.details.map((d) => ({ path: d.path, message: d.message })),
      at: new Date().toISOString(),
    };
    await update(clientId, (cur) => {
      if (cur.status !== 'queued') return null;
      const attempts = cur.attempts + 1;
      return retry
        ? { ...cur, attempts, nextAt: new Date(Date.now() + backoffMs(attempts)).toISOString(), problem }
        : { ...cur, attempts, status: 'refused', nextAt: null, problem };
    }).catch(() => {});
    if (!retry) return 'refused';
    return a.status === 0 ? 'offline' : 'retry';
  }
}

/**
 * Sends without a page asking: at start, when the phone comes back online (backoff ignored) and
 * every 15 s while something waits. It asks the server who is signed in and sends only that
 * user's records.
 */
export function startOutboxSync(): void {
  const run = async (force: boolean) => {
    if (!navigator.onLine || running) return;
    try {
      const all = await (await db()).getAll('outbox');
      const users = new Set(all.filter((e) => e.status === 'queued').map((e) => e.userId));
      if (users.size === 0) return;
      const me = await api.get<CurrentUser>('/api/auth/me');
      if (!users.has(me.id)) return;
      setCsrfToken(me.csrfToken);
      await flushOutbox(me.id, force);
    } catch {
      // Offline, signed out or IndexedDB unavailable: the next trigger tries again.
    }
  };
  window.addEventListener('online', () => void run(true));
  setTimeout(() => void run(false), 1_500);
  setInterval(() => document.visibilityState === 'visible' && void run(false), 15_000);
}

export type SubmitResult<T> = { state: 'sent'; answer: T } | { state: 'refused'; error: ApiError } | { state: 'queued' };

/**
 * A form's 提交: saved in the outbox first, then sent at once if the network allows. Sent: the
 * server's answer. Refused (4xx) while the user is still on the form: the entry goes back to
 * being the form's draft (same clientId) and the error is returned for the form to show. Else it
 * stays 待上传 and goes when the network returns.
 */
export async function submitViaOutbox<T>(e: NewEntry): Promise<SubmitResult<T>> {
  await enqueue(e);
  const r = await flushOutbox(e.userId, true);
  if (e.clientId in r.answers) return { state: 'sent', answer: r.answers[e.clientId] as T };
  const cur = await getOutboxEntry(e.clientId);
  if (cur?.status === 'refused' && cur.problem) {
    await takeBack(e.clientId);
    const p = cur.problem;
    return { state: 'refused', error: new ApiError(p.status, p.code, p.message, p.details) };
  }
  return { state: 'queued' };
}
