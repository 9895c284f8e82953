import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import {
  type BoardStatus,
  boardStatus,
  isPeriodDay,
  type OpenSafetyPeriodInput,
  openSafetyPeriodInput,
  type PeriodDays,
  type SafetyPeriodKind,
  type SchoolTally,
  safetyPeriodKindLabels,
  tallySchool,
} from '../../domain/safety-check-in.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { validationError } from '../../domain/validation.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { findSubtreeIds } from '../org/org.repository.js';
import * as repo from './safety.repository.js';

/**
 * 报平安: the district (or a 教管中心 for its schools) opens a sensitive period; schools report
 * once a day (safety-check-in.service.ts); supervisors watch the board and chase. Late and
 * missing check-ins are counted by `countSafetyCheckIns` only: board, Excel and assessment.
 */
const openerRoles: readonly Role[] = ['district_admin', 'centre_officer'];
const boardRoles: readonly Role[] = ['district_admin', 'commission_leader', 'responsible_inspector', 'centre_officer', 'joint_inspector'];
export const reporterRoles: readonly Role[] = ['principal', 'school_safety_officer'];
const schoolRoles: readonly Role[] = ['principal', 'school_safety_officer', 'staff'];

export const canOpenPeriods = (role: Role) => openerRoles.includes(role);
export const canSeeBoard = (role: Role) => boardRoles.includes(role);
export const isSchoolRole = (role: Role) => schoolRoles.includes(role);

const readIds = (actor: Actor): string[] | null => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

export const daysOf = (p: repo.PeriodRow): PeriodDays => ({ startsOn: p.starts_on, endsOn: p.ends_on, cutoffTime: p.cutoff_time, closedAt: p.closed_at });

function periodView(p: repo.PeriodRow, schoolCount?: number) {
  return {
    id: p.id,
    title: p.title,
    kind: p.kind,
    kindLabel: safetyPeriodKindLabels[p.kind as SafetyPeriodKind] ?? p.kind,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    cutoffTime: p.cutoff_time,
    ownerUnitId: p.owner_unit_id,
    schoolTypes: p.school_types,
    unitIds: p.unit_ids,
    note: p.note,
    closedAt: p.closed_at,
    createdByName: p.created_by_name,
    createdAt: p.created_at,
    ...(schoolCount !== undefined && { schoolCount }),
  };
}

/** The schools a new period covers: the opener's schools, narrowed by type and by township/centre. */
async function schoolsInScope(db: Db, actor: Actor, input: { schoolTypes: string[]; unitIds: string[] }): Promise<string[]> {
  if (input.unitIds.length) {
    const units = await repo.findUnits(db, actor.districtId, input.unitIds);
    for (const [i, id] of input.unitIds.entries()) {
      const u = units.find((x) => x.id === id);
      if (!u || !['township', 'centre', 'school'].includes(u.kind) || !canRead(actor.scope, id))
        throw new AppError('VALIDATION_FAILED', '范围中的单位应为您管辖的街道/镇、教管中心或学校', [{ path: `unitIds[${i}]`, message: '单位无效' }]);
    }
  }
  const within = input.unitIds.length ? await findSubtreeIds(db, actor.districtId, input.unitIds) : null;
  const writable = actor.scope.write.all ? null : [...actor.scope.write.ids];
  const schools = await repo.findSchools(db, actor.districtId, writable);
  const set = within ? new Set(within) : null;
  return schools.filter((s) => (!set || set.has(s.id)) && (!input.schoolTypes.length || input.schoolTypes.includes(s.school_type))).map((s) => s.id);
}

export async function openSafetyPeriod(db: Db, actor: Actor, raw: OpenSafetyPeriodInput, now = new Date()) {
  if (!canOpenPeriods(actor.role)) throw forbidden('只有区教委和教管中心可以开启报平安时段');
  const parsed = openSafetyPeriodInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  if (input.endsOn < shanghaiDay(now)) throw new AppError('VALIDATION_FAILED', '结束日期已过，无法开启', [{ path: 'endsOn', message: '结束日期不能早于今天' }]);
  const schoolIds = await schoolsInScope(db, actor, input);
  if (!schoolIds.length) throw new AppError('VALIDATION_FAILED', '所选范围内没有学校，请调整学校类型或单位', [{ path: 'unitIds', message: '范围内没有学校' }]);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertPeriod(
      trx,
      {
        district_id: actor.districtId,
        title: input.title,
        kind: input.kind,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        cutoff_time: input.cutoffTime,
        owner_unit_id: actor.orgUnitId,
        school_types: input.schoolTypes,
        unit_ids: input.unitIds,
        note: input.note,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
        updated_at: now,
      },
      schoolIds,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'safety_period.open',
      entityType: 'safety_period',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `开启报平安时段「${input.title}」（${input.startsOn} 至 ${input.endsOn}，每日 ${input.cutoffTime} 前，${schoolIds.length} 所学校）`,
      after: { ...input, schools: schoolIds.length },
    });
    return id;
  });
  return getSafetyPeriod(db, actor, id);
}

/** A period the actor may see: one of its schools is in the actor's read scope. 404 otherwise. */
export async function loadPeriod(db: Db, actor: Actor, id: string): Promise<repo.PeriodRow> {
  const p = await repo.findPeriod(db, actor.districtId, id);
  if (!p) throw notFound('报平安时段');
  if (actor.scope.read.all || canRead(actor.scope, p.owner_unit_id)) return p;
  const mine = await repo.findPeriodSchools(db, actor.districtId, id, readIds(actor));
  if (!mine.length) throw notFound('报平安时段');
  return p;
}

export async function getSafetyPeriod(db: Db, actor: Actor, id: string) {
  const p = await loadPeriod(db, actor, id);
  const schools = await repo.findPeriodSchools(db, actor.districtId, id, readIds(actor));
  return periodView(p, schools.length);
}

/**
 * Periods for the actor: a school sees the periods it reports in with today's state; a supervisor
 * sees those covering its schools. `active` keeps the periods open today.
 */
export async function listSafetyPeriods(db: Db, actor: Actor, q: { active?: boolean | undefined }, now = new Date()) {
  const today = shanghaiDay(now);
  const rows = await repo.findPeriods(db, actor.districtId, readIds(actor), q.active ? { activeOn: today } : {});
  const school = isSchoolRole(actor.role) ? actor.orgUnitId : null;
  const mine = school ? await todayOfSchool(db, actor.districtId, rows, school, today, now) : new Map();
  return {
    today,
    canOpen: canOpenPeriods(actor.role),
    canReport: reporterRoles.includes(actor.role),
    items: rows.map((p) => ({ ...periodView(p), ...(school && { today: mine.get(p.id) ?? null }) })),
  };
}

async function todayOfSchool(db: Db, districtId: string, rows: repo.PeriodRow[], schoolId: string, today: string, now: Date) {
  const out = new Map<string, { day: string; status: BoardStatus; reportedAt: Date | null; late: boolean; caseCode: string | null }>();
  for (const p of rows.filter((r) => isPeriodDay(daysOf(r), today) && !r.closed_at)) {
    const [c] = await repo.findCheckIns(db, districtId, p.id, [schoolId], today);
    out.set(p.id, {
      day: today,
      status: boardStatus(today, p.cutoff_time, now, c),
      reportedAt: c?.reported_at ?? null,
      late: c?.late ?? false,
      caseCode: c?.case_code ?? null,
    });
  }
  return out;
}

export async function closeSafetyPeriod(db: Db, actor: Actor, id: string, now = new Date()) {
  const p = await loadPeriod(db, actor, id);
  if (!canOpenPeriods(actor.role) || !canWrite(actor.scope, p.owner_unit_id)) throw forbidden('只有开启该时段的单位可以结束它');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.closePeriod(trx, actor.districtId, id, now))) throw new AppError('CONFLICT', '该时段已结束');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'safety_period.close',
      entityType: 'safety_period',
      entityId: id,
      orgUnitId: p.owner_unit_id,
      summary: `结束报平安时段「${p.title}」`,
      before: { closedAt: null },
      after: { closedAt: now },
    });
  });
  return getSafetyPeriod(db, actor, id);
}

export type SchoolCount = SchoolTally & { schoolId: string };

/**
 * Late and missing check-ins per school of one period at `now` (the schools listed, or all the
 * period's): the one computation the board, the Excel export and assessment call.
 */
export async function countSafetyCheckIns(
  db: Db,
  districtId: string,
  periodId: string,
  schoolIds: readonly string[] | null,
  now = new Date(),
): Promise<SchoolCount[]> {
  const p = await repo.findPeriod(db, districtId, periodId);
  if (!p) return [];
  const schools = await repo.findPeriodSchools(db, districtId, periodId, schoolIds);
  const checkIns = await repo.findCheckIns(db, districtId, periodId, schoolIds);
  const bySchool = new Map<string, repo.CheckInRow[]>();
  for (const c of checkIns) bySchool.set(c.school_id, [...(bySchool.get(c.school_id) ?? []), c]);
  return schools.map((s) => ({ schoolId: s.id, ...tallySchool(daysOf(p), now, bySchool.get(s.id) ?? []) }));
}

export function assertBoardRole(actor: Actor) {
  if (!canSeeBoard(actor.role)) throw forbidden('报平安情况由区教委和教管中心查看');
}
