import { submissionProblems } from '../../../domain/inspection';
import type { LocalDraft, SyncProblem } from '../../offline/types';

export type Problems = { byItem: Map<string, string[]>; signatures: string | undefined; other: string[] };

/** `items[3].result` or `items.3.result` → 3. */
const itemIndexOf = (path: string | undefined): number | null => {
  const m = /^items(?:\[(\d+)\]|\.(\d+))/.exec(path ?? '');
  return m ? Number(m[1] ?? m[2]) : null;
};

function group(draft: LocalDraft, list: { path?: string | undefined; message: string }[]): Problems {
  const byItem = new Map<string, string[]>();
  let signatures: string | undefined;
  const other: string[] = [];
  for (const p of list) {
    const index = itemIndexOf(p.path);
    const code = index === null ? undefined : draft.template.items[index]?.code;
    // On the item's own card, 「第 3 项「…」未填写检查结果」 reads 「未填写检查结果」.
    if (code) byItem.set(code, [...(byItem.get(code) ?? []), p.message.replace(/^第 \d+ 项(「[^」]*」)?[，,]?\s*/, '') || p.message]);
    else if (p.path?.startsWith('signatures')) signatures = p.message;
    else other.push(p.message);
  }
  return { byItem, signatures, other };
}

/** What stops a submission, checked on the phone with the server's own rule (domain/inspection.ts). */
export function localProblems(draft: LocalDraft): Problems {
  const items = draft.template.items.map((i) => {
    const a = draft.answers[i.code];
    const failed = a?.result === 'fail';
    return {
      code: i.code,
      result: a?.result ?? null,
      note: a?.note ?? '',
      attachmentIds: failed ? (a?.photoIds ?? []) : [],
      raiseHazard: failed && (a?.raiseHazard ?? false),
    };
  });
  const signatures = draft.signatures.map((s) => ({ name: s.name, role: s.role, attachmentId: s.blobId, signedAt: s.signedAt }));
  return group(draft, submissionProblems(draft.template.items, { items, signatures }));
}

/** The server's answer to the last sync, placed next to the items it names. */
export const serverProblems = (draft: LocalDraft, problem: SyncProblem): Problems => group(draft, problem.details);

export const problemCount = (p: Problems): number => [...p.byItem.values()].reduce((n, l) => n + l.length, 0) + (p.signatures ? 1 : 0) + p.other.length;
