import type { AuditAction } from '../../domain/audit-actions.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { gateDistanceProblems } from '../../domain/premises.js';
import type { CreateSchoolInput, GateInput, UpdateSchoolInput } from '../../domain/school.js';
import { canEditSchoolIdentity, canRead, canWrite, districtOnlySchoolFields } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { findOrgUnit, insertOrgUnit, updateOrgUnit } from '../org/org.repository.js';
import { assertUnitCodeFree } from '../org/org.service.js';
import { findGates, replaceGates } from '../surroundings/gates.repository.js';
import * as repo from './schools.repository.js';

export type SchoolGateDto = { name: string; isMain: boolean; latitude: number; longitude: number };
/** A school's profile; the one-school read (getSchool) and a save also carry its gates (校门). */
export type SchoolDto = ReturnType<typeof toSchoolDto> & { gates?: SchoolGateDto[] };

async function gatesOfSchool(db: Db, districtId: string, schoolId: string): Promise<SchoolGateDto[]> {
  return (await findGates(db, districtId, [schoolId])).map((g) => ({ name: g.name, isMain: g.is_main, latitude: g.latitude, longitude: g.longitude }));
}

export function toSchoolDto(r: repo.SchoolRecord) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    parentName: r.parent_name ?? '',
    schoolType: r.school_type,
    ownership: r.ownership,
    enrollment: r.enrollment,
    boardingStudents: r.boarding_students,
    staffCount: r.staff_count,
    gateCount: r.gate_count,
    busCount: r.bus_count,
    classCounts: r.class_counts ?? [],
    address: r.address,
    longitude: r.longitude,
    latitude: r.latitude,
    principalName: r.principal_name,
    principalPhone: r.principal_phone,
    safetyOfficerName: r.safety_officer_name,
    safetyOfficerPhone: r.safety_officer_phone,
    phone: r.phone,
    isActive: r.is_active,
    updatedAt: r.updated_at.toISOString(),
  };
}

export type ListSchoolsInput = Omit<repo.SchoolFilter, 'districtId' | 'ids'> & { page: number; pageSize: number; sort: repo.SchoolSort };

/** The filter every school read starts from: the district, narrowed to the actor's scope. */
export const scopedSchoolFilter = (actor: Actor): Pick<repo.SchoolFilter, 'districtId' | 'ids'> => ({
  districtId: actor.districtId,
  ids: actor.scope.read.all ? null : [...actor.scope.read.ids],
});

export async function listSchools(db: Db, actor: Actor, input: ListSchoolsInput) {
  const { page, pageSize, sort, ...filter } = input;
  const { rows, total } = await repo.findSchools(db, { ...scopedSchoolFilter(actor), ...filter }, { offset: (page - 1) * pageSize, limit: pageSize, sort });
  return { items: rows.map(toSchoolDto), total, page, pageSize };
}

export async function getSchool(db: Db, actor: Actor, id: string): Promise<SchoolDto> {
  if (!canRead(actor.scope, id)) throw notFound('学校');
  const row = await repo.findSchoolById(db, actor.districtId, id);
  if (!row) throw notFound('学校');
  return { ...toSchoolDto(row), gates: await gatesOfSchool(db, actor.districtId, id) };
}

/** A school's parent must be a township or education centre of the same district. */
async function assertSchoolParent(db: Db, districtId: string, parentId: string) {
  const parent = await findOrgUnit(db, districtId, parentId);
  if (!parent || (parent.kind !== 'township' && parent.kind !== 'centre') || !parent.is_active) {
    throw new AppError('VALIDATION_FAILED', '所属单位必须是本区县有效的街道/镇或教管中心', [{ path: 'parentId', message: '所属单位无效' }]);
  }
}

/** Trailing grades without classes say nothing: [6, 6, 0] is stored as [6, 6]. */
const trimClassCounts = (counts: readonly number[]) => {
  const out = [...counts];
  while (out.length && out[out.length - 1] === 0) out.pop();
  return out;
};

const toSchoolColumns = (s: Partial<CreateSchoolInput>) => ({
  ...(s.schoolType !== undefined && { school_type: s.schoolType }),
  ...(s.ownership !== undefined && { ownership: s.ownership }),
  ...(s.enrollment !== undefined && { enrollment: s.enrollment }),
  ...(s.boardingStudents !== undefined && { boarding_students: s.boardingStudents }),
  ...(s.staffCount !== undefined && { staff_count: s.staffCount }),
  ...(s.gateCount !== undefined && { gate_count: s.gateCount }),
  ...(s.busCount !== undefined && { bus_count: s.busCount }),
  ...(s.classCounts !== undefined && { class_counts: trimClassCounts(s.classCounts) }),
  ...(s.address !== undefined && { address: s.address }),
  ...(s.longitude !== undefined && { longitude: s.longitude }),
  ...(s.latitude !== undefined && { latitude: s.latitude }),
  ...(s.principalName !== undefined && { principal_name: s.principalName }),
  ...(s.principalPhone !== undefined && { principal_phone: s.principalPhone }),
  ...(s.safetyOfficerName !== undefined && { safety_officer_name: s.safetyOfficerName }),
  ...(s.safetyOfficerPhone !== undefined && { safety_officer_phone: s.safetyOfficerPhone }),
  ...(s.phone !== undefined && { phone: s.phone }),
});

/** Inserts one school (org unit + profile) and its audit event; used by the API, the import and the demo. */
/**
 * Runs inside a school's save when its coordinates changed (or a new school has some): the
 * surroundings module rewrites the distances and breaches around it in the same transaction.
 */
export type SchoolMovedHook = (trx: Db, schoolId: string) => Promise<void>;

export async function insertSchoolWithAudit(
  trx: Db,
  actor: ReturnType<typeof auditActorOf>,
  input: CreateSchoolInput,
  action: AuditAction = 'school.create',
  onMoved?: SchoolMovedHook,
) {
  const unit = await insertOrgUnit(trx, {
    district_id: actor.districtId,
    parent_id: input.parentId,
    kind: 'school',
    name: input.name,
    code: input.code,
    department_type: null,
  });
  await repo.insertSchool(trx, { district_id: actor.districtId, id: unit.id, ...toSchoolColumns(input), school_type: input.schoolType });
  const created = await repo.findSchoolById(trx, actor.districtId, unit.id);
  const dto = toSchoolDto(created as repo.SchoolRecord);
  await appendAuditEvent(trx, actor, {
    action,
    entityType: 'school',
    entityId: unit.id,
    orgUnitId: unit.id,
    summary: `新增学校「${input.name}」(${input.code})`,
    after: dto,
  });
  if (onMoved && dto.latitude != null && dto.longitude != null) await onMoved(trx, unit.id);
  return dto;
}

export async function createSchool(db: Db, actor: Actor, input: CreateSchoolInput, onMoved?: SchoolMovedHook): Promise<SchoolDto> {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以新增学校');
  await assertSchoolParent(db, actor.districtId, input.parentId);
  await assertUnitCodeFree(db, actor.districtId, input.code);
  const created = await db.transaction().execute((trx) => insertSchoolWithAudit(trx, auditActorOf(actor), input, 'school.create', onMoved));
  // A new school has no gates yet; the one-school read carries them, so the answer does too.
  return { ...created, gates: [] };
}

export async function updateSchoolWithAudit(
  trx: Db,
  actor: ReturnType<typeof auditActorOf>,
  before: SchoolDto,
  input: UpdateSchoolInput,
  action: AuditAction = 'school.update',
  onMoved?: SchoolMovedHook,
  gates?: readonly GateInput[],
): Promise<SchoolDto> {
  const unitPatch = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.code !== undefined && { code: input.code }),
    ...(input.parentId !== undefined && { parent_id: input.parentId }),
  };
  if (Object.keys(unitPatch).length) await updateOrgUnit(trx, actor.districtId, before.id, unitPatch);
  await repo.updateSchoolRow(trx, actor.districtId, before.id, toSchoolColumns(input));
  // The gates are replaced only when the list differs (order, names, 正门, coordinates).
  const gatesChanged = gates !== undefined && JSON.stringify(gates.map(gateDto)) !== JSON.stringify(before.gates ?? []);
  if (gatesChanged) await replaceGates(trx, actor.districtId, before.id, gates);
  const profile = toSchoolDto((await repo.findSchoolById(trx, actor.districtId, before.id)) as repo.SchoolRecord);
  const after: SchoolDto = before.gates ? { ...profile, gates: await gatesOfSchool(trx, actor.districtId, before.id) } : profile;
  const changed = changedKeys(before, after);
  if (changed.length) {
    await appendAuditEvent(trx, actor, {
      action,
      entityType: 'school',
      entityId: before.id,
      orgUnitId: before.id,
      summary: `修改学校「${after.name}」：${changed.join('、')}`,
      before: pick(before, changed),
      after: pick(after, changed),
    });
  }
  if (onMoved && (changed.includes('latitude') || changed.includes('longitude') || changed.includes('gates'))) await onMoved(trx, before.id);
  return after;
}

const gateDto = (g: GateInput): SchoolGateDto => ({ name: g.name, isMain: g.isMain, latitude: g.latitude, longitude: g.longitude });

export async function updateSchool(db: Db, actor: Actor, id: string, input: UpdateSchoolInput, onMoved?: SchoolMovedHook): Promise<SchoolDto> {
  const before = await getSchool(db, actor, id);
  if (!canWrite(actor.scope, id)) throw forbidden('您只能查看该学校，不能修改');
  const identityFields = districtOnlySchoolFields.filter((f) => input[f] !== undefined && input[f] !== before[f]);
  if (identityFields.length && !canEditSchoolIdentity(actor.role)) {
    throw forbidden('学校名称、代码、所属单位、类型和办学性质只能由区教委修改');
  }
  if (input.parentId !== undefined && input.parentId !== before.parentId) await assertSchoolParent(db, actor.districtId, input.parentId);
  if (input.code !== undefined && input.code !== before.code) await assertUnitCodeFree(db, actor.districtId, input.code, id);
  const merged = { enrollment: input.enrollment ?? before.enrollment, boarding: input.boardingStudents ?? before.boardingStudents };
  if (merged.boarding > merged.enrollment) {
    throw new AppError('VALIDATION_FAILED', '住校学生数不能超过在校学生数', [{ path: 'boardingStudents', message: '住校学生数不能超过在校学生数' }]);
  }
  const { gates, ...profile } = input;
  if (gates) {
    // Gates lie near the school: a gate kilometres from its (new) point is a mistyped coordinate.
    const point = {
      latitude: input.latitude !== undefined ? input.latitude : before.latitude,
      longitude: input.longitude !== undefined ? input.longitude : before.longitude,
    };
    const far = gateDistanceProblems(gates, {
      latitude: point.latitude === null ? null : Number(point.latitude),
      longitude: point.longitude === null ? null : Number(point.longitude),
    });
    if (far.length) throw new AppError('VALIDATION_FAILED', far[0]?.message ?? '校门坐标有误', far);
  }
  return db.transaction().execute((trx) => updateSchoolWithAudit(trx, auditActorOf(actor), before, profile, 'school.update', onMoved, gates));
}
