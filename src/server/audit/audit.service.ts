import { policeOnlyEntityTypes } from '../../domain/audit-actions.js';
import { anchorMac, type ChainCursor, GENESIS_HASH, walkChain } from '../../domain/audit-chain.js';
import { forbidden } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { listAuditEvents as findAuditEvents, findLinkHash, listChainDistricts, readChainBatch } from './audit.repository.js';
import { readAnchors, type StoredAnchor } from './audit-anchors.js';
import { auditKey } from './audit-key.js';

export type ListAuditEventsInput = {
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  keyword?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
};

/** Roles that may read the trail: those who administer something. */
const auditReaders = new Set(['district_admin', 'centre_officer', 'principal']);

export async function listAuditEvents(db: Db, actor: Actor, input: ListAuditEventsInput) {
  if (!auditReaders.has(actor.role)) throw forbidden('只有管理人员可以查看操作日志');
  const write = actor.scope.write;
  const orgUnitIds = write.all ? null : [...write.ids];
  const { rows, total } = await findAuditEvents(
    db,
    { districtId: actor.districtId, orgUnitIds, ...input, hiddenEntityTypes: policeOnlyEntityTypes },
    { offset: (input.page - 1) * input.pageSize, limit: input.pageSize },
  );
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map((r) => ({
      seq: Number(r.seq),
      occurredAt: r.occurred_at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgUnitId: r.org_unit_id,
      summary: r.summary,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: r.ip,
      hash: r.hash,
    })),
  };
}

export type ChainReport = {
  districtId: string;
  events: number;
  anchors: number;
  ok: boolean;
  firstBreak: { seq: number; reason: string } | null;
};
export type AuditVerification = { districts: ChainReport[]; anchorFile: string; badAnchorLines: number[] };

/**
 * Recomputes every link of every district's chain, a batch at a time, with the audit key, and
 * compares every anchor line with the rows. Names the first broken place of each district.
 */
export async function verifyAuditChains(db: Db, config: Config, batchSize = 5000): Promise<AuditVerification> {
  const key = auditKey();
  const { anchors, bad } = readAnchors(config);
  const districts: ChainReport[] = [];
  for (const head of await listChainDistricts(db)) {
    const own = anchors.filter((a) => a.districtId === head.district_id);
    const breaks = [...(await anchorBreaks(db, key, own)), await chainBreak(db, key, head, sealOf(own)?.unkeyedUntil ?? 0, batchSize)];
    const firstBreak = breaks.filter((b) => b !== null).sort((a, b) => a.seq - b.seq)[0] ?? null;
    districts.push({ districtId: head.district_id, events: Number(head.seq), anchors: own.length, ok: firstBreak === null, firstBreak });
  }
  return { districts, anchorFile: config.auditAnchorFile, badAnchorLines: bad };
}

/** The district's seal: its first anchor, written when a keyed server first saw its chain. */
const sealOf = (own: StoredAnchor[]) => own.find((a) => a.reason === 'seal');

async function chainBreak(db: Db, key: Buffer, head: { district_id: string; seq: number; hash: string }, legacyUntil: number, batchSize: number) {
  let cursor: ChainCursor | undefined;
  for (;;) {
    const links = await readChainBatch(db, head.district_id, cursor?.seq ?? 0, batchSize);
    if (links.length === 0) break;
    const walked = walkChain(links, { key, legacyUntil }, cursor);
    if (walked.firstBreak) return walked.firstBreak;
    cursor = walked.cursor;
  }
  const seq = cursor?.seq ?? 0;
  if (seq !== Number(head.seq) || (cursor?.hash ?? GENESIS_HASH) !== head.hash) {
    return { seq: seq + 1, reason: `链尾不符：记录止于第 ${seq} 条，链头为第 ${head.seq} 条（记录被删除）` };
  }
  return null;
}

/** Every anchor line of a district: its MAC, and the row it names still carrying its hash. */
async function anchorBreaks(db: Db, key: Buffer, own: StoredAnchor[]) {
  const found: { seq: number; reason: string }[] = [];
  for (const a of own) {
    const where = `锚点文件第 ${a.line} 行（${a.reason}，${a.at}）`;
    if (a.mac !== anchorMac(key, a)) found.push({ seq: a.seq, reason: `${where}签名不符：锚点被改动或伪造，或密钥不是写入时的密钥` });
    else {
      const stored = await findLinkHash(db, a.districtId, a.seq);
      if (stored === undefined) found.push({ seq: a.seq, reason: `${where}记录了第 ${a.seq} 条，数据库中已没有这一条（记录被删除）` });
      else if (stored !== a.hash) found.push({ seq: a.seq, reason: `${where}与数据库中第 ${a.seq} 条的哈希不符（这一条或之前的记录被改写）` });
    }
  }
  return found;
}
