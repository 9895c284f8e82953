import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canWritePremiseType, premiseReaderRoles } from '../../domain/premises.js';
import { canRead, canWrite } from '../../domain/scope.js';
import {
  barrierStateLabels,
  type CreateWaterPatrolInput,
  type PatrolStanding,
  patrolStanding,
  type SaveWaterFacilitiesInput,
  signConditionLabels,
  type WaterFlag,
  waterFlagLabels,
  waterFlags,
} from '../../domain/water-safety.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { hazardSourceOf, raiseFlagHazard } from '../hazards/flag-hazard.service.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord } from '../hazards/hazards.repository.js';
import { packOf } from '../policy/policy.service.js';
import { findOpenFlagHazards } from '../school-bus/school-bus.repository.js';
import * as premises from './premises.repository.js';
import * as repo from './water.repository.js';

/**
 * Dangerous waters (危险水域, issue 11): a premise of a water kind (surroundings.yaml `water: true`)
 * carries its warning signs, barriers and patrols. Flags (domain water-safety.ts) are computed on
 * read from the pack's drowning season and patrol frequency; each flag can become a hazard for a
 * school near the water (category 防溺水), as a zone breach does. Writers: whoever may register the
 * premise (the district, police, the supervising department); patrols also the centre over a school
 * near the water.
 */
export const waterTypesOf = (pack: ResolvedPack) => pack.surroundings.premiseTypes.filter((t) => t.water).map((t) => t.code);

async function ownDepartmentType(db: Db, actor: Actor): Promise<string | null> {
  if (actor.role !== 'department_officer') return null;
  return (await premises.findUnit(db, actor.districtId, actor.orgUnitId))?.department_type ?? null;
}

async function loadWater(app: AppContext, actor: Actor, id: string) {
  const premise = await premises.findPremiseById(app.db, actor.districtId, id);
  if (!premise) throw notFound('周边场所');
  const pack = await packOf(app, actor.districtId);
  const type = pack.surroundings.premiseTypes.find((t) => t.code === premise.type_code);
  const near = await premises.findPremiseSchools(app.db, actor.districtId, [id]);
  const readable = premiseReaderRoles.has(actor.role) || near.some((n) => n.school_id === actor.orgUnitId && canRead(actor.scope, n.school_id));
  if (!readable) throw notFound('周边场所');
  if (!type?.water) throw new AppError('CONFLICT', `「${premise.name}」不是危险水域，没有警示标志、防护设施和巡查记录`);
  const writesPremise = canWritePremiseType(actor.role, await ownDepartmentType(app.db, actor), type.departmentType);
  const centreNear = actor.role === 'centre_officer' && near.some((n) => canWrite(actor.scope, n.school_id));
  return { premise, pack, near, writesPremise, canPatrol: writesPremise || centreNear };
}

export type WaterStanding = { facilities: Awaited<ReturnType<typeof repo.findWater>>[number] | null; patrol: PatrolStanding; flags: WaterFlag[] };

/** The standing of waters: facilities, the patrol rule this season and the flags, per premise. */
export async function waterStandings(db: Db, pack: ResolvedPack, districtId: string, ps: { id: string; name: string }[], today: string) {
  const ids = ps.map((p) => p.id);
  const [water, patrols] = await Promise.all([repo.findWater(db, districtId, ids), repo.findPatrols(db, districtId, ids, 5000)]);
  const season = pack.surroundings.drowningSeason;
  return new Map(
    ps.map((p) => {
      const f = water.find((w) => w.premise_id === p.id) ?? null;
      const patrol = patrolStanding(
        patrols.filter((x) => x.premise_id === p.id).map((x) => x.day),
        season,
        today,
      );
      const flags = waterFlags(f ? { signCount: f.sign_count, signCondition: f.sign_condition, barrier: f.barrier } : null, patrol, p.name);
      return [p.id, { facilities: f, patrol, flags } satisfies WaterStanding];
    }),
  );
}

export async function getWaterSafety(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const w = await loadWater(app, actor, id);
  const today = shanghaiDay(now);
  const standing = (await waterStandings(app.db, w.pack, actor.districtId, [{ id, name: w.premise.name }], today)).get(id) as WaterStanding;
  const [patrols, open] = await Promise.all([
    repo.findPatrols(app.db, actor.districtId, [id], 100),
    findOpenFlagHazards(
      app.db,
      actor.districtId,
      'water',
      w.near.map((n) => n.school_id),
    ),
  ]);
  const f = standing.facilities;
  const season = w.pack.surroundings.drowningSeason;
  return {
    premiseId: id,
    name: w.premise.name,
    facilities: f && {
      signCount: f.sign_count,
      signCondition: f.sign_condition,
      signConditionLabel: signConditionLabels[f.sign_condition],
      barrier: f.barrier,
      barrierLabel: barrierStateLabels[f.barrier],
      barrierNote: f.barrier_note,
      responsibleName: f.responsible_name,
      responsiblePhone: f.responsible_phone,
      updatedByName: f.updated_by_name,
      updatedAt: f.updated_at.toISOString(),
      version: f.version,
    },
    season: season && { from: season.from, to: season.to, source: season.source, patrol: season.patrol ?? null },
    patrol: standing.patrol,
    flags: standing.flags.map((fl) => ({
      ...fl,
      label: waterFlagLabels[fl.code],
      hazards: open.filter((h) => h.flag_key === waterKey(id, fl.code)).map((h) => ({ id: h.hazard_id, code: h.code, schoolId: h.school_id })),
    })),
    patrols: patrols.map((p) => ({
      id: p.id,
      patrolledOn: p.day,
      timeOfDay: p.time_of_day,
      patrollerName: p.patroller_name,
      unitName: p.unit_name,
      findings: p.findings,
      problem: p.problem,
      createdByName: p.created_by_name,
    })),
    schools: w.near.map((n) => ({ schoolId: n.school_id, schoolName: n.school_name, distanceM: Math.round(n.distance_m) })),
    canEdit: w.writesPremise,
    canPatrol: w.canPatrol,
  };
}

const waterKey = (premiseId: string, code: string) => `water:${premiseId}:${code}`;

export async function saveWaterFacilities(app: AppContext, actor: Actor, id: string, input: SaveWaterFacilitiesInput, now = new Date()) {
  const w = await loadWater(app, actor, id);
  if (!w.writesPremise) throw forbidden('危险水域的警示标志和防护设施由区教委、公安和主管部门登记');
  const [before] = await repo.findWater(app.db, actor.districtId, [id]);
  const { version, ...v } = input;
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.saveWater(trx, actor.districtId, id, version, {
      sign_count: v.signCount,
      sign_condition: v.signCondition,
      barrier: v.barrier,
      barrier_note: v.barrierNote,
      responsible_name: v.responsibleName,
      responsible_phone: v.responsiblePhone,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    if (!ok) throw new AppError('CONFLICT', '该水域的设施记录已被他人修改，请刷新后重试');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.water_facilities',
      entityType: 'premise',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `危险水域「${w.premise.name}」：警示标志 ${v.signCount} 块（${signConditionLabels[v.signCondition]}），防护设施${barrierStateLabels[v.barrier]}`,
      before: before ? { signCount: before.sign_count, signCondition: before.sign_condition, barrier: before.barrier, barrierNote: before.barrier_note } : null,
      after: v,
    });
  });
  return getWaterSafety(app, actor, id, now);
}

export async function createWaterPatrol(app: AppContext, actor: Actor, id: string, input: CreateWaterPatrolInput, now = new Date()) {
  const w = await loadWater(app, actor, id);
  if (!w.canPatrol) throw forbidden('危险水域巡查由区教委、公安、主管部门和附近学校所属的教管中心登记');
  if (input.patrolledOn > shanghaiDay(now))
    throw new AppError('VALIDATION_FAILED', '巡查日期不能晚于今天', [{ path: 'patrolledOn', message: '日期不能晚于今天' }]);
  const unit = await premises.findUnit(app.db, actor.districtId, actor.orgUnitId);
  const patrolId = await app.db.transaction().execute(async (trx) => {
    const pid = await repo.insertPatrol(trx, {
      district_id: actor.districtId,
      premise_id: id,
      patrolled_on: input.patrolledOn,
      time_of_day: input.timeOfDay,
      patroller_name: input.patrollerName,
      unit_id: actor.orgUnitId,
      unit_name: unit?.name ?? '',
      findings: input.findings,
      problem: input.problem,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.water_patrol',
      entityType: 'premise',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `巡查危险水域「${w.premise.name}」（${input.patrolledOn}，${input.patrollerName}）${input.problem ? `：${input.findings}` : '，未发现问题'}`,
      after: { ...input, patrolId: pid },
    });
    return pid;
  });
  return { id: patrolId, water: await getWaterSafety(app, actor, id, now) };
}

/**
 * A water flag (no sign, no barrier, a patrol overdue in the season …) becomes a hazard for one
 * school near the water, category 防溺水, in one step; at most one open hazard per flag and school.
 */
export async function createHazardFromWaterFlag(app: AppContext, actor: Actor, id: string, input: { schoolId: string; code: string }, now = new Date()) {
  const w = await loadWater(app, actor, id);
  if (!w.canPatrol) throw forbidden('危险水域问题由区教委、公安、主管部门和附近学校所属的教管中心转为隐患');
  const near = w.near.find((n) => n.school_id === input.schoolId);
  if (!near || !canRead(actor.scope, input.schoolId)) throw notFound('学校');
  const today = shanghaiDay(now);
  const standing = (await waterStandings(app.db, w.pack, actor.districtId, [{ id, name: w.premise.name }], today)).get(id) as WaterStanding;
  const flag = standing.flags.find((f) => f.code === input.code);
  if (!flag) throw new AppError('CONFLICT', '该问题已不存在（记录可能已更新），请刷新后重试');
  const key = waterKey(id, flag.code);
  const open = (await findOpenFlagHazards(app.db, actor.districtId, 'water', [input.schoolId])).find((h) => h.flag_key === key);
  if (open) throw new AppError('CONFLICT', `该问题已转为隐患 ${open.code}，尚未销号`);
  const category = w.pack.hazardCategories.some((c) => c.code === 'drowning') ? 'drowning' : 'surroundings';
  const r = await app.db.transaction().execute(async (trx) => {
    const r = await raiseFlagHazard(
      trx,
      actor,
      {
        schoolId: input.schoolId,
        subject: 'water',
        flagKey: key,
        title: `${flag.message}（距${near.school_name} ${Math.round(near.distance_m)} 米）`,
        description: [flag.message, w.premise.address && `地址：${w.premise.address}`, w.premise.department_name && `主管部门：${w.premise.department_name}`]
          .filter(Boolean)
          .join('。'),
        place: '周边',
        category,
        source: hazardSourceOf(actor.role),
        assessNote: '危险水域警示标志、防护设施或巡查不到位，研判为一般隐患',
      },
      now,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'premise.water_hazard',
      entityType: 'premise',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `危险水域「${w.premise.name}」${waterFlagLabels[flag.code]}，转为${near.school_name}的隐患`,
      after: { code: flag.code, schoolId: input.schoolId, hazardId: r.hazardId, assessed: r.assessed },
    });
    return r;
  });
  const h = (await findHazardById(app.db, actor.districtId, r.hazardId)) as HazardRecord;
  return { hazard: toHazardDto(h, today), assessed: r.assessed };
}
