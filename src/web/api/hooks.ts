import { useCallback, useEffect, useState } from 'react';
import { defaultHazardCategories, defaultHazardPlaces } from '../../domain/hazard';
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

export type HazardVocab = { categories: { code: string; label: string }[]; places: string[]; deadlineDays: { general: number; major: number } };

let vocab: Promise<HazardVocab> | undefined;

/**
 * The district's hazard categories and places from its policy pack (fetched once per page load);
 * the national defaults until it arrives, so forms never render empty.
 */
export function useHazardVocab(): HazardVocab {
  const [value, setValue] = useState<HazardVocab>(() => ({
    categories: defaultHazardCategories,
    places: [...defaultHazardPlaces],
    deadlineDays: { general: 30, major: 90 },
  }));
  useEffect(() => {
    vocab ??= api
      .get<{ hazardCategories: { code: string; label: string }[]; hazardPlaces: string[]; deadlineDays: { general: number; major: number } }>(
        '/api/policy-pack',
      )
      .then((p) => ({
        categories: p.hazardCategories.map(({ code, label }) => ({ code, label })),
        places: p.hazardPlaces.includes('其他') ? p.hazardPlaces : [...p.hazardPlaces, '其他'],
        deadlineDays: { general: p.deadlineDays.general, major: p.deadlineDays.major },
      }));
    let live = true;
    vocab
      .then((v) => live && setValue(v))
      .catch(() => {
        vocab = undefined; // try again on the next form
      });
    return () => {
      live = false;
    };
  }, []);
  return value;
}
