import type { Insertable, Updateable } from 'kysely';
import {
  type AppraisalGrade,
  appraisalDueOn,
  appraisalOverdue,
  assessmentDueOn,
  assessmentOverdue,
  type BuildingFact,
  type FireFacilityFact,
  type FireFacilityKind,
  type FireUnitFact,
  isDangerous,
  maintenanceDueOn,
  maintenanceProblem,
} from '../../domain/buildings.js';
import {
  type CreateBuildingInput,
  type CreateFireFacilityInput,
  type FireUnitInput,
  maintenanceDatesProblem,
  type UpdateBuildingInput,
  type UpdateFireFacilityInput,
} from '../../domain/buildings-inputs.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack, SanfangRule } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, type AuditActor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { SanfangBuildingTable, SanfangFireFacilityTable } from '../db/schema.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './buildings.repository.js';
import type { AfterRegisterWrite } from './register-write.js';
import { assertReadableSchool, canCorrect } from './sanfang.service.js';

/**
 * 校舍 and fire facilities of the 三防 register: the same write rule as the rest of the register
 * (the school keeps its own; district, centre and the precinct's police correct), every change
 * audited in its transaction. Reads add what the pack's rules make of each record: the next
 * appraisal, 危房, the next maintenance and why a facility fails.
 */

type Rule<C extends SanfangRule['code']> = Extract<SanfangRule, { code: C }>;
const ruleOf = <C extends SanfangRule['code']>(pack: ResolvedPack, code: C) => pack.sanfang.find((r) => r.code === code) as Rule<C> | undefined;
/** The defaults when a district retires a rule: the national cycle still dates the records. */
const appraisalRule = (pack: ResolvedPack) => ruleOf(pack, 'building_appraisal') ?? { compliantYears: 5, otherYears: 1 };
const dangerGrades = (pack: ResolvedPack) => ruleOf(pack, 'dangerous_buildings')?.grades ?? ['C', 'D'];
const maintenanceMonths = (pack: ResolvedPack) => ruleOf(pack, 'fire_maintenance')?.intervalMonths ?? 12;
const assessmentMonths = (pack: ResolvedPack) => ruleOf(pack, 'fire_assessment')?.everyMonths ?? 12;

export const buildingFact = (r: repo.BuildingRecord): BuildingFact => ({
  name: r.name,
  active: r.active,
  yearBuilt: r.year_built,
  seismicCompliant: r.seismic_compliant,
  designLifeYears: r.design_life_years,
  grade: r.grade as AppraisalGrade | null,
  appraisedOn: r.appraised_on,
});
export const fireFacilityFact = (r: repo.FireFacilityRecord): FireFacilityFact => ({
  kind: r.kind as FireFacilityKind,
  location: r.location,
  serviceCompany: r.service_company,
  lastMaintainedOn: r.last_maintained_on,
  nextMaintenanceOn: r.next_maintenance_on,
  working: r.working,
});
export const fireUnitFact = (r: repo.FireUnitRecord | undefined): FireUnitFact | null => (r ? { highRisk: r.high_risk, assessedOn: r.assessed_on } : null);

export function toBuildingDto(r: repo.BuildingRecord, pack: ResolvedPack, today: string) {
  const fact = buildingFact(r);
  const rule = appraisalRule(pack);
  return {
    id: r.id,
    schoolId: r.school_id,
    name: r.name,
    use: r.use,
    floors: r.floors,
    yearBuilt: r.year_built,
    areaM2: r.area_m2 === null ? null : Number(r.area_m2),
    seismicCompliant: r.seismic_compliant,
    designLifeYears: r.design_life_years,
    grade: r.grade,
    appraisedOn: r.appraised_on,
    appraisedBy: r.appraised_by,
    active: r.active,
    note: r.note,
    /** Computed from the pack: the next appraisal (null: never appraised), overdue, 危房. */
    appraisalDueOn: appraisalDueOn(fact, today, rule),
    appraisalOverdue: r.active && appraisalOverdue(fact, today, rule),
    dangerous: isDangerous(fact, dangerGrades(pack)),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
export type BuildingDto = ReturnType<typeof toBuildingDto>;

export function toFireFacilityDto(r: repo.FireFacilityRecord, pack: ResolvedPack, today: string) {
  const fact = fireFacilityFact(r);
  const months = maintenanceMonths(pack);
  return {
    id: r.id,
    schoolId: r.school_id,
    kind: r.kind,
    location: r.location,
    quantity: r.quantity,
    serviceCompany: r.service_company,
    lastMaintainedOn: r.last_maintained_on,
    nextMaintenanceOn: r.next_maintenance_on,
    working: r.working,
    note: r.note,
    maintenanceDueOn: maintenanceDueOn(fact, months),
    /** Empty when the facility is in order; otherwise why it fails the fire_maintenance rule. */
    problem: maintenanceProblem(fact, today, months),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
export type FireFacilityDto = ReturnType<typeof toFireFacilityDto>;

export function toFireUnitDto(r: repo.FireUnitRecord | undefined, pack: ResolvedPack, today: string) {
  const fact = fireUnitFact(r) ?? { highRisk: false, assessedOn: null };
  const months = assessmentMonths(pack);
  return {
    highRisk: fact.highRisk,
    assessedOn: fact.assessedOn,
    assessedBy: r?.assessed_by ?? '',
    note: r?.note ?? '',
    assessmentDueOn: assessmentDueOn(fact, months),
    assessmentOverdue: fact.highRisk && assessmentOverdue(fact, today, months),
    version: r?.version ?? 0,
  };
}

/** The audit view of a record: what the user entered, without the computed and bookkeeping fields. */
const stored = <T extends Record<string, unknown>>(dto: T) => {
  const {
    appraisalDueOn: _a,
    appraisalOverdue: _o,
    dangerous: _d,
    maintenanceDueOn: _m,
    problem: _p,
    assessmentDueOn: _x,
    assessmentOverdue: _y,
    version: _v,
    updatedAt: _u,
    ...rest
  } = dto;
  return rest;
};

async function assertWritable(db: Db, actor: Actor, schoolId: string) {
  await assertReadableSchool(db, actor, schoolId);
  if (!canCorrect(actor, schoolId)) throw forbidden('您只能查看该校的三防台账，不能修改');
}

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/* ---- Reads ---- */

/** One school's 校舍, fire facilities and fire-safety unit status, with the pack's dates. */
export async function getSchoolBuildings(app: AppContext, actor: Actor, schoolId: string, now = new Date()) {
  await assertReadableSchool(app.db, actor, schoolId);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const f = { districtId: actor.districtId, schoolIds: [schoolId] };
  const [buildings, facilities, units] = await Promise.all([repo.findBuildings(app.db, f), repo.findFireFacilities(app.db, f), repo.findFireUnits(app.db, f)]);
  const rules = pack.sanfang
    .filter((r) => r.code === 'building_appraisal' || r.code === 'dangerous_buildings' || r.code === 'fire_maintenance' || r.code === 'fire_assessment')
    .map((r) => ({ code: r.code, label: r.label, description: r.description, source: r.source, certainty: r.certainty ?? null, origin: r.origin }));
  return {
    canEdit: canCorrect(actor, schoolId),
    today,
    buildings: buildings.map((b) => toBuildingDto(b, pack, today)),
    fireFacilities: facilities.map((x) => toFireFacilityDto(x, pack, today)),
    fireUnit: toFireUnitDto(units[0], pack, today),
    rules,
  };
}

/** The facts the standards need, for many schools at once (the 三防 standing and roll-up). */
export async function loadBuildingFacts(db: Db, districtId: string, schoolIds: readonly string[] | null, gateLogWindow: { from: string; to: string }) {
  const f = { districtId, schoolIds };
  const [buildings, facilities, units, gateDays] = await Promise.all([
    repo.findBuildings(db, f),
    repo.findFireFacilities(db, f),
    repo.findFireUnits(db, f),
    repo.countGateLogDays(db, f, gateLogWindow.from, gateLogWindow.to),
  ]);
  const out = new Map<string, { buildings: BuildingFact[]; fireFacilities: FireFacilityFact[]; fireUnit: FireUnitFact | null; gateLogDays: number }>();
  const of = (id: string) => {
    let e = out.get(id);
    if (!e) {
      e = { buildings: [], fireFacilities: [], fireUnit: null, gateLogDays: gateDays.get(id) ?? 0 };
      out.set(id, e);
    }
    return e;
  };
  for (const b of buildings) of(b.school_id).buildings.push(buildingFact(b));
  for (const x of facilities) of(x.school_id).fireFacilities.push(fireFacilityFact(x));
  for (const u of units) of(u.school_id).fireUnit = fireUnitFact(u);
  for (const id of gateDays.keys()) of(id);
  return out;
}

/* ---- Writes ---- */

export const buildingColumns = (p: Partial<CreateBuildingInput>): Updateable<SanfangBuildingTable> => ({
  ...(p.name !== undefined && { name: p.name }),
  ...(p.use !== undefined && { use: p.use }),
  ...(p.floors !== undefined && { floors: p.floors }),
  ...(p.yearBuilt !== undefined && { year_built: p.yearBuilt }),
  ...(p.areaM2 !== undefined && { area_m2: p.areaM2 }),
  ...(p.seismicCompliant !== undefined && { seismic_compliant: p.seismicCompliant }),
  ...(p.designLifeYears !== undefined && { design_life_years: p.designLifeYears }),
  ...(p.grade !== undefined && { grade: p.grade }),
  ...(p.appraisedOn !== undefined && { appraised_on: p.appraisedOn }),
  ...(p.appraisedBy !== undefined && { appraised_by: p.appraisedBy }),
  ...(p.active !== undefined && { active: p.active }),
  ...(p.note !== undefined && { note: p.note }),
});

export const fireFacilityColumns = (p: Partial<CreateFireFacilityInput>): Updateable<SanfangFireFacilityTable> => ({
  ...(p.kind !== undefined && { kind: p.kind }),
  ...(p.location !== undefined && { location: p.location }),
  ...(p.quantity !== undefined && { quantity: p.quantity }),
  ...(p.serviceCompany !== undefined && { service_company: p.serviceCompany }),
  ...(p.lastMaintainedOn !== undefined && { last_maintained_on: p.lastMaintainedOn }),
  ...(p.nextMaintenanceOn !== undefined && { next_maintenance_on: p.nextMaintenanceOn }),
  ...(p.working !== undefined && { working: p.working }),
  ...(p.note !== undefined && { note: p.note }),
});

/** A graded building needs its appraisal date, and a future appraisal cannot be recorded. */
export function buildingProblem(v: { grade?: string | null; appraisedOn?: string | null }, today: string): { path: string; message: string } | null {
  if (v.grade && !v.appraisedOn) return { path: 'appraisedOn', message: '填写鉴定等级时须填写鉴定日期' };
  if (v.appraisedOn && v.appraisedOn > today) return { path: 'appraisedOn', message: '鉴定日期不能晚于今天' };
  return null;
}

export async function insertBuildingWithAudit(trx: Db, who: AuditActor, districtId: string, input: CreateBuildingInput, pack: ResolvedPack, today: string) {
  const [row] = await repo.insertBuildings(trx, [
    { district_id: districtId, school_id: input.schoolId, ...buildingColumns(input) } as Insertable<SanfangBuildingTable>,
  ]);
  const dto = toBuildingDto(row as repo.BuildingRecord, pack, today);
  await appendAuditEvent(trx, who, {
    action: 'sanfang.building_create',
    entityType: 'sanfang_building',
    entityId: dto.id,
    orgUnitId: input.schoolId,
    summary: `登记校舍「${input.name}」${dto.dangerous ? `（${dto.grade}级危房）` : ''}`,
    after: stored(dto),
  });
  return dto;
}

export async function createBuilding(app: AppContext, actor: Actor, input: CreateBuildingInput, now = new Date(), afterWrite?: AfterRegisterWrite) {
  await assertWritable(app.db, actor, input.schoolId);
  const today = shanghaiDay(now);
  const bad = buildingProblem(input, today);
  if (bad) throw invalid(bad.path, bad.message);
  const pack = await packOf(app, actor.districtId);
  return app.db.transaction().execute(async (trx) => {
    const dto = await insertBuildingWithAudit(trx, auditActorOf(actor), actor.districtId, input, pack, today);
    await afterWrite?.(trx, input.schoolId);
    return dto;
  });
}

export async function updateBuilding(app: AppContext, actor: Actor, id: string, input: UpdateBuildingInput, now = new Date(), afterWrite?: AfterRegisterWrite) {
  const before = await repo.findBuilding(app.db, actor.districtId, id);
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('校舍');
  if (!canCorrect(actor, before.school_id)) throw forbidden('您只能查看该校的三防台账，不能修改');
  const today = shanghaiDay(now);
  const bad = buildingProblem(
    { grade: input.grade !== undefined ? input.grade : before.grade, appraisedOn: input.appraisedOn !== undefined ? input.appraisedOn : before.appraised_on },
    today,
  );
  if (bad) throw invalid(bad.path, bad.message);
  const pack = await packOf(app, actor.districtId);
  return app.db.transaction().execute(async (trx) => {
    const after = await repo.updateBuildingIfVersion(trx, actor.districtId, id, before.version, buildingColumns(input));
    if (!after) throw new AppError('CONFLICT', '该记录已被他人修改，请刷新后重试');
    const b = stored(toBuildingDto(before, pack, today));
    const a = toBuildingDto(after, pack, today);
    const changed = changedKeys(b, stored(a));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.building_update',
      entityType: 'sanfang_building',
      entityId: id,
      orgUnitId: before.school_id,
      summary: `修改校舍「${a.name}」：${changed.join('、') || '无变化'}`,
      before: pick(b, changed),
      after: pick(stored(a), changed),
    });
    await afterWrite?.(trx, before.school_id);
    return a;
  });
}

export async function insertFireFacilityWithAudit(
  trx: Db,
  who: AuditActor,
  districtId: string,
  input: CreateFireFacilityInput,
  pack: ResolvedPack,
  today: string,
) {
  const [row] = await repo.insertFireFacilities(trx, [
    { district_id: districtId, school_id: input.schoolId, ...fireFacilityColumns(input) } as Insertable<SanfangFireFacilityTable>,
  ]);
  const dto = toFireFacilityDto(row as repo.FireFacilityRecord, pack, today);
  await appendAuditEvent(trx, who, {
    action: 'sanfang.fire_facility_create',
    entityType: 'sanfang_fire_facility',
    entityId: dto.id,
    orgUnitId: input.schoolId,
    summary: `登记消防设施（${dto.kind}${dto.location ? ` · ${dto.location}` : ''}）`,
    after: stored(dto),
  });
  return dto;
}

export async function createFireFacility(app: AppContext, actor: Actor, input: CreateFireFacilityInput, now = new Date(), afterWrite?: AfterRegisterWrite) {
  await assertWritable(app.db, actor, input.schoolId);
  const bad = maintenanceDatesProblem(input.lastMaintainedOn, input.nextMaintenanceOn);
  if (bad) throw invalid('nextMaintenanceOn', bad);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  return app.db.transaction().execute(async (trx) => {
    const dto = await insertFireFacilityWithAudit(trx, auditActorOf(actor), actor.districtId, input, pack, today);
    await afterWrite?.(trx, input.schoolId);
    return dto;
  });
}

export async function updateFireFacility(
  app: AppContext,
  actor: Actor,
  id: string,
  input: UpdateFireFacilityInput,
  now = new Date(),
  afterWrite?: AfterRegisterWrite,
) {
  const before = await repo.findFireFacility(app.db, actor.districtId, id);
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('消防设施');
  if (!canCorrect(actor, before.school_id)) throw forbidden('您只能查看该校的三防台账，不能修改');
  const bad = maintenanceDatesProblem(
    input.lastMaintainedOn !== undefined ? input.lastMaintainedOn : before.last_maintained_on,
    input.nextMaintenanceOn !== undefined ? input.nextMaintenanceOn : before.next_maintenance_on,
  );
  if (bad) throw invalid('nextMaintenanceOn', bad);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  return app.db.transaction().execute(async (trx) => {
    const after = await repo.updateFireFacilityIfVersion(trx, actor.districtId, id, before.version, fireFacilityColumns(input));
    if (!after) throw new AppError('CONFLICT', '该记录已被他人修改，请刷新后重试');
    const b = stored(toFireFacilityDto(before, pack, today));
    const a = toFireFacilityDto(after, pack, today);
    const changed = changedKeys(b, stored(a));
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.fire_facility_update',
      entityType: 'sanfang_fire_facility',
      entityId: id,
      orgUnitId: before.school_id,
      summary: `修改消防设施：${changed.join('、') || '无变化'}`,
      before: pick(b, changed),
      after: pick(stored(a), changed),
    });
    await afterWrite?.(trx, before.school_id);
    return a;
  });
}

export async function saveFireUnit(app: AppContext, actor: Actor, schoolId: string, input: FireUnitInput, now = new Date(), afterWrite?: AfterRegisterWrite) {
  await assertWritable(app.db, actor, schoolId);
  const today = shanghaiDay(now);
  if (input.assessedOn && input.assessedOn > today) throw invalid('assessedOn', '评估日期不能晚于今天');
  const pack = await packOf(app, actor.districtId);
  const [existing] = await repo.findFireUnits(app.db, { districtId: actor.districtId, schoolIds: [schoolId] });
  const before = existing ? stored(toFireUnitDto(existing, pack, today)) : null;
  return app.db.transaction().execute(async (trx) => {
    const row = await repo.upsertFireUnit(
      trx,
      {
        district_id: actor.districtId,
        school_id: schoolId,
        ...(input.highRisk !== undefined && { high_risk: input.highRisk }),
        ...(input.assessedOn !== undefined && { assessed_on: input.assessedOn }),
        ...(input.assessedBy !== undefined && { assessed_by: input.assessedBy }),
        ...(input.note !== undefined && { note: input.note }),
      },
      (existing?.version ?? 0) + 1,
    );
    const after = toFireUnitDto(row, pack, today);
    const changed = before ? changedKeys(before, stored(after)) : Object.keys(input);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.fire_unit_update',
      entityType: 'sanfang_fire_unit',
      entityId: schoolId,
      orgUnitId: schoolId,
      summary: `修改火灾高危单位与消防安全评估：${changed.join('、') || '无变化'}`,
      before: before ? pick(before, changed as (keyof typeof before)[]) : null,
      after: pick(stored(after), changed as (keyof ReturnType<typeof stored<typeof after>>)[]),
    });
    await afterWrite?.(trx, schoolId);
    return after;
  });
}
