import { createHash, createHmac } from 'node:crypto';

/**
 * The audit trail is a hash chain per district: each event's hash covers its content and the
 * previous event's hash, so altering, removing or reordering any stored row breaks every link
 * after it. Content is serialised canonically (sorted keys) because jsonb does not keep key order.
 *
 * Version 2 links are an HMAC-SHA256 keyed by a secret kept outside the database, so whoever can
 * write the database cannot recompute a consistent chain after rewriting a row. Version 1 links
 * (plain SHA-256) are the ones written before keying; they are accepted only as the prefix the
 * first anchor sealed (see `findFirstBreak`).
 */
export const GENESIS_HASH = '0'.repeat(64);
export const LEGACY_VERSION = 1;
export const KEYED_VERSION = 2;

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

/** A version 1 link: plain SHA-256, as written before the chain was keyed. */
export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** A version 2 link: HMAC-SHA256 with the audit key over the same input. */
export function keyedChainHash(key: Buffer, prevHash: string, content: ChainedContent): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

export type ChainLink = ChainedContent & { prevHash: string; hash: string; version: number };

export type ChainBreak = { seq: number; reason: string };

export type ChainCursor = { seq: number; hash: string; keyedSeen: boolean };

export type ChainOptions = {
  key: Buffer;
  /**
   * The last sequence number where an unkeyed (version 1) link may stand: the head sealed by the
   * district's first anchor; 0 when every link must be keyed.
   */
  legacyUntil: number;
};

/**
 * Walks links in sequence order from `start` and returns the first one that does not hold (or
 * null) and where the walk ended, so a long chain can be checked a batch at a time. An unkeyed
 * link after a keyed one, or beyond `legacyUntil`, is a downgrade: someone rewrote rows and
 * recomputed plain hashes.
 */
export function walkChain(
  links: Iterable<ChainLink>,
  opts: ChainOptions,
  start: ChainCursor = { seq: 0, hash: GENESIS_HASH, keyedSeen: false },
): { firstBreak: ChainBreak | null; cursor: ChainCursor } {
  const cursor = { ...start };
  const broken = (seq: number, reason: string) => ({ firstBreak: { seq, reason }, cursor });
  for (const link of links) {
    const expected = cursor.seq + 1;
    if (link.seq !== expected) return broken(expected, `缺少第 ${expected} 条记录（下一条为第 ${link.seq} 条）`);
    if (link.prevHash !== cursor.hash) return broken(link.seq, '与上一条记录的哈希不衔接');
    const { prevHash, hash, version, ...content } = link;
    if (version === LEGACY_VERSION) {
      if (cursor.keyedSeen || link.seq > opts.legacyUntil) return broken(link.seq, '未加密钥的记录出现在密钥启用之后（记录被改写并重算了哈希）');
      if (chainHash(prevHash, content) !== hash) return broken(link.seq, '记录内容与其哈希不符（记录被修改）');
    } else if (version === KEYED_VERSION) {
      if (keyedChainHash(opts.key, prevHash, content) !== hash) return broken(link.seq, '记录内容与其密钥哈希不符（记录被修改，或密钥不是写入时的密钥）');
      cursor.keyedSeen = true;
    } else return broken(link.seq, `未知的哈希版本 ${version}`);
    cursor.seq = link.seq;
    cursor.hash = hash;
  }
  return { firstBreak: null, cursor };
}

export const findFirstBreak = (links: Iterable<ChainLink>, opts: ChainOptions, start?: ChainCursor): ChainBreak | null =>
  walkChain(links, opts, start).firstBreak;

/**
 * An anchor: a district's chain head written out of the database (one JSON line in an
 * append-only file, and printed on the monthly briefing). Its MAC keeps an attacker without the
 * key from adding a matching line for a rewritten chain.
 */
export type AuditAnchor = {
  districtId: string;
  seq: number;
  hash: string;
  at: string;
  reason: 'seal' | 'daily' | 'briefing';
  /** On a seal: the last unkeyed (version 1) link of the district then, 0 if none. */
  unkeyedUntil?: number;
};

export const anchorMac = (key: Buffer, a: AuditAnchor): string =>
  createHmac('sha256', key)
    .update(canonicalJson({ districtId: a.districtId, seq: a.seq, hash: a.hash, at: a.at, reason: a.reason, unkeyedUntil: a.unkeyedUntil }))
    .digest('hex');

/** The short form printed on documents: enough to compare with the anchor file by eye. */
export const anchorLabel = (a: Pick<AuditAnchor, 'seq' | 'hash' | 'at'>): string => `操作日志锚点：第 ${a.seq} 条，${a.hash.slice(0, 16)}，${a.at}`;
