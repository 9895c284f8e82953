import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { deleteDraft, getDraft, listDrafts, onDraftsChanged } from './db';
import { getSyncState, onSyncState, type SyncState } from './sync';
import type { LocalDraft } from './types';

function subscribeOnline(cb: () => void): () => void {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** The browser's idea of the network (navigator.onLine and its events): offline is certain, online only likely. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

export function useSyncState(): SyncState {
  return useSyncExternalStore(onSyncState, getSyncState);
}

/** A synced inspection stays listed on the phone this long, then the server's list is enough. */
const KEEP_SYNCED_MS = 7 * 86_400_000;

export type LocalDrafts = { drafts: LocalDraft[] | undefined; error: string | null };

/** The user's drafts on this phone, re-read whenever sync or another tab changes them. */
export function useLocalDrafts(userId: string): LocalDrafts {
  const [drafts, setDrafts] = useState<LocalDraft[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const all = await listDrafts(userId);
      const old = all.filter((d) => d.status === 'synced' && Date.now() - Date.parse(d.syncedAt ?? d.updatedAt) > KEEP_SYNCED_MS);
      for (const d of old) await deleteDraft(d.clientId);
      setDrafts(all.filter((d) => !old.includes(d)));
      setError(null);
    } catch {
      setDrafts([]);
      setError('本机存储不可用（可能处于无痕模式），无法离线保存检查');
    }
  }, [userId]);
  useEffect(() => {
    void load();
    return onDraftsChanged(() => void load());
  }, [load]);
  return { drafts, error };
}

/** One draft from the phone's store; `null` when there is none. */
export function useLocalDraft(clientId: string): { draft: LocalDraft | null | undefined; reload: () => void } {
  const [draft, setDraft] = useState<LocalDraft | null | undefined>(undefined);
  const reload = useCallback(() => {
    getDraft(clientId)
      .then((d) => setDraft(d ?? null))
      .catch(() => setDraft(null));
  }, [clientId]);
  useEffect(() => {
    reload();
    return onDraftsChanged(reload);
  }, [reload]);
  return { draft, reload };
}
