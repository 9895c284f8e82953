import { useCallback, useEffect, useState } from 'react';
import type { OrgUnitKind } from '../../domain/roles';
import { messageOf } from '../lib/errors';
import { api } from './client';
import type { OrgUnit } from './types';

export type Loadable<T> = { data: T | undefined; loading: boolean; error: string | null; reload: () => void };

/** Runs `load` when `key` changes; the latest answer wins so a slow old request cannot overwrite a new one. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loadable<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads.
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => live && setError(messageOf(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, loading, error, reload };
}

/** Organisation units the user may see, optionally of some kinds only. */
export function useOrgUnits(kinds: readonly OrgUnitKind[] = []): Loadable<OrgUnit[]> {
  return useLoad(() => api.get<{ items: OrgUnit[] }>('/api/org-units', { kind: kinds }).then((r) => r.items), kinds.join(','));
}
