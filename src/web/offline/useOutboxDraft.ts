import { useCallback, useEffect, useState } from 'react';
import { newId } from './ids';
import { clearFormDraft, findFormDraft, saveFormDraft } from './outbox';
import type { OutboxKind } from './outbox-types';

export type Draft<T> = { clientId: string; values: T; savedAt: string };

/**
 * A form kept on the phone while it is filled in (the outbox's `draft` entry, IndexedDB): every
 * change is saved, so a closed tab, a dead battery or a lost signal loses nothing. The draft
 * carries the record's clientId, so however often it is sent the server records it once.
 * `legacyKey`: where an older version kept the draft in localStorage; moved here once.
 * Render the form only when `ready` (its initial values come from `restored`).
 */
export function useOutboxDraft<T>(kind: OutboxKind, userId: string, legacyKey?: string) {
  const [state, setState] = useState<{ ready: boolean; restored: Draft<T> | null; clientId: string }>({ ready: false, restored: null, clientId: '' });
  useEffect(() => {
    let live = true;
    void (async () => {
      let restored: Draft<T> | null = null;
      try {
        const raw = legacyKey ? localStorage.getItem(legacyKey) : null;
        if (legacyKey && raw) {
          localStorage.removeItem(legacyKey);
          const old = JSON.parse(raw) as Draft<T>;
          if (old?.clientId) {
            restored = old;
            await saveFormDraft(userId, kind, old.clientId, old.values);
          }
        }
      } catch {
        // An unreadable old copy is dropped.
      }
      restored ??= await findFormDraft<T>(userId, kind).catch(() => null);
      if (live) setState({ ready: true, restored, clientId: restored?.clientId ?? newId() });
    })();
    return () => {
      live = false;
    };
  }, [kind, userId, legacyKey]);
  const { clientId } = state;
  const save = useCallback(
    (values: T) => {
      // A full or private-mode store only loses the autosave, never the form.
      if (clientId) void saveFormDraft(userId, kind, clientId, values).catch(() => {});
    },
    [userId, kind, clientId],
  );
  const clear = useCallback(() => (clientId ? clearFormDraft(clientId).catch(() => {}) : Promise.resolve()), [clientId]);
  return { ...state, save, clear };
}
