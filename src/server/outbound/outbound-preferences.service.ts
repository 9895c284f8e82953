import { AppError } from '../../domain/errors.js';
import { notificationKindLabels, notificationKinds } from '../../domain/notification-kinds.js';
import { type OptOutChannel, optOutChannelLabels, optOutChannels } from '../../domain/outbound.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import * as repo from './outbound.repository.js';

/**
 * A user's own outbound settings: which kinds of events they do not want sent to them by SMS or
 * through the WeCom / DingTalk group robots. The in-platform inbox always gets them. The outbox
 * writer (outbound.enqueue.ts) reads these when it queues a delivery. Every user edits only their
 * own settings, audited.
 */
export type OptOut = { channel: OptOutChannel; kind: string };

export async function getMyOutboundPreferences(db: Db, actor: Actor) {
  const rows = await repo.findOptOuts(db, actor.districtId, [actor.userId]);
  return {
    channels: optOutChannels.map((c) => ({ code: c, label: optOutChannelLabels[c] })),
    kinds: notificationKinds.map((k) => ({ code: k, label: notificationKindLabels[k] })),
    optOuts: rows.map((r) => ({ channel: r.channel_kind, kind: r.event_kind })),
  };
}

export async function saveMyOutboundPreferences(db: Db, actor: Actor, input: { optOuts: OptOut[] }) {
  const known = new Set<string>(notificationKinds);
  const bad = input.optOuts.findIndex((o) => !known.has(o.kind));
  if (bad >= 0)
    throw new AppError('VALIDATION_FAILED', `事件类型「${input.optOuts[bad]?.kind}」无效`, [{ path: `optOuts.${bad}.kind`, message: '事件类型无效' }]);
  const unique = [...new Map(input.optOuts.map((o) => [`${o.channel}:${o.kind}`, o])).values()];
  await db.transaction().execute(async (trx) => {
    const before = await repo.findOptOuts(trx, actor.districtId, [actor.userId]);
    await repo.replaceOptOuts(
      trx,
      actor.districtId,
      actor.userId,
      unique.map((o) => ({ channel_kind: o.channel, event_kind: o.kind })),
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'user.outbound_preferences',
      entityType: 'user',
      entityId: actor.userId,
      orgUnitId: actor.orgUnitId,
      summary: `${actor.displayName}修改外发通知设置：${unique.length ? `不接收 ${unique.length} 项` : '全部接收'}`,
      before: { optOuts: before.map((r) => `${r.channel_kind}:${r.event_kind}`) },
      after: { optOuts: unique.map((o) => `${o.channel}:${o.kind}`) },
    });
  });
  return getMyOutboundPreferences(db, actor);
}
