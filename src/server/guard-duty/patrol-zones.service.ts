import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { patrolTeamProblems, type SavePatrolZoneInput } from '../../domain/guard-duty.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findOrgUnit } from '../org/org.repository.js';
import { findPrecincts } from './guard-duty.repository.js';
import { policyOf } from './guard-posts.service.js';
import * as repo from './patrol-zones.repository.js';

/**
 * 包片: a police station divides its precinct's schools into patrol zones; each school of a zone has
 * one team of 民警、辅警、保安 (3–5 people, seed 000) that stands at its gate at arrival and dismissal
 * (三见勤务: 见警察、见警车、见警灯), one team to one school. The station writes its own zones (the
 * district admin may write any station's); a station reads only its own; the district-wide roles read
 * all; others read the zones holding schools of their scope, showing only those schools.
 */

const canWriteZones = (actor: Actor) => actor.role === 'police_officer' || actor.role === 'district_admin';

export async function listPatrolZones(app: AppContext, actor: Actor, q: { policeUnitId?: string | undefined }) {
  const policeUnitId = actor.role === 'police_officer' ? actor.orgUnitId : q.policeUnitId;
  if (actor.role === 'police_officer' && q.policeUnitId && q.policeUnitId !== actor.orgUnitId) throw notFound('派出所');
  const zones = await repo.findZones(app.db, actor.districtId, { policeUnitId });
  const schools = await repo.findZoneSchools(
    app.db,
    actor.districtId,
    zones.map((z) => z.id),
  );
  const visible = (schoolId: string) => actor.scope.read.all || actor.role === 'police_officer' || canRead(actor.scope, schoolId);
  const items = zones
    .map((z) => {
      const mine = schools.filter((s) => s.zone_id === z.id && visible(s.school_id));
      return {
        id: z.id,
        name: z.name,
        note: z.note,
        version: z.version,
        policeUnitId: z.police_unit_id,
        policeName: z.police_name,
        canEdit: canWriteZones(actor) && (actor.role === 'district_admin' || z.police_unit_id === actor.orgUnitId),
        schools: mine.map((s) => ({ schoolId: s.school_id, schoolName: s.school_name, schoolCode: s.school_code, teamName: s.team_name, members: s.members })),
        teams: mine.filter((s) => s.members.length > 0).length,
        _touches: mine.length > 0,
      };
    })
    .filter((z) => actor.scope.read.all || actor.role === 'police_officer' || z._touches)
    .map(({ _touches, ...z }) => z);
  const policy = await policyOf(app, actor.districtId);
  return { total: items.length, teamSize: policy.teamSize, items };
}

async function stationOf(app: AppContext, actor: Actor, input: SavePatrolZoneInput, existing?: repo.ZoneRow) {
  if (existing) return existing.police_unit_id;
  if (actor.role === 'police_officer') {
    if (input.policeUnitId && input.policeUnitId !== actor.orgUnitId) throw forbidden('只能设置本派出所的包片区域');
    return actor.orgUnitId;
  }
  const unit = input.policeUnitId ? await findOrgUnit(app.db, actor.districtId, input.policeUnitId) : undefined;
  if (unit?.kind !== 'department' || unit.department_type !== 'police_station')
    throw new AppError('VALIDATION_FAILED', '请选择派出所', [{ path: 'policeUnitId', message: '应为派出所' }]);
  return unit.id;
}

export async function savePatrolZone(app: AppContext, actor: Actor, input: SavePatrolZoneInput) {
  if (!canWriteZones(actor)) throw forbidden('包片区域由派出所设置');
  const [existing] = input.id ? await repo.findZones(app.db, actor.districtId, { zoneId: input.id }) : [];
  if (input.id && (!existing || (actor.role === 'police_officer' && existing.police_unit_id !== actor.orgUnitId))) throw notFound('包片区域');
  const station = await stationOf(app, actor, input, existing);
  const policy = await policyOf(app, actor.districtId);
  const problems = patrolTeamProblems(input.schools, policy);
  const precinct = new Set((await findPrecincts(app.db, actor.districtId, null)).filter((p) => p.policeUnitId === station).map((p) => p.schoolId));
  input.schools.forEach((s, i) => {
    if (!precinct.has(s.schoolId)) problems.push({ path: `schools.${i}.schoolId`, message: '学校不在该派出所辖区' });
  });
  const elsewhere = (
    await repo.findZoneOfSchools(
      app.db,
      actor.districtId,
      input.schools.map((s) => s.schoolId),
    )
  ).filter((z) => z.zone_id !== input.id);
  for (const z of elsewhere)
    problems.push({ path: `schools.${input.schools.findIndex((s) => s.schoolId === z.school_id)}.schoolId`, message: '该校已在另一个片区' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '片区无效', problems);
  return app.db.transaction().execute(async (trx) => {
    let id = input.id;
    if (existing && input.version !== undefined) {
      if (!(await repo.updateZone(trx, actor.districtId, existing.id, input.version, { name: input.name, note: input.note })))
        throw new AppError('CONFLICT', '片区已被他人修改，请刷新后重试');
    } else
      id = (
        await repo.insertZone(trx, { district_id: actor.districtId, police_unit_id: station, name: input.name, note: input.note, created_by: actor.userId })
      ).id;
    await repo.replaceZoneSchools(trx, actor.districtId, id as string, input.schools);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: existing ? 'patrol_zone.update' : 'patrol_zone.create',
      entityType: 'patrol_zone',
      entityId: id as string,
      orgUnitId: station,
      summary: `${existing ? '修改' : '新增'}包片区域：${input.name}（${input.schools.length} 所学校，${input.schools.filter((s) => s.members.length).length} 个警组）`,
      after: { name: input.name, schools: input.schools.map((s) => ({ schoolId: s.schoolId, teamName: s.teamName, members: s.members.length })) },
    });
    const { items } = await listPatrolZones({ ...app, db: trx }, actor, { policeUnitId: station });
    return items.find((z) => z.id === id);
  });
}
