import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, OutboundChannelTable, OutboundDeliveryTable } from '../db/schema.js';

type Q = Kysely<Database>;

const channelColumns = ['id', 'name', 'kind', 'unit_id', 'url', 'secret', 'event_kinds', 'is_active', 'created_at', 'updated_at'] as const;

export async function findChannels(db: Q, districtId: string) {
  return db.selectFrom('outbound_channel').select(channelColumns).where('district_id', '=', districtId).orderBy('created_at').execute();
}
export type ChannelRow = Awaited<ReturnType<typeof findChannels>>[number];

export async function findChannel(db: Q, districtId: string, id: string) {
  return db.selectFrom('outbound_channel').select(channelColumns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

/** Active channels forwarding at least one of `kinds`. */
export async function findRoutedChannels(db: Q, districtId: string, kinds: readonly string[]) {
  return db
    .selectFrom('outbound_channel')
    .select(['id', 'kind', 'unit_id', 'event_kinds'])
    .where('district_id', '=', districtId)
    .where('is_active', '=', true)
    .where(sql<boolean>`event_kinds && ${sql.val([...kinds])}::text[]`)
    .execute();
}

export async function insertChannel(db: Q, row: Insertable<OutboundChannelTable>): Promise<string> {
  return (await db.insertInto('outbound_channel').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateChannel(db: Q, districtId: string, id: string, set: Partial<Insertable<OutboundChannelTable>>) {
  await db.updateTable('outbound_channel').set(set).where('district_id', '=', districtId).where('id', '=', id).execute();
}

/** Each user's home unit and phone. */
export async function findUsers(db: Q, districtId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('app_user').select(['id', 'org_unit_id', 'phone']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
}

/** Each unit with itself and every unit above it, as (unit, ancestor) pairs. */
export async function findAncestorPairs(db: Q, districtId: string, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  const r = await sql<{ unit_id: string; ancestor_id: string }>`
    with recursive up (unit_id, ancestor_id, parent_id) as (
      select id, id, parent_id from org_unit where district_id = ${districtId} and id in (${sql.join(unitIds)})
      union
      select up.unit_id, u.id, u.parent_id from up join org_unit u on u.district_id = ${districtId} and u.id = up.parent_id
    )
    select unit_id, ancestor_id from up`.execute(db);
  return r.rows;
}

/** Outbox rows; one already there for the same channel and key is left as it is. */
export async function insertDeliveries(db: Q, rows: readonly Insertable<OutboundDeliveryTable>[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const r = await db
      .insertInto('outbound_delivery')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['district_id', 'channel_id', 'idempotency_key']).doNothing())
      .returning('id')
      .execute();
    n += r.length;
  }
  return n;
}

const deliveryColumns = [
  'd.id',
  'd.district_id',
  'd.channel_id',
  'd.idempotency_key',
  'd.event_kind',
  'd.notification_id',
  'd.title',
  'd.body',
  'd.entity_type',
  'd.entity_id',
  'd.recipient',
  'd.state',
  'd.attempts',
  'd.next_attempt_at',
  'd.last_error',
  'd.sent_at',
  'd.created_at',
] as const;

/**
 * Claims up to `limit` due deliveries (of one district when given): pending ones whose time has
 * come, and ones whose sender's lease ran out (a crashed worker). One statement, `for update skip
 * locked`: two workers never get the same row; `attempts` is raised and is the claim's token.
 */
export async function claimDue(db: Q, now: Date, leaseUntil: Date, limit: number, only?: { districtId: string; id: string }) {
  const filter = only ? sql`and district_id = ${only.districtId} and id = ${only.id}` : sql``;
  const r = await sql<ClaimedRow>`
    update outbound_delivery d set state = 'sending', attempts = d.attempts + 1, lease_until = ${leaseUntil}
    from (
      select district_id, id from outbound_delivery
      where ((state = 'pending' and next_attempt_at <= ${now}) or (state = 'sending' and lease_until < ${now})) ${filter}
      order by next_attempt_at limit ${limit}
      for update skip locked
    ) c
    where d.district_id = c.district_id and d.id = c.id
    returning d.district_id, d.id, d.channel_id, d.idempotency_key, d.event_kind, d.title, d.body, d.entity_type, d.entity_id, d.recipient, d.attempts, d.created_at`.execute(
    db,
  );
  return r.rows;
}
export type ClaimedRow = {
  district_id: string;
  id: string;
  channel_id: string;
  idempotency_key: string;
  event_kind: string;
  title: string;
  body: string;
  entity_type: string;
  entity_id: string;
  recipient: string;
  attempts: number;
  created_at: Date;
};

/** Records the outcome of a claim; nothing changes when the claim was taken over (other attempts value). */
export async function finishClaim(db: Q, d: ClaimedRow, set: { state: 'sent' | 'pending' | 'dead'; lastError: string; nextAttemptAt?: Date; sentAt?: Date }) {
  const r = await db
    .updateTable('outbound_delivery')
    .set({
      state: set.state,
      last_error: set.lastError,
      lease_until: null,
      ...(set.nextAttemptAt && { next_attempt_at: set.nextAttemptAt }),
      ...(set.sentAt && { sent_at: set.sentAt }),
    })
    .where('district_id', '=', d.district_id)
    .where('id', '=', d.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type DeliveryFilter = { state?: string | undefined; channelId?: string | undefined; offset: number; limit: number };

export async function findDeliveries(db: Q, districtId: string, f: DeliveryFilter) {
  let q = db
    .selectFrom('outbound_delivery as d')
    .innerJoin('outbound_channel as c', (j) => j.onRef('c.district_id', '=', 'd.district_id').onRef('c.id', '=', 'd.channel_id'))
    .where('d.district_id', '=', districtId);
  if (f.state) q = q.where('d.state', '=', f.state as 'pending');
  if (f.channelId) q = q.where('d.channel_id', '=', f.channelId);
  const [rows, total, byState] = await Promise.all([
    q
      .select([...deliveryColumns, 'c.name as channel_name', 'c.kind as channel_kind'])
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('outbound_delivery')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('district_id', '=', districtId)
      .groupBy('state')
      .execute(),
  ]);
  return { rows, total: Number(total.n), byState: Object.fromEntries(byState.map((s) => [s.state, Number(s.n)])) as Record<string, number> };
}

export async function findDelivery(db: Q, districtId: string, id: string) {
  return db
    .selectFrom('outbound_delivery as d')
    .innerJoin('outbound_channel as c', (j) => j.onRef('c.district_id', '=', 'd.district_id').onRef('c.id', '=', 'd.channel_id'))
    .select([...deliveryColumns, 'c.name as channel_name', 'c.kind as channel_kind'])
    .where('d.district_id', '=', districtId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** A dead letter back in the queue, due now, with its attempts counted afresh; false when it was not dead. */
export async function requeueDead(db: Q, districtId: string, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('outbound_delivery')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, lease_until: null })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unitExists(db: Q, districtId: string, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('org_unit').select('id').where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst());
}

export async function insertDelivery(db: Q, row: Insertable<OutboundDeliveryTable>): Promise<string> {
  return (await db.insertInto('outbound_delivery').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/* ---- users' opt-outs (migration 0041) ---- */

export async function findOptOuts(db: Q, districtId: string, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db
    .selectFrom('outbound_opt_out')
    .select(['user_id', 'channel_kind', 'event_kind'])
    .where('district_id', '=', districtId)
    .where('user_id', 'in', userIds)
    .orderBy('channel_kind')
    .orderBy('event_kind')
    .execute();
}

/** The user's whole set of opt-outs replaced by `rows`. */
export async function replaceOptOuts(
  db: Q,
  districtId: string,
  userId: string,
  rows: readonly { channel_kind: 'wecom' | 'dingtalk' | 'sms'; event_kind: string }[],
) {
  await db.deleteFrom('outbound_opt_out').where('district_id', '=', districtId).where('user_id', '=', userId).execute();
  if (rows.length)
    await db
      .insertInto('outbound_opt_out')
      .values(rows.map((r) => ({ district_id: districtId, user_id: userId, ...r })))
      .execute();
}
