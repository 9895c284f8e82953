import { findFirstBreak, GENESIS_HASH } from '../../domain/audit-chain.js';
import { forbidden } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { listAuditEvents as findAuditEvents, listChainDistricts, readChainBatch } from './audit.repository.js';

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
    { districtId: actor.districtId, orgUnitIds, ...input },
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

export type ChainReport = { districtId: string; events: number; ok: boolean; firstBreak: { seq: number; reason: string } | null };

/** Recomputes every link of every district's chain, a batch at a time. */
export async function verifyAuditChains(db: Db, batchSize = 5000): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  for (const head of await listChainDistricts(db)) {
    let cursor = { seq: 0, hash: GENESIS_HASH };
    let firstBreak: ChainReport['firstBreak'] = null;
    for (;;) {
      const links = await readChainBatch(db, head.district_id, cursor.seq, batchSize);
      if (links.length === 0) break;
      firstBreak = findFirstBreak(links, cursor);
      if (firstBreak) break;
      const last = links[links.length - 1] as (typeof links)[number];
      cursor = { seq: last.seq, hash: last.hash };
    }
    if (!firstBreak && (cursor.seq !== Number(head.seq) || cursor.hash !== head.hash)) {
      firstBreak = { seq: cursor.seq + 1, reason: `链尾不符：记录止于第 ${cursor.seq} 条，链头为第 ${head.seq} 条（记录被删除）` };
    }
    reports.push({ districtId: head.district_id, events: Number(head.seq), ok: firstBreak === null, firstBreak });
  }
  return reports;
}
