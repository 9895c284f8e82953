import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxEntry } from './outbox-types';
import type { LocalBlob, LocalDraft } from './types';

/**
 * The phone's own store (IndexedDB): inspection drafts, their photo and signature bytes, and
 * cached reference data (templates, schools, the policy pack) so a check can start and run
 * without a network. Nothing here is the record: the server's inspection is.
 */
type CacheEntry = { key: string; value: unknown; savedAt: string };

interface OfflineDB extends DBSchema {
  drafts: { key: string; value: LocalDraft; indexes: { byUser: string } };
  blobs: { key: string; value: LocalBlob; indexes: { byDraft: string } };
  cache: { key: string; value: CacheEntry };
  /** Records other than inspections (patrol logs, drills, education, trainings, gate log): see outbox.ts. */
  outbox: { key: string; value: OutboxEntry; indexes: { byUser: string } };
}

const DB_NAME = 'huxiao-offline';
let opening: Promise<IDBPDatabase<OfflineDB>> | null = null;

export function db(): Promise<IDBPDatabase<OfflineDB>> {
  opening ??= openDB<OfflineDB>(DB_NAME, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('drafts', { keyPath: 'clientId' }).createIndex('byUser', 'userId');
        d.createObjectStore('blobs', { keyPath: 'id' }).createIndex('byDraft', 'clientId');
        d.createObjectStore('cache', { keyPath: 'key' });
      }
      if (oldVersion < 2) d.createObjectStore('outbox', { keyPath: 'clientId' }).createIndex('byUser', 'userId');
    },
    // A newer tab wants to upgrade the schema: let it, and reopen on next use.
    blocking() {
      void opening?.then((d) => d.close());
      opening = null;
    },
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

// --- change notifications: pages re-read when sync or another tab changes the drafts ---

type Listener = () => void;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('huxiao-drafts');
channel?.addEventListener('message', () => {
  for (const l of listeners) l();
});

export function onDraftsChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
  channel?.postMessage('changed');
}

// --- drafts ---

export async function getDraft(clientId: string): Promise<LocalDraft | undefined> {
  return (await db()).get('drafts', clientId);
}

export async function listDrafts(userId: string): Promise<LocalDraft[]> {
  const all = await (await db()).getAllFromIndex('drafts', 'byUser', userId);
  return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** Every user's drafts on this phone (auto-sync looks for queued ones before asking who is signed in). */
export async function allDrafts(): Promise<LocalDraft[]> {
  return (await db()).getAll('drafts');
}

export async function putDraft(draft: LocalDraft): Promise<void> {
  await (await db()).put('drafts', draft);
  changed();
}

/**
 * Changes one draft inside a single transaction (read, change, write), so a sync that marks it
 * synced and an autosave of the same draft cannot overwrite each other's fields.
 * Returns the stored draft, or undefined when it no longer exists or `change` returned null.
 */
export async function updateDraft(clientId: string, change: (d: LocalDraft) => LocalDraft | null): Promise<LocalDraft | undefined> {
  const tx = (await db()).transaction('drafts', 'readwrite');
  const current = await tx.store.get(clientId);
  const next = current ? change(current) : null;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) changed();
  return next ?? undefined;
}

/** Removes a draft and its photos and signatures. */
export async function deleteDraft(clientId: string): Promise<void> {
  const tx = (await db()).transaction(['drafts', 'blobs'], 'readwrite');
  await tx.objectStore('drafts').delete(clientId);
  const blobs = tx.objectStore('blobs');
  for (const key of await blobs.index('byDraft').getAllKeys(clientId)) await blobs.delete(key);
  await tx.done;
  changed();
}

// --- photo and signature bytes ---

export async function putBlob(blob: LocalBlob): Promise<void> {
  await (await db()).put('blobs', blob);
}

export async function getBlob(id: string): Promise<LocalBlob | undefined> {
  return (await db()).get('blobs', id);
}

export async function deleteBlob(id: string): Promise<void> {
  await (await db()).delete('blobs', id);
}

export async function listBlobs(clientId: string): Promise<LocalBlob[]> {
  return (await db()).getAllFromIndex('blobs', 'byDraft', clientId);
}

/** Remembers the server's attachment id of an uploaded blob. */
export async function markBlobUploaded(id: string, attachmentId: string): Promise<void> {
  const tx = (await db()).transaction('blobs', 'readwrite');
  const blob = await tx.store.get(id);
  if (blob) await tx.store.put({ ...blob, attachmentId });
  await tx.done;
}

/** Drops the bytes of a synced draft: the server has them now. */
export async function deleteBlobsOf(clientId: string): Promise<void> {
  const tx = (await db()).transaction('blobs', 'readwrite');
  for (const key of await tx.store.index('byDraft').getAllKeys(clientId)) await tx.store.delete(key);
  await tx.done;
}

export const blobOf = (b: LocalBlob): Blob => new Blob([b.bytes], { type: b.type });

// --- cached reference data ---

export async function readCache<T>(key: string): Promise<{ value: T; savedAt: string } | undefined> {
  const entry = await (await db()).get('cache', key);
  return entry ? { value: entry.value as T, savedAt: entry.savedAt } : undefined;
}

export async function writeCache(key: string, value: unknown): Promise<void> {
  await (await db()).put('cache', { key, value, savedAt: new Date().toISOString() });
}
