import type { Insertable } from 'kysely';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import {
  canWritePremiseType,
  type PremiseStatus,
  premiseReaderRoles,
  premiseStatusLabels,
  type SavePremiseInput,
  type UpdatePremiseInput,
} from '../../domain/premises.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { lookAroundMetres, type ZoneBreach, zoneBreaches } from '../../domain/surroundings.js';
import { type AttachmentDto, linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { PremiseSchoolTable } from '../db/schema.js';
import { dispatchingRoles } from '../hazards/hazard-standing.js';
import { packOf } from '../policy/policy.service.js';
import { findGates } from './gates.repository.js';
import { gatesOf } from './gates.service.js';
import { gatesNear } from './gates-near.js';
import * as repo from './premises.repository.js';

/**
 * Premises near schools (周边场所, issue 11 "Zone and premises"). On every save the schools near
 * the premise are found (a latitude/longitude box in plain SQL, then geodesic distances in the
 * domain) and stored in premise_school with the zone rule each breaks, so lists and a school's
 * 周边 panel read stored rows. Distances are measured from the nearest gate of a school that has
 * gates on file (school_gate), otherwise from the school's own point (学校位置) and say so; a
 * change of a school's point or gates rewrites the rows in its transaction (gates.service).
 */

export type NearSchoolDto = {
  schoolId: string;
  schoolName: string;
  gateName: string;
  fromSchoolPoint: boolean;
  distanceM: number;
  breach: boolean;
  zoneCode: string | null;
  radiusM: number | null;
  message: string;
  openHazard: { id: string; code: string } | null;
};

export type PremiseDto = {
  id: string;
  typeCode: string;
  typeLabel: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  licenceNo: string;
  licenceExpiry: string | null;
  operatorName: string;
  contactPhone: string;
  departmentUnitId: string | null;
  departmentName: string | null;
  status: PremiseStatus;
  statusLabel: string;
  note: string;
  updatedByName: string;
  updatedAt: string;
  version: number;
  near: NearSchoolDto[];
  breachCount: number;
  canEdit: boolean;
  /** A breach turned into a hazard is handed over (交办) to the supervising department in the same step. */
  canHandOver: boolean;
  photos: AttachmentDto[];
};

export const typeLabel = (pack: ResolvedPack, code: string) => pack.surroundings.premiseTypes.find((t) => t.code === code)?.label ?? code;

type OpenHazard = { id: string; code: string; premise_id: string | null; school_id: string };

function toDto(
  pack: ResolvedPack,
  actor: Actor,
  ownType: string | null,
  p: repo.PremiseRecord,
  near: repo.PremiseSchoolRecord[],
  hazards: OpenHazard[],
  photos: AttachmentDto[],
): PremiseDto {
  const mine = near.filter((n) => n.premise_id === p.id);
  return {
    id: p.id,
    typeCode: p.type_code,
    typeLabel: typeLabel(pack, p.type_code),
    name: p.name,
    address: p.address,
    latitude: p.latitude,
    longitude: p.longitude,
    licenceNo: p.licence_no,
    licenceExpiry: p.licence_expiry,
    operatorName: p.operator_name,
    contactPhone: p.contact_phone,
    departmentUnitId: p.department_unit_id,
    departmentName: p.department_name,
    status: p.status,
    statusLabel: premiseStatusLabels[p.status],
    note: p.note,
    updatedByName: p.updated_by_name,
    updatedAt: p.updated_at.toISOString(),
    version: p.version,
    near: mine.map((n) => {
      const h = hazards.find((x) => x.premise_id === p.id && x.school_id === n.school_id);
      return {
        schoolId: n.school_id,
        schoolName: n.school_name,
        gateName: n.gate_name,
        fromSchoolPoint: n.from_school_point,
        distanceM: Math.round(n.distance_m * 10) / 10,
        breach: n.breach,
        zoneCode: n.zone_code,
        radiusM: n.radius_m,
        message: n.message,
        openHazard: h ? { id: h.id, code: h.code } : null,
      };
    }),
    breachCount: mine.filter((n) => n.breach).length,
    canEdit: canWritePremiseType(actor.role, ownType, supervisingType(pack, p.type_code)),
    canHandOver: p.department_unit_id !== null && dispatchingRoles.has(actor.role),
    photos,
  };
}

const supervisingType = (pack: ResolvedPack, code: string) => pack.surroundings.premiseTypes.find((t) => t.code === code)?.departmentType;

/** The department type of the actor's own unit (null when it is not a department). */
async function ownDepartmentType(db: Db, actor: Actor): Promise<string | null> {
  if (actor.role !== 'department_officer') return null;
  return (await repo.findUnit(db, actor.districtId, actor.orgUnitId))?.department_type ?? null;
}

function assertReader(actor: Actor) {
  if (!premiseReaderRoles.has(actor.role)) throw forbidden('学校只能在本校档案的“周边”中查看本校周边的场所');
}

async function dtosOf(db: Db, pack: ResolvedPack, actor: Actor, rows: repo.PremiseRecord[]) {
  const ids = rows.map((r) => r.id);
  const [near, hazards, own, photos] = await Promise.all([
    repo.findPremiseSchools(db, actor.districtId, ids),
    repo.findOpenPremiseHazards(db, actor.districtId, ids),
    ownDepartmentType(db, actor),
    listAttachmentsOf(db, actor.districtId, 'premise', ids),
  ]);
  return rows.map((r) => toDto(pack, actor, own, r, near, hazards, photos.get(r.id) ?? []));
}

export type PremiseQuery = {
  page: number;
  pageSize: number;
  typeCode?: string[] | undefined;
  breach?: boolean | undefined;
  parentId?: string | undefined;
  status?: PremiseStatus | undefined;
  keyword?: string | undefined;
};

export async function listPremises(app: AppContext, actor: Actor, q: PremiseQuery) {
  assertReader(actor);
  const pack = await packOf(app, actor.districtId);
  const { page, pageSize, typeCode, ...rest } = q;
  const r = await repo.findPremises(app.db, { districtId: actor.districtId, typeCodes: typeCode, ...rest }, pageSize, (page - 1) * pageSize);
  const own = await ownDepartmentType(app.db, actor);
  return {
    items: await dtosOf(app.db, pack, actor, r.items),
    total: r.total,
    page,
    pageSize,
    types: pack.surroundings.premiseTypes.map((t) => ({
      code: t.code,
      label: t.label,
      departmentType: t.departmentType,
      forbiddenWithin: t.forbiddenWithin ?? null,
      water: t.water,
      canWrite: canWritePremiseType(actor.role, own, t.departmentType),
    })),
    zones: pack.surroundings.zones.map((z) => ({ code: z.code, label: z.label, radiusM: z.radiusM })),
    canCreate: pack.surroundings.premiseTypes.some((t) => canWritePremiseType(actor.role, own, t.departmentType)),
  };
}

/**
 * The schools a map shows: those in the actor's read scope that have coordinates, each with its
 * gates (the zone circles are drawn around them), and the deployment's tile server if it names one
 * (MAP_TILE_URL; otherwise nothing is fetched from outside and the points stand alone).
 */
export async function listSurroundingsMap(app: AppContext, actor: Actor) {
  assertReader(actor);
  const schools = await repo.findSchoolPoints(app.db, actor.districtId, actor.scope.read.all ? null : [...actor.scope.read.ids]);
  const gates = await findGates(
    app.db,
    actor.districtId,
    schools.map((s) => s.id),
  );
  return {
    tileUrl: app.config.mapTileUrl ?? null,
    schools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      parentId: s.parent_id,
      lat: Number(s.latitude),
      lng: Number(s.longitude),
      gates: gates.filter((g) => g.school_id === s.id).map((g) => ({ name: g.name, isMain: g.is_main, lat: g.latitude, lng: g.longitude })),
      canEditGates: canWrite(actor.scope, s.id),
    })),
  };
}

/** The schools near a point and the rule a premise of this kind breaks there: the rows of premise_school. */
export async function computeNear(
  db: Db,
  pack: ResolvedPack,
  districtId: string,
  p: { id: string; typeCode: string; name: string; latitude: number; longitude: number; status: PremiseStatus },
): Promise<{ rows: Insertable<PremiseSchoolTable>[]; breaches: ZoneBreach[] }> {
  const policy = pack.surroundings;
  const point = { lat: p.latitude, lng: p.longitude };
  const gates = await gatesNear(db, districtId, point, lookAroundMetres(policy));
  const r = zoneBreaches({ ...point, typeCode: p.typeCode, name: p.name }, gates, policy);
  // A premise closed down (已关停) is kept on file, with its distances, but breaks nothing.
  const breaches = p.status === 'open' ? r.breaches : [];
  const rows = r.near.map((n) => {
    const b = breaches.find((x) => x.schoolId === n.schoolId);
    return {
      district_id: districtId,
      premise_id: p.id,
      school_id: n.schoolId,
      gate_name: n.gateName,
      from_school_point: n.fromSchoolPoint,
      distance_m: n.distanceM,
      breach: b !== undefined,
      zone_code: b?.zoneCode ?? null,
      radius_m: b?.radiusM ?? null,
      message: b?.message ?? '',
    };
  });
  return { rows, breaches };
}

export async function assertWritable(db: Db, pack: ResolvedPack, actor: Actor, typeCode: string) {
  const type = pack.surroundings.premiseTypes.find((t) => t.code === typeCode);
  if (!type) throw new AppError('VALIDATION_FAILED', `场所类型「${typeCode}」不在本区政策包中`, [{ path: 'typeCode', message: '场所类型无效' }]);
  if (!canWritePremiseType(actor.role, await ownDepartmentType(db, actor), type.departmentType)) {
    throw forbidden(actor.role === 'department_officer' ? `「${type.label}」不由本部门主管，不能登记或修改` : '周边场所由区教委、公安和主管部门登记');
  }
}

async function assertDepartment(db: Db, districtId: string, unitId: string | null) {
  if (!unitId) return;
  const unit = await repo.findUnit(db, districtId, unitId);
  if (!unit?.is_active || unit.kind !== 'department' || unit.department_type === 'commission_office') {
    throw new AppError('VALIDATION_FAILED', '主管部门必须是本区有效的职能部门', [{ path: 'departmentUnitId', message: '主管部门无效' }]);
  }
}

const columnsOf = (i: Omit<SavePremiseInput, 'attachmentIds'>) => ({
  type_code: i.typeCode,
  name: i.name,
  address: i.address,
  latitude: i.latitude,
  longitude: i.longitude,
  licence_no: i.licenceNo,
  licence_expiry: i.licenceExpiry,
  operator_name: i.operatorName,
  contact_phone: i.contactPhone,
  department_unit_id: i.departmentUnitId,
  status: i.status,
  note: i.note,
});

const auditView = (i: SavePremiseInput) => ({ ...i });

export async function createPremise(app: AppContext, actor: Actor, input: SavePremiseInput) {
  const pack = await packOf(app, actor.districtId);
  await assertWritable(app.db, pack, actor, input.typeCode);
  await assertDepartment(app.db, actor.districtId, input.departmentUnitId);
  const { id, breaches } = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertPremise(trx, {
      district_id: actor.districtId,
      ...columnsOf(input),
      created_by: actor.userId,
      created_by_name: actor.displayName,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    const near = await computeNear(trx, pack, actor.districtId, { id, ...input });
    await repo.replacePremiseSchools(trx, actor.districtId, id, near.rows);
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'premise', id, schoolId: null });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.create',
      entityType: 'premise',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `登记周边场所「${input.name}」（${typeLabel(pack, input.typeCode)}）${near.breaches.length ? `：${near.breaches.map((b) => b.message).join('；')}` : ''}`,
      after: { ...auditView(input), breaches: near.breaches.map((b) => b.message) },
    });
    return { id, breaches: near.breaches };
  });
  return { premise: await loadDto(app, pack, actor, id), breaches: breaches.map((b) => b.message) };
}

export async function updatePremise(app: AppContext, actor: Actor, id: string, input: UpdatePremiseInput) {
  const pack = await packOf(app, actor.districtId);
  assertReader(actor);
  const before = await repo.findPremiseById(app.db, actor.districtId, id);
  if (!before) throw notFound('周边场所');
  await assertWritable(app.db, pack, actor, before.type_code);
  if (input.typeCode !== before.type_code) await assertWritable(app.db, pack, actor, input.typeCode);
  await assertDepartment(app.db, actor.districtId, input.departmentUnitId);
  const { version, attachmentIds, ...values } = input;
  const breaches = await app.db.transaction().execute(async (trx) => {
    if (
      !(await repo.updatePremiseIfVersion(trx, actor.districtId, id, version, {
        ...columnsOf(values),
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
      }))
    ) {
      throw new AppError('CONFLICT', '该场所已被他人修改，请刷新后重试');
    }
    const near = await computeNear(trx, pack, actor.districtId, { id, ...values });
    await repo.replacePremiseSchools(trx, actor.districtId, id, near.rows);
    await linkAttachments(trx, actor, attachmentIds, { type: 'premise', id, schoolId: null });
    const old = {
      typeCode: before.type_code,
      name: before.name,
      address: before.address,
      latitude: before.latitude,
      longitude: before.longitude,
      licenceNo: before.licence_no,
      licenceExpiry: before.licence_expiry,
      operatorName: before.operator_name,
      contactPhone: before.contact_phone,
      departmentUnitId: before.department_unit_id,
      status: before.status,
      note: before.note,
    };
    const changed = changedKeys(old, values);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.update',
      entityType: 'premise',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `修改周边场所「${values.name}」：${changed.join('、') || '无变化'}${near.breaches.length ? `；${near.breaches.map((b) => b.message).join('；')}` : ''}`,
      before: pick(old, changed),
      after: { ...pick(values, changed), ...(attachmentIds.length && { attachmentIds }), breaches: near.breaches.map((b) => b.message) },
    });
    return near.breaches;
  });
  return { premise: await loadDto(app, pack, actor, id), breaches: breaches.map((b) => b.message) };
}

async function loadDto(app: AppContext, pack: ResolvedPack, actor: Actor, id: string): Promise<PremiseDto> {
  const row = await repo.findPremiseById(app.db, actor.districtId, id);
  if (!row) throw notFound('周边场所');
  return (await dtosOf(app.db, pack, actor, [row]))[0] as PremiseDto;
}

export async function getPremise(app: AppContext, actor: Actor, id: string) {
  assertReader(actor);
  return { premise: await loadDto(app, await packOf(app, actor.districtId), actor, id) };
}

/**
 * 重新计算: after schools' coordinates change (or a pack's zones do), the district admin rewrites
 * every premise's distances and breaches in one transaction.
 */
export async function recomputeSurroundings(app: AppContext, actor: Actor) {
  if (actor.role !== 'district_admin') throw forbidden('重新计算由区教委管理员执行');
  const pack = await packOf(app, actor.districtId);
  return app.db.transaction().execute(async (trx) => {
    const all = await repo.findAllPremisePoints(trx, actor.districtId);
    let breaches = 0;
    for (const p of all) {
      const near = await computeNear(trx, pack, actor.districtId, {
        id: p.id,
        typeCode: p.type_code,
        name: p.name,
        latitude: p.latitude,
        longitude: p.longitude,
        status: p.status,
      });
      await repo.replacePremiseSchools(trx, actor.districtId, p.id, near.rows);
      breaches += near.breaches.length;
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.recompute',
      entityType: 'premise',
      entityId: actor.districtId,
      orgUnitId: actor.orgUnitId,
      summary: `重新计算周边场所与学校的距离：${all.length} 个场所，${breaches} 处违规`,
    });
    return { premises: all.length, breaches };
  });
}

/** A school's 周边: the premises near it, nearest first, with distances and breaches (school roles: their own school only). */
export async function getSchoolSurroundings(app: AppContext, actor: Actor, schoolId: string) {
  // A scope of "the whole district" says nothing about a unit of another district: look the school up in the actor's.
  const unit = canRead(actor.scope, schoolId) ? await repo.findUnit(app.db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  const pack = await packOf(app, actor.districtId);
  const rows = await repo.findNearSchool(app.db, actor.districtId, schoolId);
  const hazards = await repo.findOpenPremiseHazards(
    app.db,
    actor.districtId,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => {
    const h = hazards.find((x) => x.premise_id === r.id && x.school_id === schoolId);
    return {
      premiseId: r.id,
      typeCode: r.type_code,
      typeLabel: typeLabel(pack, r.type_code),
      name: r.name,
      address: r.address,
      latitude: r.latitude,
      longitude: r.longitude,
      status: r.status,
      statusLabel: premiseStatusLabels[r.status],
      departmentName: r.department_name,
      gateName: r.gate_name,
      fromSchoolPoint: r.from_school_point,
      distanceM: Math.round(r.distance_m * 10) / 10,
      breach: r.breach,
      radiusM: r.radius_m,
      message: r.message,
      openHazard: h ? { id: h.id, code: h.code } : null,
    };
  });
  const breachCount = items.filter((i) => i.breach).length;
  return {
    schoolId,
    gates: await gatesOf(app.db, actor.districtId, schoolId),
    canEditGates: canWrite(actor.scope, schoolId),
    items,
    total: items.length,
    breachCount,
    counts: { breach: breachCount, openHazards: items.filter((i) => i.openHazard).length },
    zones: pack.surroundings.zones.map((z) => ({ code: z.code, label: z.label, radiusM: z.radiusM })),
  };
}
