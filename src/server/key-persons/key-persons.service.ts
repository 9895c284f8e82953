import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  type FollowUpInput,
  isFollowUpOverdue,
  isKeyPersonRole,
  type KeyPersonStatus,
  keyPersonStatusLabels,
  maskIdNumber,
  type RiskLevel,
  riskLevelLabels,
  type SaveKeyPersonInput,
  type UpdateKeyPersonInput,
} from '../../domain/key-persons.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { packOf } from '../policy/policy.service.js';
import { writeKeyPersonNear } from './key-person-near.js';
import * as repo from './key-persons.repository.js';

/**
 * Key persons near schools (重点人员), police only. Every endpoint first refuses any role but the
 * police (403, before anything is read); a police officer sees the persons of their own station
 * and those whose nearest school is in their precinct (others answer 404). Every read (list and
 * detail) writes an audit row in the same transaction that reads, after the checks passed, so a
 * refused or invalid request writes nothing. ID numbers are masked in lists (last 4 shown).
 */
function assertPolice(actor: Actor) {
  if (!isKeyPersonRole(actor.role)) throw forbidden('重点人员信息仅限公安民警查看和维护');
}

export function scopeOf(actor: Actor): repo.KeyPersonScope {
  const read = actor.scope.read;
  return { districtId: actor.districtId, stationId: actor.orgUnitId, precinctSchoolIds: read.all ? [] : [...read.ids].filter((id) => id !== actor.orgUnitId) };
}

const categoryLabel = (pack: ResolvedPack, code: string) => pack.surroundings.keyPersonCategories.find((c) => c.code === code)?.label ?? code;

function summaryDto(pack: ResolvedPack, r: repo.KeyPersonRecord, today: string) {
  return {
    id: r.id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    categoryCode: r.category_code,
    categoryLabel: categoryLabel(pack, r.category_code),
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    riskLevel: r.risk_level,
    riskLevelLabel: riskLevelLabels[r.risk_level],
    officerUserId: r.officer_user_id,
    officerName: r.officer_name,
    status: r.status,
    statusLabel: keyPersonStatusLabels[r.status],
    stationName: r.station_name,
    nearestSchoolId: r.nearest_school_id,
    nearestSchoolName: r.nearest_school_name,
    nextFollowUpDue: r.next_follow_up_due,
    overdue: isFollowUpOverdue({ status: r.status, nextFollowUpDue: r.next_follow_up_due }, today),
    version: r.version,
  };
}

export type KeyPersonQuery = {
  page: number;
  pageSize: number;
  categoryCode?: string[] | undefined;
  riskLevel?: RiskLevel | undefined;
  status?: KeyPersonStatus | undefined;
  overdue?: boolean | undefined;
  mine?: boolean | undefined;
  schoolId?: string | undefined;
  keyword?: string | undefined;
};

const filterOf = (actor: Actor, q: Omit<KeyPersonQuery, 'page' | 'pageSize'>, today: string): repo.KeyPersonFilter => ({
  categoryCodes: q.categoryCode,
  riskLevel: q.riskLevel,
  status: q.status,
  overdueBefore: q.overdue ? today : undefined,
  officerUserId: q.mine ? actor.userId : undefined,
  schoolId: q.schoolId,
  keyword: q.keyword,
});

export async function listKeyPersons(app: AppContext, actor: Actor, q: KeyPersonQuery, now = new Date()) {
  assertPolice(actor);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const { page, pageSize, ...rest } = q;
  return app.db.transaction().execute(async (trx) => {
    const r = await repo.findKeyPersons(trx, scopeOf(actor), filterOf(actor, rest, today), pageSize, (page - 1) * pageSize);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'key_person.list',
      entityType: 'key_person',
      entityId: actor.orgUnitId,
      orgUnitId: actor.orgUnitId,
      summary: `查看重点人员列表（第 ${page} 页，${r.items.length} 人）`,
      after: { ids: r.items.map((i) => i.id) },
    });
    return {
      items: r.items.map((i) => summaryDto(pack, i, today)),
      total: r.total,
      page,
      pageSize,
      categories: pack.surroundings.keyPersonCategories.map((c) => ({ code: c.code, label: c.label, certainty: c.certainty, source: c.source })),
      followUpDays: pack.surroundings.keyPersonFollowUpDays,
      officers: (await repo.findStationOfficers(trx, actor.districtId, actor.orgUnitId)).map((o) => ({ id: o.id, name: o.display_name })),
    };
  });
}

/** The workbench's count: the same filter as the list's 「我负责的、走访已逾期」, read without personal data (no audit row). */
export async function countMyOverdueKeyPersons(app: AppContext, actor: Actor, now = new Date()): Promise<number> {
  assertPolice(actor);
  return repo.countKeyPersons(app.db, scopeOf(actor), filterOf(actor, { overdue: true, mine: true }, shanghaiDay(now)));
}

async function detailOf(db: Db, pack: ResolvedPack, actor: Actor, r: repo.KeyPersonRecord, today: string) {
  const [near, followUps] = await Promise.all([repo.findNear(db, actor.districtId, [r.id]), repo.findFollowUps(db, actor.districtId, r.id)]);
  return {
    ...summaryDto(pack, r, today),
    idNumber: r.id_number,
    controlMeasures: r.control_measures,
    note: r.note,
    updatedByName: r.updated_by_name,
    updatedAt: r.updated_at.toISOString(),
    near: near.map((n) => ({
      schoolId: n.school_id,
      schoolName: n.school_name,
      gateName: n.gate_name,
      fromSchoolPoint: n.from_school_point,
      distanceM: Math.round(n.distance_m * 10) / 10,
    })),
    followUps: followUps.map((f) => ({ id: f.id, date: f.follow_up_date, byName: f.by_name, content: f.content, nextDue: f.next_due })),
  };
}

export async function getKeyPerson(app: AppContext, actor: Actor, id: string, now = new Date()) {
  assertPolice(actor);
  const pack = await packOf(app, actor.districtId);
  return app.db.transaction().execute(async (trx) => {
    const r = await repo.findKeyPerson(trx, scopeOf(actor), id);
    if (!r) throw notFound('重点人员');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'key_person.read',
      entityType: 'key_person',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `查看重点人员档案（${maskIdNumber(r.id_number)}）`,
    });
    return { keyPerson: await detailOf(trx, pack, actor, r, shanghaiDay(now)) };
  });
}

async function assertInput(db: Db, pack: ResolvedPack, actor: Actor, i: SaveKeyPersonInput) {
  if (!pack.surroundings.keyPersonCategories.some((c) => c.code === i.categoryCode)) {
    throw new AppError('VALIDATION_FAILED', `人员类别「${i.categoryCode}」不在本区政策包中`, [{ path: 'categoryCode', message: '人员类别无效' }]);
  }
  const officers = await repo.findStationOfficers(db, actor.districtId, actor.orgUnitId);
  const officerId = i.officerUserId ?? actor.userId;
  const officer = officers.find((o) => o.id === officerId);
  if (!officer) throw new AppError('VALIDATION_FAILED', '责任民警必须是本派出所的民警', [{ path: 'officerUserId', message: '责任民警无效' }]);
  return officer;
}

const columnsOf = (i: SaveKeyPersonInput, officer: { id: string; display_name: string }) => ({
  name: i.name,
  id_number: i.idNumber,
  category_code: i.categoryCode,
  address: i.address,
  latitude: i.latitude,
  longitude: i.longitude,
  risk_level: i.riskLevel,
  officer_user_id: officer.id,
  officer_name: officer.display_name,
  control_measures: i.controlMeasures,
  status: i.status,
  note: i.note,
});

const pointOf = (i: { latitude: number | null; longitude: number | null }) =>
  i.latitude !== null && i.longitude !== null ? { lat: i.latitude, lng: i.longitude } : null;

/** The audit trail keeps what changed but never the ID number in clear (the trail is read by administrators). */
const auditView = (i: Partial<SaveKeyPersonInput>) => ({
  ...i,
  ...(i.idNumber !== undefined && { idNumber: maskIdNumber(i.idNumber) }),
  ...(i.name !== undefined && { name: '（已隐去）' }),
});

export async function createKeyPerson(app: AppContext, actor: Actor, input: SaveKeyPersonInput, now = new Date()) {
  assertPolice(actor);
  const pack = await packOf(app, actor.districtId);
  const officer = await assertInput(app.db, pack, actor, input);
  const id = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertKeyPerson(trx, {
      district_id: actor.districtId,
      station_unit_id: actor.orgUnitId,
      ...columnsOf(input, officer),
      next_follow_up_due: addDays(shanghaiDay(now), pack.surroundings.keyPersonFollowUpDays[input.riskLevel]),
      created_by: actor.userId,
      created_by_name: actor.displayName,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    await writeKeyPersonNear(trx, pack, actor.districtId, id, pointOf(input));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'key_person.create',
      entityType: 'key_person',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `登记重点人员（${maskIdNumber(input.idNumber)}，${categoryLabel(pack, input.categoryCode)}）`,
      after: auditView(input),
    });
    return id;
  });
  return getKeyPerson(app, actor, id, now);
}

export async function updateKeyPerson(app: AppContext, actor: Actor, id: string, input: UpdateKeyPersonInput, now = new Date()) {
  assertPolice(actor);
  const pack = await packOf(app, actor.districtId);
  const before = await repo.findKeyPerson(app.db, scopeOf(actor), id);
  if (!before) throw notFound('重点人员');
  const { version, ...values } = input;
  const officer = await assertInput(app.db, pack, actor, values);
  await app.db.transaction().execute(async (trx) => {
    if (
      !(await repo.updateKeyPersonIfVersion(trx, actor.districtId, id, version, {
        ...columnsOf(values, officer),
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
      }))
    ) {
      throw new AppError('CONFLICT', '该档案已被他人修改，请刷新后重试');
    }
    await writeKeyPersonNear(trx, pack, actor.districtId, id, pointOf(values));
    const old = {
      name: before.name,
      idNumber: before.id_number,
      categoryCode: before.category_code,
      address: before.address,
      latitude: before.latitude,
      longitude: before.longitude,
      riskLevel: before.risk_level,
      officerUserId: before.officer_user_id,
      controlMeasures: before.control_measures,
      status: before.status,
      note: before.note,
    };
    const changed = changedKeys(old, { ...values, officerUserId: officer.id });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'key_person.update',
      entityType: 'key_person',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `修改重点人员档案（${maskIdNumber(values.idNumber)}）：${changed.join('、') || '无变化'}`,
      before: auditView(pick(old, changed) as Partial<SaveKeyPersonInput>),
      after: auditView(pick({ ...values, officerUserId: officer.id }, changed) as Partial<SaveKeyPersonInput>),
    });
  });
  return getKeyPerson(app, actor, id, now);
}

/** A follow-up (走访记录): who, when, what, and the next one due (default: the pack's days for the risk level). */
export async function addKeyPersonFollowUp(app: AppContext, actor: Actor, id: string, input: FollowUpInput, now = new Date()) {
  assertPolice(actor);
  const pack = await packOf(app, actor.districtId);
  const person = await repo.findKeyPerson(app.db, scopeOf(actor), id);
  if (!person) throw notFound('重点人员');
  const today = shanghaiDay(now);
  if (input.date > today) throw new AppError('VALIDATION_FAILED', '走访日期不能晚于今天', [{ path: 'date', message: '走访日期不能晚于今天' }]);
  const nextDue = input.nextDue ?? addDays(input.date, pack.surroundings.keyPersonFollowUpDays[person.risk_level]);
  await app.db.transaction().execute(async (trx) => {
    const latest = await repo.latestFollowUpDate(trx, actor.districtId, id);
    const followUpId = await repo.insertFollowUp(trx, {
      district_id: actor.districtId,
      key_person_id: id,
      follow_up_date: input.date,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      content: input.content,
      next_due: nextDue,
    });
    // An older follow-up entered late does not move the due date back.
    if (latest === null || input.date >= latest) await repo.setNextDue(trx, actor.districtId, id, nextDue);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'key_person.follow_up',
      entityType: 'key_person',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `登记重点人员走访（${maskIdNumber(person.id_number)}，${input.date}，下次 ${nextDue}）`,
      after: { followUpId, date: input.date, nextDue },
    });
  });
  return getKeyPerson(app, actor, id, now);
}
