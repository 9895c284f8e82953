import type { Kysely } from 'kysely';
import { isOptOutChannel } from '../../domain/outbound.js';
import type { Database } from '../db/schema.js';
import * as repo from './outbound.repository.js';

/** An inbox row just written (what `insertNotifications` returns). */
export type WrittenNotification = { id: string; user_id: string; kind: string; title: string; body: string; entity_type: string; entity_id: string };

/**
 * The outbox: called by `insertNotifications` in the caller's transaction with the rows it wrote,
 * so a delivery exists exactly when its notification does (a rolled-back change sends nothing).
 * A group robot or webhook gets one delivery per event (the same message to several users is one
 * event, keyed by its first notification's id); SMS gets one per recipient with a phone. A channel
 * of a unit (教管中心, school) gets the events whose recipients are homed in that unit or below.
 * A user's opt-out (their own settings) is respected: no SMS of that kind to them, and a group
 * message only when some recipient in the channel's unit has not opted out of it there.
 */
export async function enqueueOutbound(db: Kysely<Database>, districtId: string, written: readonly WrittenNotification[]): Promise<number> {
  if (!written.length) return 0;
  const channels = await repo.findRoutedChannels(db, districtId, [...new Set(written.map((w) => w.kind))]);
  if (!channels.length) return 0;
  const userIds = [...new Set(written.map((w) => w.user_id))];
  const users = new Map((await repo.findUsers(db, districtId, userIds)).map((u) => [u.id, u]));
  // Each user's own "do not send me this" (outbound_opt_out): channel kind and event kind.
  const optedOut = new Set((await repo.findOptOuts(db, districtId, userIds)).map((o) => `${o.user_id}|${o.channel_kind}|${o.event_kind}`));
  const wants = (userId: string, channelKind: string, kind: string) => !isOptOutChannel(channelKind) || !optedOut.has(`${userId}|${channelKind}|${kind}`);
  const needsTree = channels.some((c) => c.unit_id);
  const above = new Map<string, Set<string>>();
  if (needsTree) {
    for (const p of await repo.findAncestorPairs(db, districtId, [...new Set([...users.values()].map((u) => u.org_unit_id))])) {
      above.set(p.unit_id, (above.get(p.unit_id) ?? new Set()).add(p.ancestor_id));
    }
  }
  const inUnit = (userId: string, unitId: string | null) => {
    if (!unitId) return true;
    const u = users.get(userId);
    return Boolean(u && above.get(u.org_unit_id)?.has(unitId));
  };
  const events = new Map<string, WrittenNotification[]>();
  for (const w of written) {
    const key = [w.kind, w.entity_type, w.entity_id, w.title, w.body].join('\u0000');
    events.set(key, [...(events.get(key) ?? []), w]);
  }
  const rows = [];
  for (const c of channels) {
    for (const group of events.values()) {
      const first = group[0] as WrittenNotification;
      if (!c.event_kinds.includes(first.kind)) continue;
      const base = {
        district_id: districtId,
        channel_id: c.id,
        event_kind: first.kind,
        title: first.title,
        body: first.body,
        entity_type: first.entity_type,
        entity_id: first.entity_id,
      };
      if (c.kind === 'sms') {
        for (const w of group) {
          const phone = users.get(w.user_id)?.phone ?? '';
          if (phone && inUnit(w.user_id, c.unit_id) && wants(w.user_id, c.kind, w.kind))
            rows.push({ ...base, notification_id: w.id, idempotency_key: `n:${w.id}`, recipient: phone });
        }
      } else if (group.some((w) => inUnit(w.user_id, c.unit_id) && wants(w.user_id, c.kind, w.kind))) {
        rows.push({ ...base, notification_id: first.id, idempotency_key: `n:${first.id}` });
      }
    }
  }
  return rows.length ? repo.insertDeliveries(db, rows) : 0;
}
