import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { boundingBox, type LatLng } from '../../domain/geo.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { gateDistanceProblems, type SaveGatesInput } from '../../domain/premises.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { lookAroundMetres } from '../../domain/surroundings.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { recomputeKeyPersonsAroundSchool } from '../key-persons/key-person-near.js';
import { packForDistrict, packOf } from '../policy/policy.service.js';
import * as gatesRepo from './gates.repository.js';
import * as repo from './premises.repository.js';
import { computeNear } from './premises.service.js';

/**
 * A school's gates (校门) and what hangs on them: when a school's point or gates change, every
 * premise (and key person) whose distances name the school or that lies around its new points is
 * measured again, in the transaction of the change, so a breach never waits for 重新计算.
 */
export type GateDto = { name: string; isMain: boolean; latitude: number; longitude: number };

export async function gatesOf(db: Db, districtId: string, schoolId: string): Promise<GateDto[]> {
  return (await gatesRepo.findGates(db, districtId, [schoolId])).map((g) => ({
    name: g.name,
    isMain: g.is_main,
    latitude: g.latitude,
    longitude: g.longitude,
  }));
}

/** Rewrites the stored distances around one school (its point or gates just changed); returns the breaches found. */
export async function recomputeAroundSchool(trx: Db, pack: ResolvedPack, districtId: string, schoolId: string): Promise<number> {
  const school = await gatesRepo.findSchoolPoint(trx, districtId, schoolId);
  const gates = await gatesRepo.findGates(trx, districtId, [schoolId]);
  const points: LatLng[] = gates.length ? gates.map((g) => ({ lat: g.latitude, lng: g.longitude })) : [];
  if (!gates.length && school?.latitude != null && school.longitude != null) points.push({ lat: Number(school.latitude), lng: Number(school.longitude) });
  const ids = new Set(await gatesRepo.findPremiseIdsNearSchool(trx, districtId, schoolId));
  const around = lookAroundMetres(pack.surroundings);
  for (const p of points) for (const r of await gatesRepo.findPremisePointsInBox(trx, districtId, boundingBox(p, around))) ids.add(r.id);
  let breaches = 0;
  for (const p of await gatesRepo.findPremisePoints(trx, districtId, [...ids])) {
    const near = await computeNear(trx, pack, districtId, {
      id: p.id,
      typeCode: p.type_code,
      name: p.name,
      latitude: p.latitude,
      longitude: p.longitude,
      status: p.status,
    });
    await repo.replacePremiseSchools(trx, districtId, p.id, near.rows);
    breaches += near.breaches.length;
  }
  await recomputeKeyPersonsAroundSchool(trx, pack, districtId, schoolId, points);
  return breaches;
}

/**
 * The hook a school's profile save runs inside its transaction when the coordinates changed. The
 * pack is read through the transaction: PGlite has one connection, a query beside it would wait forever.
 */
export const schoolMovedHook = (app: AppContext, districtId: string) => async (trx: Db, schoolId: string) => {
  await recomputeAroundSchool(trx, await packForDistrict(trx, app.policies, districtId), districtId, schoolId);
};

/** Replaces a school's gates (the school itself, its centre, the district admin: write scope). */
export async function saveSchoolGates(app: AppContext, actor: Actor, schoolId: string, input: SaveGatesInput) {
  const unit = canRead(actor.scope, schoolId) ? await repo.findUnit(app.db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  if (!canWrite(actor.scope, schoolId)) throw forbidden('校门由学校、教管中心和区教委维护');
  if (!unit.is_active) throw new AppError('VALIDATION_FAILED', '该学校已停用，不能修改校门');
  const point = await gatesRepo.findSchoolPoint(app.db, actor.districtId, schoolId);
  const far = gateDistanceProblems(input.gates, {
    latitude: point?.latitude == null ? null : Number(point.latitude),
    longitude: point?.longitude == null ? null : Number(point.longitude),
  });
  if (far.length) throw new AppError('VALIDATION_FAILED', far[0]?.message ?? '校门坐标有误', far);
  const pack = await packOf(app, actor.districtId);
  const before = await gatesOf(app.db, actor.districtId, schoolId);
  const breaches = await app.db.transaction().execute(async (trx) => {
    await gatesRepo.replaceGates(trx, actor.districtId, schoolId, input.gates);
    const n = await recomputeAroundSchool(trx, pack, actor.districtId, schoolId);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'school.gates',
      entityType: 'school',
      entityId: schoolId,
      orgUnitId: schoolId,
      summary: `修改「${unit.name}」的校门：${input.gates.map((g) => `${g.name}${g.isMain ? '（正门）' : ''}`).join('、') || '无'}；重新计算周边距离`,
      before: { gates: before },
      after: { gates: input.gates },
    });
    return n;
  });
  return { gates: await gatesOf(app.db, actor.districtId, schoolId), breachesNearby: breaches };
}
