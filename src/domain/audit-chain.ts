import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain per district: each event's hash covers its content and the
 * previous event's hash, so altering, removing or reordering any stored row breaks every link
 * after it. Content is serialised canonically (sorted keys) because jsonb does not keep key order.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedContent = {
  districtId: string;
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  orgUnitId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  ip: string;
};

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

export type ChainLink = ChainedContent & { prevHash: string; hash: string };

export type ChainBreak = { seq: number; reason: string };

/** Walks links in sequence order and returns the first one that does not hold, or null. */
export function findFirstBreak(links: Iterable<ChainLink>, start = { seq: 0, hash: GENESIS_HASH }): ChainBreak | null {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  for (const link of links) {
    if (link.seq !== expectedSeq) return { seq: expectedSeq, reason: `缺少第 ${expectedSeq} 条记录（下一条为第 ${link.seq} 条）` };
    if (link.prevHash !== prevHash) return { seq: link.seq, reason: '与上一条记录的哈希不衔接' };
    const { prevHash: _p, hash, ...content } = link;
    if (chainHash(prevHash, content) !== hash) return { seq: link.seq, reason: '记录内容与其哈希不符（记录被修改）' };
    prevHash = hash;
    expectedSeq += 1;
  }
  return null;
}
