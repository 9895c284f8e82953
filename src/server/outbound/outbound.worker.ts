import { backoffMs, MAX_ATTEMPTS } from '../../domain/outbound.js';
import type { Db } from '../db/database.js';
import * as repo from './outbound.repository.js';
import { type ChannelConfig, sendOne } from './outbound.senders.js';

/**
 * Delivers the outbox after commit: claims due rows atomically (see `claimDue`), sends each, and
 * records sent, a retry after backoff, or a dead letter after MAX_ATTEMPTS. A row is marked sent
 * right after the other side accepted it; only a crash between the two could send it again, and
 * then with the same idempotency key (webhooks: `X-Huxiao-Delivery`).
 */
const LEASE_MS = 2 * 60_000;
const BATCH = 20;
const POLL_MS = 15_000;

export type WorkerOptions = { baseUrl?: string | undefined; now?: () => Date };

const linkOf = (base: string | undefined, entityType: string, entityId: string): string => {
  if (!base) return '';
  const path =
    entityType === 'hazard' || entityType === 'notice' || entityType === 'inspection' || entityType === 'case'
      ? `/${entityType === 'case' ? 'cases' : `${entityType}s`}/${entityId}`
      : entityType === 'safety_period'
        ? '/safety-check-ins'
        : entityType === 'inspection_plan'
          ? '/plans'
          : '/';
  return `${base.replace(/\/$/, '')}${path}`;
};

async function deliverClaimed(db: Db, d: repo.ClaimedRow, opts: WorkerOptions): Promise<'sent' | 'pending' | 'dead'> {
  const now = opts.now ?? (() => new Date());
  const channel = await repo.findChannel(db, d.district_id, d.channel_id);
  let error = '';
  if (!channel?.is_active) error = '通道已停用';
  else {
    try {
      await sendOne(
        channel as ChannelConfig,
        {
          idempotencyKey: d.idempotency_key,
          districtId: d.district_id,
          eventKind: d.event_kind,
          recipient: d.recipient,
          message: { title: d.title, body: d.body, link: linkOf(opts.baseUrl, d.entity_type, d.entity_id) },
          entityType: d.entity_type,
          entityId: d.entity_id,
          occurredAt: new Date(d.created_at),
        },
        now(),
      );
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 500) || '发送失败';
    }
  }
  const at = now();
  if (!error) {
    await repo.finishClaim(db, d, { state: 'sent', lastError: '', sentAt: at });
    return 'sent';
  }
  const dead = d.attempts >= MAX_ATTEMPTS || !channel?.is_active;
  await repo.finishClaim(
    db,
    d,
    dead ? { state: 'dead', lastError: error } : { state: 'pending', lastError: error, nextAttemptAt: new Date(at.getTime() + backoffMs(d.attempts)) },
  );
  return dead ? 'dead' : 'pending';
}

/** One round: claim what is due and deliver it. Returns what happened (for logs and tests). */
export async function deliverDue(db: Db, opts: WorkerOptions = {}) {
  const now = (opts.now ?? (() => new Date()))();
  const claimed = await repo.claimDue(db, now, new Date(now.getTime() + LEASE_MS), BATCH);
  const result = { sent: 0, retry: 0, dead: 0 };
  for (const d of claimed) {
    const r = await deliverClaimed(db, d, opts);
    result[r === 'sent' ? 'sent' : r === 'dead' ? 'dead' : 'retry']++;
  }
  return result;
}

/** Claims and delivers one given row now (the test send); undefined when it was not due or is taken. */
export async function deliverNow(db: Db, districtId: string, id: string, opts: WorkerOptions = {}) {
  const now = (opts.now ?? (() => new Date()))();
  const [d] = await repo.claimDue(db, now, new Date(now.getTime() + LEASE_MS), 1, { districtId, id });
  return d ? deliverClaimed(db, d, opts) : undefined;
}

/** Polls the outbox every 15 s (and drains it while there is more). */
export function startOutboundWorker(db: Db, opts: WorkerOptions, log: (msg: string) => void): () => void {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      for (let round = 0; round < 50 && !stopped; round++) {
        const r = await deliverDue(db, opts);
        if (r.retry + r.dead > 0) log(`外发通知：发送 ${r.sent} 条，待重试 ${r.retry} 条，转入死信 ${r.dead} 条`);
        if (r.sent + r.retry + r.dead < BATCH) break;
      }
    } catch (e) {
      if (!stopped) log(`外发通知发送失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), POLL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
