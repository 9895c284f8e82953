import type { OutboxKind } from '../../offline/outbox-types';
import { useOutboxDraft } from '../../offline/useOutboxDraft';

export type { Draft } from '../../offline/useOutboxDraft';

/**
 * The education and training forms' drafts, kept in the phone's outbox (IndexedDB); the key an
 * older version used in localStorage is read once and moved there.
 */
export function useFormDraft<T>(kind: Extract<OutboxKind, 'education' | 'training'>, userId: string) {
  return useOutboxDraft<T>(kind, userId, `huxiao:${kind}-draft:${userId}`);
}
