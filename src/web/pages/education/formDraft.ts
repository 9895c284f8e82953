import { useCallback, useMemo } from 'react';
import { newId } from '../../offline/ids';

/**
 * A form kept on the phone while it is filled in: every change is written to localStorage under
 * the user's name, so a closed tab, a dead battery or a lost signal loses nothing. The draft
 * carries its clientId, so sending it twice records it once (the server answers the first).
 */
export type Draft<T> = { clientId: string; values: T; savedAt: string };

export function useFormDraft<T>(kind: string, userId: string) {
  const key = `huxiao:${kind}-draft:${userId}`;
  const initial = useMemo((): Draft<T> | null => {
    try {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as Draft<T>) : null;
    } catch {
      return null;
    }
  }, [key]);
  const clientId = useMemo(() => initial?.clientId ?? newId(), [initial]);
  const save = useCallback(
    (values: T) => {
      try {
        localStorage.setItem(key, JSON.stringify({ clientId, values, savedAt: new Date().toISOString() }));
      } catch {
        // A full or disabled storage only loses the draft, never the form.
      }
    },
    [key, clientId],
  );
  const clear = useCallback(() => localStorage.removeItem(key), [key]);
  return { restored: initial, clientId, save, clear };
}
