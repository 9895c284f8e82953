import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { CaseEventTable, CaseFileTable, Database } from '../db/schema.js';

/** The case engine's SQL (the only SQL of the module). */
export type CaseRecord = Selectable<CaseFileTable> & {
  school_name: string | null;
  owner_unit_name: string;
  assigned_unit_name: string | null;
};
export type CaseEventRecord = Selectable<CaseEventTable>;

/**
 * Who sees a case (the SQL twin of case-standing.ts canSeeCase): the district admin; users of a
 * unit the case names (owner, assigned, reporter, notified) — at a school only its managers;
 * whoever created it; and the supervising roles whose scope holds an owner or assigned unit,
 * except for cases about minors (bullying), which only their own units see.
 */
export type CaseViewer = {
  userId: string;
  unitId: string;
  all: boolean;
  ownUnitCounts: boolean;
  /** Units a supervising role reads (null: not a supervising role). */
  supervisedUnitIds: readonly string[] | null;
};

/**
 * The relations through which a supervisor (a centre over its schools, police over its precinct …)
 * sees a case: the unit owns it, handles it, or reported it — a school's own accident report, owned
 * by the district, is its centre's concern too.
 */
export const supervisedRelations = ['owner', 'assigned', 'reporter'] as const;

export function visibleTo(v: CaseViewer) {
  return (eb: ExpressionBuilder<Database & { c: CaseFileTable }, 'c'>) => {
    if (v.all) return eb.val(true);
    const ors = [eb('c.created_by', '=', v.userId)];
    if (v.ownUnitCounts)
      ors.push(
        eb.exists(
          eb
            .selectFrom('case_unit as cu')
            .select(sql`1`.as('one'))
            .whereRef('cu.district_id', '=', 'c.district_id')
            .whereRef('cu.case_id', '=', 'c.id')
            .where('cu.unit_id', '=', v.unitId),
        ),
      );
    if (v.supervisedUnitIds?.length)
      ors.push(
        eb.and([
          eb('c.confidentiality', '<>', 'minor'),
          eb.exists(
            eb
              .selectFrom('case_unit as cs')
              .select(sql`1`.as('one'))
              .whereRef('cs.district_id', '=', 'c.district_id')
              .whereRef('cs.case_id', '=', 'c.id')
              .where('cs.relation', 'in', supervisedRelations)
              .where('cs.unit_id', 'in', v.supervisedUnitIds),
          ),
        ]),
      );
    return eb.or(ors);
  };
}

export type CaseFilter = {
  typeCodes?: readonly string[] | undefined;
  states?: readonly string[] | undefined;
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  dueSoonBefore?: Date | undefined;
  schoolId?: string | undefined;
  /** Cases about a school of this 教管中心/街道 (the dashboard's and the report's narrowing to a centre). */
  parentId?: string | undefined;
  assignedUnitId?: string | undefined;
  level?: string | undefined;
  keyword?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Waiting on this unit: assigned to it and not yet submitted, or owned by it at an owner's step, or an unacknowledged notice to it. */
  waitingUnitId?: string | undefined;
  waitingAsOwner?: boolean | undefined;
  waitingAsAssignee?: boolean | undefined;
  /** Incidents whose upward report (逐级上报) is due and not yet recorded. */
  upwardPending?: boolean | undefined;
  now: Date;
};

function base(db: Db, districtId: string) {
  return db
    .selectFrom('case_file as c')
    .leftJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'c.district_id').onRef('s.id', '=', 'c.school_id'))
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'c.district_id').onRef('o.id', '=', 'c.owner_unit_id'))
    .leftJoin('org_unit as a', (j) => j.onRef('a.district_id', '=', 'c.district_id').onRef('a.id', '=', 'c.assigned_unit_id'))
    .where('c.district_id', '=', districtId);
}

function filtered(db: Db, districtId: string, viewer: CaseViewer, f: CaseFilter) {
  let q = base(db, districtId).where(visibleTo(viewer));
  if (f.typeCodes?.length) q = q.where('c.type_code', 'in', f.typeCodes);
  if (f.states?.length) q = q.where('c.state', 'in', f.states);
  if (f.open !== undefined) q = q.where('c.state', f.open ? '<>' : '=', 'archived');
  if (f.overdue) q = q.where('c.state', '<>', 'archived').where('c.step_due_at', '<', f.now);
  if (f.dueSoonBefore) q = q.where('c.state', '<>', 'archived').where('c.step_due_at', '>=', f.now).where('c.step_due_at', '<', f.dueSoonBefore);
  if (f.schoolId) {
    const id = f.schoolId;
    q = q.where((eb) =>
      eb.or([
        eb('c.school_id', '=', id),
        eb.exists(
          eb
            .selectFrom('case_school as x')
            .select(sql`1`.as('one'))
            .whereRef('x.district_id', '=', 'c.district_id')
            .whereRef('x.case_id', '=', 'c.id')
            .where('x.school_id', '=', id),
        ),
      ]),
    );
  }
  if (f.parentId) {
    const schools = db.selectFrom('org_unit as p').select('p.id').where('p.district_id', '=', districtId).where('p.parent_id', '=', f.parentId);
    q = q.where((eb) =>
      eb.or([
        eb('c.school_id', 'in', schools),
        eb.exists(
          eb
            .selectFrom('case_school as x')
            .select(sql`1`.as('one'))
            .whereRef('x.district_id', '=', 'c.district_id')
            .whereRef('x.case_id', '=', 'c.id')
            .where('x.school_id', 'in', schools),
        ),
      ]),
    );
  }
  if (f.assignedUnitId) q = q.where('c.assigned_unit_id', '=', f.assignedUnitId);
  if (f.upwardPending) q = q.where('c.upward_due_at', 'is not', null).where('c.upward_report_at', 'is', null);
  if (f.level) q = q.where('c.level', '=', f.level);
  if (f.keyword) {
    const k = `%${f.keyword.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('c.title', 'like', k), eb('c.code', 'like', k)]));
  }
  if (f.from) q = q.where('c.created_at', '>=', f.from);
  if (f.to) q = q.where('c.created_at', '<', f.to);
  if (f.waitingUnitId) {
    const unit = f.waitingUnitId;
    q = q.where((eb) =>
      eb.or([
        ...(f.waitingAsAssignee ? [eb.and([eb('c.assigned_unit_id', '=', unit), eb('c.state', 'in', ['assigned', 'handling'])])] : []),
        ...(f.waitingAsOwner ? [eb.and([eb('c.owner_unit_id', '=', unit), eb('c.state', 'in', ['registered', 'supervising', 'feedback', 'replied'])])] : []),
        eb.exists(
          eb
            .selectFrom('case_escalation as e')
            .select(sql`1`.as('one'))
            .whereRef('e.district_id', '=', 'c.district_id')
            .whereRef('e.case_id', '=', 'c.id')
            .where('e.unit_id', '=', unit)
            .where('e.acknowledged_at', 'is', null),
        ),
      ]),
    );
  }
  return q;
}

const columns = ['c.district_id'] as const;

export async function findCases(db: Db, districtId: string, viewer: CaseViewer, f: CaseFilter, limit: number, offset: number) {
  const q = filtered(db, districtId, viewer, f);
  const [rows, total] = await Promise.all([
    q
      .selectAll('c')
      .select(['s.name as school_name', 'o.name as owner_unit_name', 'a.name as assigned_unit_name'])
      .select(columns)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as CaseRecord[], total: Number(total.n) };
}

/** Every matching case (the Excel export, statistics), newest first, at most `limit`. */
export async function findAllCases(db: Db, districtId: string, viewer: CaseViewer, f: CaseFilter, limit = 20_000) {
  const rows = await filtered(db, districtId, viewer, f)
    .selectAll('c')
    .select(['s.name as school_name', 'o.name as owner_unit_name', 'a.name as assigned_unit_name'])
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows as CaseRecord[];
}

export async function findCase(db: Db, districtId: string, id: string, forUpdate = false): Promise<CaseRecord | undefined> {
  if (forUpdate) await db.selectFrom('case_file').select('id').where('district_id', '=', districtId).where('id', '=', id).forUpdate().execute();
  const r = await base(db, districtId)
    .where('c.id', '=', id)
    .selectAll('c')
    .select(['s.name as school_name', 'o.name as owner_unit_name', 'a.name as assigned_unit_name'])
    .executeTakeFirst();
  return r as CaseRecord | undefined;
}

export async function insertCase(db: Db, row: Insertable<CaseFileTable>): Promise<string> {
  const r = await db.insertInto('case_file').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Updates only when the version is unchanged; false when another change came first. */
export async function updateCase(db: Db, districtId: string, id: string, version: number, set: Updateable<CaseFileTable>): Promise<boolean> {
  const r = await db
    .updateTable('case_file')
    .set({ ...set, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(db: Db, row: Omit<Insertable<CaseEventTable>, 'seq'>): Promise<void> {
  const last = await db
    .selectFrom('case_event')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('district_id', '=', row.district_id)
    .where('case_id', '=', row.case_id)
    .executeTakeFirst();
  await db
    .insertInto('case_event')
    .values({ ...row, seq: Number(last?.seq ?? 0) + 1 })
    .execute();
}

export const findEvents = (db: Db, districtId: string, caseId: string) =>
  db.selectFrom('case_event').selectAll().where('district_id', '=', districtId).where('case_id', '=', caseId).orderBy('seq').execute();

/** Closes the open step (if any) and opens the next one. */
export async function moveStep(db: Db, districtId: string, caseId: string, step: string, unitId: string | null, at: Date, due: Date | null): Promise<void> {
  await db
    .updateTable('case_step')
    .set({ left_at: at })
    .where('district_id', '=', districtId)
    .where('case_id', '=', caseId)
    .where('left_at', 'is', null)
    .execute();
  if (step === 'archived') return;
  const last = await db
    .selectFrom('case_step')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('district_id', '=', districtId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  await db
    .insertInto('case_step')
    .values({ district_id: districtId, case_id: caseId, seq: Number(last?.seq ?? 0) + 1, step, unit_id: unitId, entered_at: at, due_at: due, left_at: null })
    .execute();
}

export async function setOpenStepDue(db: Db, districtId: string, caseId: string, due: Date | null): Promise<void> {
  await db
    .updateTable('case_step')
    .set({ due_at: due })
    .where('district_id', '=', districtId)
    .where('case_id', '=', caseId)
    .where('left_at', 'is', null)
    .execute();
}

export async function addCaseUnit(db: Db, districtId: string, caseId: string, unitId: string, relation: 'owner' | 'assigned' | 'reporter' | 'notified') {
  await db
    .insertInto('case_unit')
    .values({ district_id: districtId, case_id: caseId, unit_id: unitId, relation })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeCaseUnit(db: Db, districtId: string, caseId: string, unitId: string, relation: 'assigned') {
  await db
    .deleteFrom('case_unit')
    .where('district_id', '=', districtId)
    .where('case_id', '=', caseId)
    .where('unit_id', '=', unitId)
    .where('relation', '=', relation)
    .execute();
}

export const findCaseUnits = (db: Db, districtId: string, caseId: string) =>
  db.selectFrom('case_unit').select(['unit_id', 'relation']).where('district_id', '=', districtId).where('case_id', '=', caseId).execute();

export const findEscalations = (db: Db, districtId: string, caseId: string) =>
  db
    .selectFrom('case_escalation as e')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'e.district_id').onRef('u.id', '=', 'e.unit_id'))
    .selectAll('e')
    .select('u.name as unit_name')
    .where('e.district_id', '=', districtId)
    .where('e.case_id', '=', caseId)
    .orderBy('e.notified_at')
    .execute();

export async function insertEscalation(db: Db, districtId: string, caseId: string, target: 'district' | 'police', unitId: string, reason: string, at: Date) {
  await db
    .insertInto('case_escalation')
    .values({ district_id: districtId, case_id: caseId, target, unit_id: unitId, reason, notified_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function acknowledgeEscalation(db: Db, districtId: string, caseId: string, unitId: string, userId: string, name: string, at: Date) {
  const r = await db
    .updateTable('case_escalation')
    .set({ acknowledged_at: at, acknowledged_by: userId, acknowledged_by_name: name })
    .where('district_id', '=', districtId)
    .where('case_id', '=', caseId)
    .where('unit_id', '=', unitId)
    .where('acknowledged_at', 'is', null)
    .returning('notified_at')
    .executeTakeFirst();
  return r?.notified_at ?? null;
}

export async function addCaseSchools(db: Db, districtId: string, caseId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return;
  await db
    .insertInto('case_school')
    .values(schoolIds.map((school_id) => ({ district_id: districtId, case_id: caseId, school_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const findCaseSchools = (db: Db, districtId: string, caseId: string) =>
  db
    .selectFrom('case_school as x')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'x.district_id').onRef('u.id', '=', 'x.school_id'))
    .select(['u.id', 'u.name'])
    .where('x.district_id', '=', districtId)
    .where('x.case_id', '=', caseId)
    .execute();

export async function addCaseHazard(db: Db, districtId: string, caseId: string, hazardId: string) {
  await db.insertInto('case_hazard').values({ district_id: districtId, case_id: caseId, hazard_id: hazardId }).execute();
}

export const findCaseHazards = (db: Db, districtId: string, caseId: string) =>
  db
    .selectFrom('case_hazard as x')
    .innerJoin('hazard as h', (j) => j.onRef('h.district_id', '=', 'x.district_id').onRef('h.id', '=', 'x.hazard_id'))
    .select(['h.id', 'h.code', 'h.title', 'h.state'])
    .where('x.district_id', '=', districtId)
    .where('x.case_id', '=', caseId)
    .execute();

export const findUnit = (db: Db, districtId: string, id: string) =>
  db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'name', 'parent_id', 'department_type', 'is_active'])
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findDistrictUnit = (db: Db, districtId: string) =>
  db.selectFrom('org_unit').select(['id', 'name']).where('district_id', '=', districtId).where('kind', '=', 'district').executeTakeFirst();

/** The police stations whose precinct holds the school. */
export const findPrecinctStations = (db: Db, districtId: string, schoolId: string) =>
  db
    .selectFrom('assignment')
    .select('subject_id')
    .where('district_id', '=', districtId)
    .where('kind', '=', 'precinct_school')
    .where('target_id', '=', schoolId)
    .execute()
    .then((r) => r.map((x) => x.subject_id));

/** Active users of a unit with one of these roles. */
export const findUnitUserIds = (db: Db, districtId: string, unitId: string, roles: readonly string[]) =>
  db
    .selectFrom('app_user')
    .select('id')
    .where('district_id', '=', districtId)
    .where('org_unit_id', '=', unitId)
    .where('role', 'in', roles as string[])
    .where('is_active', '=', true)
    .execute()
    .then((r) => r.map((x) => x.id));

/* ---- statistics ---- */

export async function findStepRows(db: Db, districtId: string, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return db
    .selectFrom('case_step')
    .select(['case_id', 'step', 'entered_at', 'due_at', 'left_at'])
    .where('district_id', '=', districtId)
    .where('case_id', 'in', caseIds as string[])
    .execute();
}

/** Open cases of every district whose current step is past its due instant (the hourly scan). */
/** Incidents whose upward report is due before `before` and not recorded (the scan's 将到期/已超时 notices). */
export const findUpwardDue = (db: Db, before: Date) =>
  db
    .selectFrom('case_file as c')
    .select(['c.district_id', 'c.id', 'c.code', 'c.title', 'c.upward_due_at'])
    .where('c.upward_due_at', 'is not', null)
    .where('c.upward_report_at', 'is', null)
    .where('c.upward_due_at', '<', before)
    .orderBy('c.district_id')
    .limit(5000)
    .execute();

export const findOverdueOpenCases = (db: Db, now: Date) =>
  db
    .selectFrom('case_file as c')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'c.district_id').onRef('o.id', '=', 'c.owner_unit_id'))
    .leftJoin('org_unit as a', (j) => j.onRef('a.district_id', '=', 'c.district_id').onRef('a.id', '=', 'c.assigned_unit_id'))
    .select([
      'c.district_id',
      'c.id',
      'c.code',
      'c.title',
      'c.state',
      'c.step_due_at',
      'c.owner_unit_id',
      'o.kind as owner_kind',
      'c.assigned_unit_id',
      'a.kind as assigned_kind',
    ])
    .where('c.state', '<>', 'archived')
    .where('c.step_due_at', '<', now)
    .orderBy('c.district_id')
    .limit(5000)
    .execute();
