import { deleteDraft, getDraft, listBlobs, putBlob, putDraft, updateDraft } from './db';
import { newId } from './ids';
import type { LocalDraft } from './types';

/** Takes a queued draft back for changes (it has not been sent yet). */
export const withdrawDraft = (clientId: string) =>
  updateDraft(clientId, (d) => (d.status === 'queued' ? { ...d, status: 'draft', updatedAt: new Date().toISOString() } : null));

/**
 * A conflicting copy saved as a new inspection (new clientId, photos and signature copied, to
 * be uploaded again): what the phone holds is never lost, and the user decides what to send.
 */
export async function copyAsNewDraft(clientId: string): Promise<string | null> {
  const source = await getDraft(clientId);
  if (!source) return null;
  const id = newId();
  const renamed = new Map<string, string>();
  for (const b of await listBlobs(clientId)) {
    const copy = newId();
    renamed.set(b.id, copy);
    await putBlob({ id: copy, clientId: id, kind: b.kind, fileName: b.fileName, type: b.type, bytes: b.bytes, createdAt: b.createdAt });
  }
  const now = new Date().toISOString();
  const keep = (ids: string[]) => ids.flatMap((x) => (renamed.has(x) ? [renamed.get(x) as string] : []));
  const draft: LocalDraft = {
    ...source,
    clientId: id,
    status: 'draft',
    answers: Object.fromEntries(Object.entries(source.answers).map(([code, a]) => [code, { ...a, photoIds: keep(a.photoIds) }])),
    signatures: source.signatures.flatMap((s) => (renamed.has(s.blobId) ? [{ ...s, blobId: renamed.get(s.blobId) as string }] : [])),
    createdAt: now,
    updatedAt: now,
  };
  delete draft.serverId;
  delete draft.syncedAt;
  delete draft.lastTriedAt;
  delete draft.problem;
  await putDraft(draft);
  return id;
}

export const discardDraft = (clientId: string) => deleteDraft(clientId);
