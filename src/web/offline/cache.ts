import { ApiError } from '../api/client';
import { readCache, writeCache } from './db';

export type Cached<T> = { data: T; offline: boolean; savedAt?: string };

/**
 * Reference data a check needs to start (templates, schools, the policy pack): from the server
 * when it answers, else the copy saved the last time it did. Only a missing network falls back;
 * a refusal from the server (403, 404) is an answer and is shown as one.
 */
export async function cachedLoad<T>(key: string, load: () => Promise<T>): Promise<Cached<T>> {
  try {
    const data = await load();
    await writeCache(key, data).catch(() => {}); // a full or private-mode store must not break the page
    return { data, offline: false };
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) {
      const saved = await readCache<T>(key).catch(() => undefined);
      if (saved) return { data: saved.value, offline: true, savedAt: saved.savedAt };
    }
    throw err;
  }
}
