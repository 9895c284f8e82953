import type { Insertable, Updateable } from 'kysely';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  type CreateDeviceInput,
  type CreatePersonInput,
  canSeeBackgroundResults,
  type SiteInput,
  type UpdateDeviceInput,
  type UpdatePersonInput,
} from '../../domain/sanfang-inputs.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, type AuditActor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { SanfangDeviceTable, SanfangPersonTable } from '../db/schema.js';
import { findOrgUnit } from '../org/org.repository.js';
import type { AfterRegisterWrite } from './register-write.js';
import * as repo from './sanfang.repository.js';

/**
 * The 三防 register: people, devices and each school's perimeter. A school keeps its own; the
 * district and centre correct within their write scope; the police correct the schools of their
 * precinct (their read scope) — 三防 is police work as much as the commission's. Every change is
 * audited; background-check results are returned only to canSeeBackgroundResults roles, and every
 * read that returns them is audited too.
 */

export const canCorrect = (actor: Actor, schoolId: string) =>
  canWrite(actor.scope, schoolId) || (actor.role === 'police_officer' && canRead(actor.scope, schoolId));

export async function assertReadableSchool(db: Db, actor: Actor, schoolId: string) {
  const unit = await findOrgUnit(db, actor.districtId, schoolId);
  if (unit?.kind !== 'school' || !canRead(actor.scope, schoolId)) throw notFound('学校');
  return unit;
}

async function assertWritableSchool(db: Db, actor: Actor, schoolId: string) {
  const unit = await assertReadableSchool(db, actor, schoolId);
  if (!canCorrect(actor, schoolId)) throw forbidden('您只能查看该校的三防台账，不能修改');
  return unit;
}

export const scopedSchoolIds = (actor: Actor): string[] | null => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

export function toPersonDto(r: repo.PersonRecord, showResults: boolean) {
  return {
    id: r.id,
    schoolId: r.school_id,
    role: r.role,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    phone: r.phone,
    company: r.company,
    certificateNo: r.certificate_no,
    certificateExpiry: r.certificate_expiry,
    hireDate: r.hire_date,
    post: r.post,
    shift: r.shift,
    trained: r.trained,
    bgStatus: r.bg_status,
    bgDate: r.bg_date,
    /** null with bgResultHidden: the reader's role may not see results (canSeeBackgroundResults). */
    bgResult: showResults ? r.bg_result : null,
    bgBy: showResults ? r.bg_by : '',
    bgResultHidden: !showResults,
    active: r.active,
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
export type PersonDto = ReturnType<typeof toPersonDto>;

export function toDeviceDto(r: repo.DeviceRecord) {
  return {
    id: r.id,
    schoolId: r.school_id,
    kind: r.kind,
    name: r.name,
    location: r.location,
    place: r.place,
    facingGate: r.facing_gate,
    retentionDays: r.retention_days,
    networked: r.networked,
    linked110: r.linked_110,
    mainGate: r.main_gate,
    antiRam: r.anti_ram,
    separated: r.separated,
    item: r.item,
    quantity: r.quantity,
    working: r.working,
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
export type DeviceDto = ReturnType<typeof toDeviceDto>;

export function toSiteDto(r: repo.SiteRecord | undefined) {
  if (!r) return null;
  return {
    location: r.location,
    perimeterType: r.perimeter_type,
    wallHeightM: r.wall_height_m === null ? null : Number(r.wall_height_m),
    antiClimb: r.anti_climb,
    closedManagement: r.closed_management,
    policeRoom: r.police_room,
    parentsWaitingArea: r.parents_waiting_area,
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Audits a read that returned background-check results (who read whose), in its own transaction.
 * Nothing is written when the reader may not see results or none of the rows has one.
 */
export async function auditBackgroundRead(db: Db, actor: Actor, persons: repo.PersonRecord[], where: string) {
  if (!canSeeBackgroundResults(actor.role)) return;
  const withResults = persons.filter((p) => p.bg_result !== null);
  if (!withResults.length) return;
  const schools = [...new Set(withResults.map((p) => p.school_id))];
  await db.transaction().execute((trx) =>
    appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.background_read',
      entityType: 'sanfang_person',
      entityId: withResults.length === 1 ? (withResults[0] as repo.PersonRecord).id : `${withResults.length}`,
      orgUnitId: schools.length === 1 ? (schools[0] as string) : actor.districtId,
      summary: `查看背景审查结果（${where}）：${withResults.length} 人`,
      after: { personIds: withResults.map((p) => p.id).slice(0, 200), schools: schools.length },
    }),
  );
}

export type PersonFilter = { schoolId?: string | undefined; role?: string | undefined };

export async function listPersons(db: Db, actor: Actor, f: PersonFilter) {
  if (f.schoolId) await assertReadableSchool(db, actor, f.schoolId);
  const rows = await repo.findPersons(db, { districtId: actor.districtId, schoolIds: f.schoolId ? [f.schoolId] : scopedSchoolIds(actor), role: f.role });
  await auditBackgroundRead(db, actor, rows, '三防人员列表');
  const show = canSeeBackgroundResults(actor.role);
  return { items: rows.map((r) => toPersonDto(r, show)), total: rows.length };
}

const personColumns = (p: Partial<CreatePersonInput>): Updateable<SanfangPersonTable> => ({
  ...(p.role !== undefined && { role: p.role }),
  ...(p.name !== undefined && { name: p.name }),
  ...(p.gender !== undefined && { gender: p.gender }),
  ...(p.birthDate !== undefined && { birth_date: p.birthDate }),
  ...(p.phone !== undefined && { phone: p.phone }),
  ...(p.company !== undefined && { company: p.company }),
  ...(p.certificateNo !== undefined && { certificate_no: p.certificateNo }),
  ...(p.certificateExpiry !== undefined && { certificate_expiry: p.certificateExpiry }),
  ...(p.hireDate !== undefined && { hire_date: p.hireDate }),
  ...(p.post !== undefined && { post: p.post }),
  ...(p.shift !== undefined && { shift: p.shift }),
  ...(p.trained !== undefined && { trained: p.trained }),
  ...(p.bgStatus !== undefined && { bg_status: p.bgStatus }),
  ...(p.bgDate !== undefined && { bg_date: p.bgDate }),
  ...(p.bgResult !== undefined && { bg_result: p.bgResult }),
  ...(p.bgBy !== undefined && { bg_by: p.bgBy }),
  ...(p.active !== undefined && { active: p.active }),
  ...(p.note !== undefined && { note: p.note }),
});

function assertBackgroundWrite(actor: Actor, input: Partial<CreatePersonInput>) {
  if ((input.bgResult !== undefined && input.bgResult !== null) || (input.bgBy !== undefined && input.bgBy !== '')) {
    if (!canSeeBackgroundResults(actor.role)) throw forbidden('背景审查结果只能由区教委、公安或校长登记');
  }
  if (input.bgResult && input.bgStatus && input.bgStatus !== 'done') {
    throw new AppError('VALIDATION_FAILED', '只有“已审查”才能填写审查结果', [{ path: 'bgResult', message: '状态不是已审查' }]);
  }
}

/** What the audit trail keeps of a person: never the background result itself, only that it changed. */
const auditablePerson = (d: PersonDto) => {
  const { bgResult: _r, bgBy: _b, bgResultHidden: _h, version: _v, updatedAt: _u, ...rest } = d;
  return rest;
};

export async function insertPersonWithAudit(
  trx: Db,
  who: AuditActor,
  districtId: string,
  input: CreatePersonInput,
  action: 'sanfang.person_create' | 'sanfang.import' = 'sanfang.person_create',
) {
  const [row] = await repo.insertPersons(trx, [
    { district_id: districtId, school_id: input.schoolId, ...personColumns(input) } as Insertable<SanfangPersonTable>,
  ]);
  const dto = toPersonDto(row as repo.PersonRecord, true);
  await appendAuditEvent(trx, who, {
    action,
    entityType: 'sanfang_person',
    entityId: dto.id,
    orgUnitId: input.schoolId,
    summary: `登记三防人员「${input.name}」`,
    after: { ...auditablePerson(dto), bgResultRecorded: dto.bgResult !== null },
  });
  return row as repo.PersonRecord;
}

export async function createPerson(db: Db, actor: Actor, input: CreatePersonInput, after?: AfterRegisterWrite) {
  await assertWritableSchool(db, actor, input.schoolId);
  assertBackgroundWrite(actor, input);
  const row = await db.transaction().execute(async (trx) => {
    const r = await insertPersonWithAudit(trx, auditActorOf(actor), actor.districtId, input);
    await after?.(trx, r.school_id);
    return r;
  });
  return toPersonDto(row, canSeeBackgroundResults(actor.role));
}

export async function updatePerson(db: Db, actor: Actor, id: string, input: UpdatePersonInput & { version?: number }, afterWrite?: AfterRegisterWrite) {
  const before = await repo.findPerson(db, actor.districtId, id);
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('人员');
  if (!canCorrect(actor, before.school_id)) throw forbidden('您只能查看该校的三防台账，不能修改');
  assertBackgroundWrite(actor, { ...input, bgStatus: input.bgStatus ?? (before.bg_status as CreatePersonInput['bgStatus']) });
  return db.transaction().execute(async (trx) => {
    const after = await repo.updatePersonIfVersion(trx, actor.districtId, id, before.version, personColumns(input));
    if (!after) throw new AppError('CONFLICT', '该记录已被他人修改，请刷新后重试');
    const b = auditablePerson(toPersonDto(before, true));
    const a = auditablePerson(toPersonDto(after, true));
    const changed = changedKeys(b, a);
    const resultChanged = before.bg_result !== after.bg_result || before.bg_by !== after.bg_by;
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.person_update',
      entityType: 'sanfang_person',
      entityId: id,
      orgUnitId: before.school_id,
      summary: `修改三防人员「${after.name}」：${[...changed, ...(resultChanged ? ['背景审查结果'] : [])].join('、') || '无变化'}`,
      before: pick(b, changed),
      after: { ...pick(a, changed), ...(resultChanged && { bgResultChanged: true }) },
    });
    await afterWrite?.(trx, after.school_id);
    return toPersonDto(after, canSeeBackgroundResults(actor.role));
  });
}

export type DeviceFilter = { schoolId?: string | undefined; kind?: string | undefined };

export async function listDevices(db: Db, actor: Actor, f: DeviceFilter) {
  if (f.schoolId) await assertReadableSchool(db, actor, f.schoolId);
  const rows = await repo.findDevices(db, { districtId: actor.districtId, schoolIds: f.schoolId ? [f.schoolId] : scopedSchoolIds(actor), kind: f.kind });
  return { items: rows.map(toDeviceDto), total: rows.length };
}

const deviceColumns = (d: Partial<CreateDeviceInput>): Updateable<SanfangDeviceTable> => ({
  ...(d.kind !== undefined && { kind: d.kind }),
  ...(d.name !== undefined && { name: d.name }),
  ...(d.location !== undefined && { location: d.location }),
  ...(d.place !== undefined && { place: d.place }),
  ...(d.facingGate !== undefined && { facing_gate: d.facingGate }),
  ...(d.retentionDays !== undefined && { retention_days: d.retentionDays }),
  ...(d.networked !== undefined && { networked: d.networked }),
  ...(d.linked110 !== undefined && { linked_110: d.linked110 }),
  ...(d.mainGate !== undefined && { main_gate: d.mainGate }),
  ...(d.antiRam !== undefined && { anti_ram: d.antiRam }),
  ...(d.separated !== undefined && { separated: d.separated }),
  ...(d.item !== undefined && { item: d.item }),
  ...(d.quantity !== undefined && { quantity: d.quantity }),
  ...(d.working !== undefined && { working: d.working }),
  ...(d.note !== undefined && { note: d.note }),
});

export async function insertDeviceWithAudit(
  trx: Db,
  who: AuditActor,
  districtId: string,
  input: CreateDeviceInput,
  action: 'sanfang.device_create' | 'sanfang.import' = 'sanfang.device_create',
) {
  const [row] = await repo.insertDevices(trx, [
    { district_id: districtId, school_id: input.schoolId, ...deviceColumns(input) } as Insertable<SanfangDeviceTable>,
  ]);
  const dto = toDeviceDto(row as repo.DeviceRecord);
  await appendAuditEvent(trx, who, {
    action,
    entityType: 'sanfang_device',
    entityId: dto.id,
    orgUnitId: input.schoolId,
    summary: `登记三防设施「${input.name}」`,
    after: dto,
  });
  return row as repo.DeviceRecord;
}

export async function createDevice(db: Db, actor: Actor, input: CreateDeviceInput, after?: AfterRegisterWrite) {
  await assertWritableSchool(db, actor, input.schoolId);
  const row = await db.transaction().execute(async (trx) => {
    const r = await insertDeviceWithAudit(trx, auditActorOf(actor), actor.districtId, input);
    await after?.(trx, r.school_id);
    return r;
  });
  return toDeviceDto(row);
}

export async function updateDevice(db: Db, actor: Actor, id: string, input: UpdateDeviceInput, afterWrite?: AfterRegisterWrite) {
  const before = await repo.findDevice(db, actor.districtId, id);
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('设施');
  if (!canCorrect(actor, before.school_id)) throw forbidden('您只能查看该校的三防台账，不能修改');
  return db.transaction().execute(async (trx) => {
    const after = await repo.updateDeviceIfVersion(trx, actor.districtId, id, before.version, deviceColumns(input));
    if (!after) throw new AppError('CONFLICT', '该记录已被他人修改，请刷新后重试');
    const b = toDeviceDto(before);
    const a = toDeviceDto(after);
    const changed = changedKeys(b, a).filter((k) => k !== 'version' && k !== 'updatedAt');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.device_update',
      entityType: 'sanfang_device',
      entityId: id,
      orgUnitId: before.school_id,
      summary: `修改三防设施「${a.name}」：${changed.join('、') || '无变化'}`,
      before: pick(b, changed),
      after: pick(a, changed),
    });
    await afterWrite?.(trx, before.school_id);
    return a;
  });
}

export async function saveSite(db: Db, actor: Actor, schoolId: string, input: SiteInput, afterWrite?: AfterRegisterWrite) {
  await assertWritableSchool(db, actor, schoolId);
  const [existing] = await repo.findSites(db, actor.districtId, [schoolId]);
  const before = toSiteDto(existing);
  return db.transaction().execute(async (trx) => {
    const row = await repo.upsertSite(
      trx,
      {
        district_id: actor.districtId,
        school_id: schoolId,
        ...(input.location !== undefined && { location: input.location }),
        ...(input.perimeterType !== undefined && { perimeter_type: input.perimeterType }),
        ...(input.wallHeightM !== undefined && { wall_height_m: input.wallHeightM }),
        ...(input.antiClimb !== undefined && { anti_climb: input.antiClimb }),
        ...(input.closedManagement !== undefined && { closed_management: input.closedManagement }),
        ...(input.policeRoom !== undefined && { police_room: input.policeRoom }),
        ...(input.parentsWaitingArea !== undefined && { parents_waiting_area: input.parentsWaitingArea }),
        ...(input.note !== undefined && { note: input.note }),
      },
      (existing?.version ?? 0) + 1,
    );
    const after = toSiteDto(row);
    const changed = before && after ? changedKeys(before, after).filter((k) => k !== 'version' && k !== 'updatedAt') : Object.keys(input);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.site_update',
      entityType: 'sanfang_site',
      entityId: schoolId,
      orgUnitId: schoolId,
      summary: `修改周界与封闭管理：${changed.join('、') || '无变化'}`,
      before: before ? pick(before, changed as (keyof typeof before)[]) : null,
      after: after ? pick(after, changed as (keyof typeof after)[]) : null,
    });
    await afterWrite?.(trx, schoolId);
    return after;
  });
}
