import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack, SchoolBusPolicy } from '../../domain/policy/pack-schema.js';
import {
  type BusFlag,
  type BusStatus,
  busFlagSeverityLabels,
  busFlags,
  busStatusLabels,
  canKeepBusRegister,
  defaultSchoolBusPolicy,
  nextInspectionDue,
  type SaveSchoolBusInput,
  type UpdateSchoolBusInput,
} from '../../domain/school-bus.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './school-bus.repository.js';

/**
 * School buses (校车, issue 11). The school keeps its vehicles with their drivers, escorts and
 * routes (saved whole, with a version); everyone who reads the school reads them. Flags (domain
 * school-bus.ts busFlags) are computed on every read from the pack's numbers and today's date,
 * never stored, so a list is right the morning a licence runs out. The school profile's 校车数
 * (bus_count, which decides whether the bus duties apply) stays the school's declaration: the
 * register shows it next to the vehicles in service and flags a difference.
 */
export const busPolicyOf = (pack: ResolvedPack): SchoolBusPolicy => pack.surroundings.schoolBus ?? defaultSchoolBusPolicy;

export type BusDto = ReturnType<typeof toDto>;

type OpenFlagHazard = { flag_key: string; hazard_id: string; code: string };

function toDto(
  actor: Actor,
  b: repo.BusRecord,
  persons: repo.BusPersonRecord[],
  routes: repo.BusRouteRecord[],
  p: SchoolBusPolicy,
  today: string,
  open: OpenFlagHazard[],
) {
  const mine = persons.filter((x) => x.bus_id === b.id);
  const drivers = mine
    .filter((x) => x.role === 'driver')
    .map((d) => ({
      id: d.id,
      name: d.name,
      phone: d.phone,
      birthDate: d.birth_date,
      licenceNo: d.licence_no,
      licenceClass: d.licence_class,
      licenceExpiry: d.licence_expiry,
      licensedSince: d.licensed_since,
      checkedOn: d.checked_on,
      checkPassed: d.check_passed,
      note: d.note,
    }));
  const escorts = mine.filter((x) => x.role === 'escort').map((e) => ({ id: e.id, name: e.name, phone: e.phone, trainedOn: e.trained_on, note: e.note }));
  const rts = routes
    .filter((r) => r.bus_id === b.id)
    .map((r) => ({ id: r.id, name: r.name, stops: r.stops, times: r.times, studentCount: r.student_count, otherSchoolIds: r.other_school_ids }));
  const flags = busFlags(
    {
      id: b.id,
      plateNo: b.plate_no,
      seats: b.seats,
      status: b.status,
      licenceExpiry: b.licence_expiry,
      inspectedOn: b.inspected_on,
      drivers,
      escorts,
      routes: rts,
    },
    p,
    today,
  ).map((f) => withHazard(f, open));
  return {
    id: b.id,
    schoolId: b.school_id,
    schoolName: b.school_name,
    parentName: b.parent_name,
    plateNo: b.plate_no,
    seats: b.seats,
    model: b.model,
    licenceNo: b.licence_no,
    licenceExpiry: b.licence_expiry,
    inspectedOn: b.inspected_on,
    nextInspectionDue: nextInspectionDue(b.inspected_on, p),
    status: b.status,
    statusLabel: busStatusLabels[b.status],
    note: b.note,
    drivers,
    escorts,
    routes: rts,
    flags,
    expiredCount: flags.filter((f) => f.severity !== 'due').length,
    dueCount: flags.filter((f) => f.severity === 'due').length,
    updatedByName: b.updated_by_name,
    updatedAt: b.updated_at.toISOString(),
    version: b.version,
    canEdit: canKeepBusRegister(actor.role) && actor.orgUnitId === b.school_id,
  };
}

const withHazard = (f: BusFlag, open: OpenFlagHazard[]) => {
  const h = open.find((x) => x.flag_key === f.key);
  return { ...f, severityLabel: busFlagSeverityLabels[f.severity], openHazard: h ? { id: h.hazard_id, code: h.code } : null };
};

export async function busDtos(db: Db, actor: Actor, p: SchoolBusPolicy, rows: repo.BusRecord[], today: string) {
  const ids = rows.map((r) => r.id);
  const schoolIds = [...new Set(rows.map((r) => r.school_id))];
  const [persons, routes, open] = await Promise.all([
    repo.findPersons(db, actor.districtId, ids),
    repo.findRoutes(db, actor.districtId, ids),
    repo.findOpenFlagHazards(db, actor.districtId, 'bus', schoolIds),
  ]);
  return rows.map((r) => toDto(actor, r, persons, routes, p, today, open));
}

const readScope = (actor: Actor) => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

export type BusListQuery = {
  schoolId?: string | undefined;
  parentId?: string | undefined;
  status?: BusStatus | undefined;
  keyword?: string | undefined;
  flagged?: boolean | undefined;
};

/** 校车台账: the vehicles in scope with their flags, and per school the profile's 校车数 next to the vehicles in service. */
export async function listSchoolBuses(app: AppContext, actor: Actor, q: BusListQuery, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const p = busPolicyOf(pack);
  const today = shanghaiDay(now);
  const rows = await repo.findBuses(app.db, { districtId: actor.districtId, schoolIds: readScope(actor), ...q });
  let items = await busDtos(app.db, actor, p, rows, today);
  if (q.flagged !== undefined) items = items.filter((b) => b.flags.length > 0 === q.flagged);
  const schools = await busSchools(app.db, actor, q.parentId, q.schoolId);
  return {
    items,
    total: items.length,
    schools,
    policy: p,
    today,
    counts: {
      vehicles: items.filter((b) => b.status === 'in_service').length,
      expired: items.filter((b) => b.expiredCount > 0).length,
      due: items.filter((b) => b.dueCount > 0 && b.expiredCount === 0).length,
      mismatched: schools.filter((s) => s.mismatch).length,
    },
    canCreate: canKeepBusRegister(actor.role),
  };
}

async function busSchools(db: Db, actor: Actor, parentId?: string, schoolId?: string) {
  let rows = await repo.findBusSchools(db, actor.districtId, readScope(actor), parentId);
  if (schoolId) rows = rows.filter((r) => r.id === schoolId);
  const last = await repo.findLastChecks(
    db,
    actor.districtId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    schoolId: r.id,
    schoolName: r.name,
    parentName: r.parent_name,
    busCount: r.bus_count,
    registered: r.registered,
    mismatch: r.bus_count !== r.registered,
    lastSpecialCheck: last.find((x) => x.school_id === r.id && x.kind === 'special_check')?.last_day ?? null,
    lastWeeklyStudy: last.find((x) => x.school_id === r.id && x.kind === 'weekly_study')?.last_day ?? null,
  }));
}

/** A school unit of the actor's district the actor may read (404 otherwise: its existence is information). */
export async function readableSchool(db: Db, actor: Actor, schoolId: string) {
  const s = canRead(actor.scope, schoolId) ? (await repo.findSchools(db, actor.districtId, [schoolId]))[0] : undefined;
  if (!s) throw notFound('学校');
  return s;
}

export async function getSchoolBus(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const row = await repo.findBusById(app.db, actor.districtId, id);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('校车');
  const pack = await packOf(app, actor.districtId);
  const [bus] = await busDtos(app.db, actor, busPolicyOf(pack), [row], shanghaiDay(now));
  return { bus };
}

/** One school's buses (the one-school file's 校车 panel and the school's own page). */
export async function getSchoolBuses(app: AppContext, actor: Actor, schoolId: string, now = new Date()) {
  const school = await readableSchool(app.db, actor, schoolId);
  const pack = await packOf(app, actor.districtId);
  const p = busPolicyOf(pack);
  const rows = await repo.findBuses(app.db, { districtId: actor.districtId, schoolIds: null, schoolId });
  const buses = await busDtos(app.db, actor, p, rows, shanghaiDay(now));
  const [summary] = await busSchools(app.db, actor, undefined, schoolId);
  const registered = buses.filter((b) => b.status === 'in_service').length;
  return {
    schoolId,
    schoolName: school.name,
    busCount: school.bus_count,
    registered,
    mismatch: school.bus_count !== registered,
    lastSpecialCheck: summary?.lastSpecialCheck ?? null,
    lastWeeklyStudy: summary?.lastWeeklyStudy ?? null,
    buses,
    canCreate: canKeepBusRegister(actor.role) && actor.orgUnitId === schoolId,
  };
}

async function assertRegisterWriter(db: Db, actor: Actor, schoolId: string) {
  await readableSchool(db, actor, schoolId);
  if (!canKeepBusRegister(actor.role) || actor.orgUnitId !== schoolId) throw forbidden('校车、驾驶员、照管人员和线路由学校（校长、安全干部）登记');
}

/** The other schools a route serves must be active schools of the district. */
async function assertServedSchools(db: Db, actor: Actor, input: SaveSchoolBusInput) {
  const ids = [...new Set(input.routes.flatMap((r) => r.otherSchoolIds))];
  const found = await repo.findSchools(db, actor.districtId, ids);
  if (found.length !== ids.length)
    throw new AppError('VALIDATION_FAILED', '线路服务的学校必须是本区县有效的学校', [{ path: 'routes', message: '服务学校无效' }]);
}

function childRows(actor: Actor, busId: string, i: SaveSchoolBusInput) {
  const base = { district_id: actor.districtId, bus_id: busId, school_id: i.schoolId };
  const persons = [
    ...i.drivers.map((d, n) => ({
      ...base,
      role: 'driver' as const,
      position: n,
      name: d.name,
      phone: d.phone,
      birth_date: d.birthDate,
      licence_no: d.licenceNo,
      licence_class: d.licenceClass,
      licence_expiry: d.licenceExpiry,
      licensed_since: d.licensedSince,
      checked_on: d.checkedOn,
      check_passed: d.checkPassed,
      trained_on: null,
      note: d.note,
    })),
    ...i.escorts.map((e, n) => ({ ...base, role: 'escort' as const, position: n, name: e.name, phone: e.phone, trained_on: e.trainedOn, note: e.note })),
  ];
  const routes = i.routes.map((r, n) => ({
    ...base,
    position: n,
    name: r.name,
    stops: r.stops,
    times: r.times,
    student_count: r.studentCount,
    other_school_ids: r.otherSchoolIds,
  }));
  return { persons, routes };
}

const columnsOf = (i: SaveSchoolBusInput) => ({
  plate_no: i.plateNo.toUpperCase(),
  seats: i.seats,
  model: i.model,
  licence_no: i.licenceNo,
  licence_expiry: i.licenceExpiry,
  inspected_on: i.inspectedOn,
  status: i.status,
  note: i.note,
});

function duplicatePlate(err: unknown, plate: string): never {
  if ((err as { code?: string })?.code === '23505') throw new AppError('CONFLICT', `车牌号 ${plate} 已登记为在用校车`);
  throw err;
}

export async function createSchoolBus(app: AppContext, actor: Actor, input: SaveSchoolBusInput, now = new Date()) {
  await assertRegisterWriter(app.db, actor, input.schoolId);
  await assertServedSchools(app.db, actor, input);
  const id = await app.db
    .transaction()
    .execute(async (trx) => {
      const id = await repo.insertBus(trx, {
        district_id: actor.districtId,
        school_id: input.schoolId,
        ...columnsOf(input),
        created_by: actor.userId,
        created_by_name: actor.displayName,
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
      });
      const c = childRows(actor, id, input);
      await repo.replaceChildren(trx, actor.districtId, id, c.persons, c.routes);
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'school_bus.create',
        entityType: 'school_bus',
        entityId: id,
        orgUnitId: input.schoolId,
        summary: `登记校车 ${columnsOf(input).plate_no}（核载 ${input.seats} 人，驾驶员 ${input.drivers.length} 人，照管人员 ${input.escorts.length} 人，线路 ${input.routes.length} 条）`,
        after: input,
      });
      return id;
    })
    .catch((e) => duplicatePlate(e, input.plateNo));
  return getSchoolBus(app, actor, id, now);
}

const inputOf = (b: repo.BusRecord, persons: repo.BusPersonRecord[], routes: repo.BusRouteRecord[]) => ({
  plateNo: b.plate_no,
  seats: b.seats,
  model: b.model,
  licenceNo: b.licence_no,
  licenceExpiry: b.licence_expiry,
  inspectedOn: b.inspected_on,
  status: b.status,
  note: b.note,
  drivers: persons.filter((p) => p.role === 'driver').map((p) => p.name),
  escorts: persons.filter((p) => p.role === 'escort').map((p) => p.name),
  routes: routes.map((r) => r.name),
});

export async function updateSchoolBus(app: AppContext, actor: Actor, id: string, input: UpdateSchoolBusInput, now = new Date()) {
  const before = await repo.findBusById(app.db, actor.districtId, id);
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('校车');
  await assertRegisterWriter(app.db, actor, before.school_id);
  if (input.schoolId !== before.school_id) throw new AppError('VALIDATION_FAILED', '校车不能改到其他学校', [{ path: 'schoolId', message: '学校不能修改' }]);
  await assertServedSchools(app.db, actor, input);
  const [persons, routes] = await Promise.all([repo.findPersons(app.db, actor.districtId, [id]), repo.findRoutes(app.db, actor.districtId, [id])]);
  const { version, ...values } = input;
  await app.db
    .transaction()
    .execute(async (trx) => {
      if (
        !(await repo.updateBusIfVersion(trx, actor.districtId, id, version, {
          ...columnsOf(values),
          updated_by: actor.userId,
          updated_by_name: actor.displayName,
        }))
      ) {
        throw new AppError('CONFLICT', '该校车已被他人修改，请刷新后重试');
      }
      const c = childRows(actor, id, values);
      await repo.replaceChildren(trx, actor.districtId, id, c.persons, c.routes);
      const old = inputOf(before, persons, routes);
      const next = {
        ...values,
        plateNo: columnsOf(values).plate_no,
        drivers: values.drivers.map((d) => d.name),
        escorts: values.escorts.map((e) => e.name),
        routes: values.routes.map((r) => r.name),
      };
      const changed = changedKeys(old, next);
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'school_bus.update',
        entityType: 'school_bus',
        entityId: id,
        orgUnitId: before.school_id,
        summary: `修改校车 ${next.plateNo}：${changed.join('、') || '无变化'}`,
        before: pick(old, changed),
        after: { ...pick(next, changed), detail: values },
      });
    })
    .catch((e) => duplicatePlate(e, input.plateNo));
  return getSchoolBus(app, actor, id, now);
}
