import { type Kysely, sql } from 'kysely';
import type { AuditAction, AuditEntityType } from '../../domain/audit-actions.js';
import { type ChainLink, GENESIS_HASH, KEYED_VERSION, keyedChainHash } from '../../domain/audit-chain.js';
import type { AuditActor } from '../auth/actor.js';
import type { Database } from '../db/schema.js';
import { auditKey } from './audit-key.js';

export type AuditEntry = {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  orgUnitId: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

// jsonb normalises what it stores (key order, Date → string); hash what will be read back.
const normalise = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/**
 * Appends one event to the district's chain. Must run inside the transaction of the change it
 * records: the head row lock serialises appenders per district, so links never fork.
 */
export async function appendAuditEvent(trx: Kysely<Database>, actor: AuditActor, entry: AuditEntry): Promise<number> {
  const districtId = actor.districtId;
  await trx
    .insertInto('audit_chain_head')
    .values({ district_id: districtId, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('district_id').doNothing())
    .execute();
  const head = await trx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('district_id', '=', districtId).forUpdate().executeTakeFirstOrThrow();
  const content = {
    districtId,
    seq: head.seq + 1,
    occurredAt: new Date(),
    actorId: actor.userId,
    actorName: actor.name,
    actorRole: actor.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    orgUnitId: entry.orgUnitId,
    summary: entry.summary,
    before: normalise(entry.before),
    after: normalise(entry.after),
    ip: actor.ip,
  };
  const hash = keyedChainHash(auditKey(), head.hash, content);
  await trx
    .insertInto('audit_event')
    .values({
      district_id: districtId,
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_id: content.actorId,
      actor_name: content.actorName,
      actor_role: content.actorRole,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      org_unit_id: content.orgUnitId,
      summary: content.summary,
      before: JSON.stringify(content.before),
      after: JSON.stringify(content.after),
      ip: content.ip,
      prev_hash: head.hash,
      hash,
      hash_version: KEYED_VERSION,
    })
    .execute();
  await trx.updateTable('audit_chain_head').set({ seq: content.seq, hash }).where('district_id', '=', districtId).execute();
  return content.seq;
}

export type AuditFilter = {
  districtId: string;
  orgUnitIds: readonly string[] | null; // null: the whole district
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  keyword?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entity types left out whatever the other filters say (the police-only ones). */
  hiddenEntityTypes?: readonly string[] | undefined;
};

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_event').where('district_id', '=', f.districtId);
  if (f.hiddenEntityTypes?.length) q = q.where('entity_type', 'not in', f.hiddenEntityTypes);
  if (f.orgUnitIds) q = f.orgUnitIds.length ? q.where('org_unit_id', 'in', f.orgUnitIds) : q.where(sql<boolean>`false`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('summary', 'ilike', like), eb('actor_name', 'ilike', like)]));
  }
  return q;
}

export async function listAuditEvents(db: Kysely<Database>, f: AuditFilter, page: { offset: number; limit: number }) {
  const [rows, total] = await Promise.all([
    filtered(db, f).selectAll().orderBy('seq', 'desc').offset(page.offset).limit(page.limit).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The stored hash of one link, to compare with an anchor. */
export async function findLinkHash(db: Kysely<Database>, districtId: string, seq: number): Promise<string | undefined> {
  const r = await db.selectFrom('audit_event').select('hash').where('district_id', '=', districtId).where('seq', '=', seq).executeTakeFirst();
  return r?.hash;
}

/** The last link written before keying (version 1), 0 when there is none. */
export async function lastUnkeyedSeq(db: Kysely<Database>, districtId: string): Promise<number> {
  const r = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('district_id', '=', districtId)
    .where('hash_version', '=', 1)
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}

export async function listChainDistricts(db: Kysely<Database>) {
  return db.selectFrom('audit_chain_head').select(['district_id', 'seq', 'hash']).orderBy('district_id').execute();
}

/** One batch of links in sequence order, for verification without loading the whole trail. */
export async function readChainBatch(db: Kysely<Database>, districtId: string, afterSeq: number, limit: number): Promise<ChainLink[]> {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    districtId: r.district_id,
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgUnitId: r.org_unit_id,
    summary: r.summary,
    before: r.before,
    after: r.after,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
    version: Number(r.hash_version),
  }));
}
