import {
  allowedBulletinActions,
  type BulletinAction,
  type BulletinKind,
  type BulletinParty,
  type BulletinState,
  bulletinActionLabels,
  bulletinBlock,
  bulletinKindLabels,
  bulletinNext,
  bulletinNumberWords,
  bulletinStateLabels,
  isBulletinOverdue,
} from '../../domain/bulletin.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { countBacklogBySchool } from '../dashboard/dashboard.repository.js';
import type { Db } from '../db/database.js';
import { scopedHazardFilter } from '../hazards/hazards.service.js';
import { shanghaiDayRange } from '../notices/notice-scope.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { findOrgUnit } from '../org/org.repository.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { type CitedDuty, type CitedReport, loadCitations } from './bulletin-citations.js';
import { bulletinScopeOf, canIssueBulletins, canSeeBulletin, loadLinkedRows, loadTargetUnit, schoolsOfUnit, type TargetUnit } from './bulletin-scope.js';
import * as repo from './bulletins.repository.js';
import { isUnitManager, unitManagerIds } from './unit-party.js';

export function toBulletinDto(b: repo.BulletinRecord, today: string) {
  return {
    id: b.id,
    number: b.number,
    kind: b.kind,
    kindLabel: bulletinKindLabels[b.kind],
    unitId: b.unit_id,
    unitName: b.unit_name,
    unitKind: b.unit_kind,
    issuerUnitId: b.issuer_unit_id,
    issuerUnitName: b.issuer_unit_name,
    issuerName: b.issuer_name,
    title: b.title,
    reason: b.reason,
    requirements: b.requirements,
    respondBy: b.respond_by,
    triggerData: b.trigger_data as TriggerData,
    state: b.state,
    stateLabel: bulletinStateLabels[b.state],
    issuedAt: b.issued_at.toISOString(),
    response: b.response,
    acknowledgedAt: b.acknowledged_at?.toISOString() ?? null,
    acknowledgedByName: b.acknowledged_by_name,
    closedAt: b.closed_at?.toISOString() ?? null,
    overdue: isBulletinOverdue({ state: b.state, respondBy: b.respond_by }, today),
    version: b.version,
  };
}

/** The unit's open hazard figures when the bulletin was issued: the data that triggered it. */
export type TriggerData = { asOf: string; open: number; overdue: number; major: number; listed: number };

async function triggerDataOf(db: Db, actor: Actor, unit: TargetUnit, today: string): Promise<TriggerData> {
  const schools = await schoolsOfUnit(db, actor.districtId, unit);
  const base = { ...scopedHazardFilter(actor, today), schoolIds: null, handedOverUnitId: undefined };
  const f = unit.kind === 'department' ? { ...base, responsibleUnitId: unit.id } : { ...base, schoolIds: schools };
  const rows = unit.kind !== 'department' && schools.length === 0 ? [] : await countBacklogBySchool(db, f);
  const sum = (k: 'open' | 'overdue' | 'major' | 'listed') => rows.reduce((n, r) => n + r[k], 0);
  return { asOf: today, open: sum('open'), overdue: sum('overdue'), major: sum('major'), listed: sum('listed') };
}

export type ListBulletinsInput = {
  unitId?: string | undefined;
  kind?: BulletinKind | undefined;
  state?: BulletinState | undefined;
  issuerUnitId?: string | undefined;
  /** Only those addressed to the actor's own unit. */
  mine?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
};

export async function listBulletins(db: Db, actor: Actor, input: ListBulletinsInput, now = new Date()) {
  const today = shanghaiDay(now);
  const { page, pageSize, from, to, mine, ...rest } = input;
  const range = shanghaiDayRange(from, to);
  const f: repo.BulletinFilter = { scope: bulletinScopeOf(actor), ...rest, from: range.from, to: range.to, addressedTo: mine ? actor.orgUnitId : undefined };
  const [rows, counts] = await Promise.all([repo.findBulletins(db, f, { offset: (page - 1) * pageSize, limit: pageSize }), repo.countBulletinStates(db, f)]);
  const total = input.state ? counts[input.state] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { items: rows.map((r) => toBulletinDto(r, today)), total, counts, page, pageSize, canIssue: canIssueBulletins(actor) };
}

/** A bulletin the actor may read, or 404 as if it did not exist (another district's, another school's). */
export async function loadVisibleBulletin(db: Db, actor: Actor, id: string) {
  const b = await repo.findBulletinById(db, actor.districtId, id);
  if (!b || !canSeeBulletin(actor, b)) throw notFound('通报');
  return b;
}

/** How the actor stands to a bulletin: the addressed unit's manager, and/or its issuer (the issuing unit, or the district admin). */
export function partiesOf(actor: Actor, b: { unit_id: string; issuer_unit_id: string }): Set<BulletinParty> {
  const p = new Set<BulletinParty>();
  if (isUnitManager(actor, b.unit_id)) p.add('unit');
  if (actor.role === 'district_admin' || (canIssueBulletins(actor) && actor.orgUnitId === b.issuer_unit_id)) p.add('issuer');
  return p;
}

export async function getBulletin(db: Db, actor: Actor, id: string, now = new Date()) {
  const b = await loadVisibleBulletin(db, actor, id);
  const [links, events] = await Promise.all([repo.findBulletinLinks(db, actor.districtId, id), repo.findBulletinEvents(db, actor.districtId, id)]);
  return {
    bulletin: toBulletinDto(b, shanghaiDay(now)),
    links: links.map((l) => ({ refType: l.ref_type, refId: l.ref_id, refKey: l.ref_key, label: l.label, detail: l.detail })),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: e.action === 'issue' ? '发出' : (bulletinActionLabels[e.action as BulletinAction] ?? e.action),
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      actorName: e.actor_name,
      at: e.at.toISOString(),
    })),
    actions: allowedBulletinActions(b.state, partiesOf(actor, b)),
  };
}

export type IssueBulletinInput = {
  kind: BulletinKind;
  unitId: string;
  title: string;
  reason: string;
  requirements: string;
  respondBy?: string | undefined;
  hazardIds: string[];
  taskIds: string[];
  /** Late, missing or returned reports (getReportStatus) and missed duty periods (the compliance calendar) cited. */
  reports?: CitedReport[] | undefined;
  duties?: CitedDuty[] | undefined;
};

/** 发出通报/约谈/挂牌督办: numbered in the issuer's yearly series, with its linked rows, the unit's figures, the inbox and the audit, in one transaction. */
export async function issueBulletin(app: AppContext, actor: Actor, input: IssueBulletinInput, now = new Date()) {
  const db = app.db;
  const unit = await loadTargetUnit(db, actor, input.unitId);
  const today = shanghaiDay(now);
  if (input.respondBy && input.respondBy < today) {
    throw new AppError('VALIDATION_FAILED', '反馈期限不能早于今天', [{ path: 'respondBy', message: '反馈期限不能早于今天' }]);
  }
  const links = [
    ...(await loadLinkedRows(db, actor, unit, input, today)),
    ...(await loadCitations(app, actor, unit, { reports: input.reports ?? [], duties: input.duties ?? [] }, now)),
  ];
  const issuer = await findOrgUnit(db, actor.districtId, actor.orgUnitId);
  if (!issuer) throw notFound('发出单位');
  const trigger = await triggerDataOf(db, actor, unit, today);
  const year = Number(today.slice(0, 4));
  const id = await db.transaction().execute(async (trx) => {
    const seq = await nextCounterValue(trx, actor.districtId, `bulletin:${issuer.id}:${year}`);
    const number = `${issuer.name}${bulletinNumberWords[input.kind]}〔${year}〕${seq}号`;
    const { id } = await repo.insertBulletin(trx, {
      district_id: actor.districtId,
      number,
      kind: input.kind,
      unit_id: unit.id,
      issuer_unit_id: issuer.id,
      issuer_user_id: actor.userId,
      issuer_name: actor.displayName,
      title: input.title,
      reason: input.reason,
      requirements: input.requirements,
      respond_by: input.respondBy ?? null,
      trigger_data: JSON.stringify(trigger),
      issued_at: now,
      acknowledged_at: null,
      acknowledged_by_name: null,
      closed_at: null,
    });
    await repo.insertBulletinLinks(
      trx,
      links.map((l) => ({ ...l, district_id: actor.districtId, bulletin_id: id })),
    );
    await repo.insertBulletinEvent(trx, event(actor, id, 'issue', 'issued', 'issued', input.reason, now));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'bulletin.issue',
      entityType: 'bulletin',
      entityId: id,
      orgUnitId: unit.id,
      summary: `对「${unit.name}」${bulletinKindLabels[input.kind]}：${input.title}（${number}，引用 ${links.length} 条记录）`,
      after: {
        number,
        kind: input.kind,
        unitId: unit.id,
        title: input.title,
        reason: input.reason,
        respondBy: input.respondBy ?? null,
        links: links.map((l) => ('ref_key' in l && l.ref_key ? `${l.ref_id}:${l.ref_key}` : l.ref_id)),
        trigger,
      },
    });
    await notifyUsers(trx, actor.districtId, await unitManagerIds(trx, actor.districtId, unit.id), {
      kind: 'bulletin_issued',
      title: `${issuer.name}对本单位${bulletinKindLabels[input.kind]}：${input.title}`,
      body: `${number}。请签收并反馈整改措施${input.respondBy ? `（${input.respondBy} 前）` : ''}`,
      entityType: 'bulletin',
      entityId: id,
    });
    return id;
  });
  return getBulletin(db, actor, id, now);
}

const event = (actor: Actor, bulletinId: string, action: string, from: string, to: string, note: string, at: Date) => ({
  district_id: actor.districtId,
  bulletin_id: bulletinId,
  action,
  from_state: from,
  to_state: to,
  note,
  actor_id: actor.userId,
  actor_name: actor.displayName,
  at,
});

/** One step of the bulletin's follow-up (table in domain/bulletin.ts); the acknowledgement's note is the unit's response. */
export async function actOnBulletin(db: Db, actor: Actor, id: string, action: BulletinAction, note: string, now = new Date()) {
  const b = await loadVisibleBulletin(db, actor, id);
  const block = bulletinBlock(action, b.state, partiesOf(actor, b));
  if (block) throw new AppError(block.code, block.message);
  const to = bulletinNext(action, b.state);
  await db.transaction().execute(async (trx) => {
    const patch =
      action === 'acknowledge'
        ? { state: to, response: note, acknowledged_at: now, acknowledged_by_name: actor.displayName }
        : action === 'close' || action === 'revoke'
          ? { state: to, closed_at: now }
          : { state: to };
    if (!(await repo.updateBulletinIfVersion(trx, actor.districtId, id, b.version, patch))) {
      throw new AppError('CONFLICT', '该通报刚被他人处理，请刷新后重试');
    }
    await repo.insertBulletinEvent(trx, event(actor, id, action, b.state, to, note, now));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: `bulletin.${action}`,
      entityType: 'bulletin',
      entityId: id,
      orgUnitId: b.unit_id,
      summary: `${bulletinActionLabels[action]}：${b.number}「${b.title}」`,
      before: { state: b.state },
      after: { state: to, note },
    });
    const toUnit = action !== 'acknowledge';
    const recipients = toUnit ? await unitManagerIds(trx, actor.districtId, b.unit_id) : [b.issuer_user_id];
    await notifyUsers(trx, actor.districtId, recipients, {
      kind: 'bulletin_update',
      title: `${b.number}：${bulletinActionLabels[action]}`,
      body: `${actor.displayName}：${note.length > 60 ? `${note.slice(0, 60)}…` : note}`,
      entityType: 'bulletin',
      entityId: id,
    });
  });
  return getBulletin(db, actor, id, now);
}
