import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RiskAlertSchoolTable, RiskAlertTable, RiskAssessmentTable, RiskPointTable } from '../db/schema.js';

/** The risk register and risk alerts: the only SQL of the module. Every query is keyed by district. */
export type RiskPointRecord = Selectable<RiskPointTable> & { school_name: string | null; school_code: string | null };

/** The schools a user reads: null = the whole district (and its district-level points). */
export type ReadIds = readonly string[] | null;

export type RiskPointFilter = {
  schoolId?: string | undefined;
  /** Only the district's own points (school_id null). */
  districtLevel?: boolean | undefined;
  colours?: readonly string[] | undefined;
  sourceCodes?: readonly string[] | undefined;
  status?: 'active' | 'retired' | undefined;
  /** Active points whose review was due before this day. */
  reviewDueBefore?: string | undefined;
  keyword?: string | undefined;
};

function scopedPoints(db: Db, districtId: string, readIds: ReadIds) {
  let q = db
    .selectFrom('risk_point as r')
    .leftJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.school_id'))
    .where('r.district_id', '=', districtId);
  if (readIds) q = readIds.length ? q.where('r.school_id', 'in', readIds) : q.where(sql<boolean>`false`);
  return q;
}

function filteredPoints(db: Db, districtId: string, readIds: ReadIds, f: RiskPointFilter) {
  let q = scopedPoints(db, districtId, readIds);
  if (f.schoolId) q = q.where('r.school_id', '=', f.schoolId);
  if (f.districtLevel) q = q.where('r.school_id', 'is', null);
  if (f.colours?.length) q = q.where('r.colour', 'in', f.colours as RiskPointTable['colour'][]);
  if (f.sourceCodes?.length) q = q.where('r.source_code', 'in', f.sourceCodes);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.reviewDueBefore) q = q.where('r.status', '=', 'active').where('r.next_review_due', '<', f.reviewDueBefore);
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('r.name', 'like', like), eb('r.place', 'like', like), eb('s.name', 'like', like)]));
  }
  return q;
}

export async function findRiskPoints(db: Db, districtId: string, readIds: ReadIds, f: RiskPointFilter, limit: number, offset: number) {
  const base = filteredPoints(db, districtId, readIds, f);
  const [items, counts] = await Promise.all([
    base
      .selectAll('r')
      .select(['s.name as school_name', 's.code as school_code'])
      .orderBy(sql`case r.colour when 'red' then 1 when 'orange' then 2 when 'yellow' then 3 else 4 end`)
      .orderBy('r.score', 'desc')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset)
      .execute() as Promise<RiskPointRecord[]>,
    base
      .select([
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) filter (where r.colour = 'red')`.as('red'),
        sql<number>`count(*) filter (where r.colour = 'orange')`.as('orange'),
        sql<number>`count(*) filter (where r.colour = 'yellow')`.as('yellow'),
        sql<number>`count(*) filter (where r.colour = 'blue')`.as('blue'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items,
    total: Number(counts.total),
    counts: { red: Number(counts.red), orange: Number(counts.orange), yellow: Number(counts.yellow), blue: Number(counts.blue) },
  };
}

export async function countRiskPoints(db: Db, districtId: string, readIds: ReadIds, f: RiskPointFilter): Promise<number> {
  const r = await filteredPoints(db, districtId, readIds, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findRiskPoint(db: Db, districtId: string, readIds: ReadIds, id: string): Promise<RiskPointRecord | undefined> {
  return (await scopedPoints(db, districtId, readIds)
    .selectAll('r')
    .select(['s.name as school_name', 's.code as school_code'])
    .where('r.id', '=', id)
    .executeTakeFirst()) as RiskPointRecord | undefined;
}

export async function insertRiskPoint(db: Db, row: Insertable<RiskPointTable>): Promise<string> {
  return (await db.insertInto('risk_point').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRiskPointIfVersion(db: Db, districtId: string, id: string, version: number, values: Partial<Insertable<RiskPointTable>>) {
  const r = await db
    .updateTable('risk_point')
    .set({ ...values, updated_at: new Date(), version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAssessment(db: Db, row: Insertable<RiskAssessmentTable>) {
  await db.insertInto('risk_assessment').values(row).execute();
}

export async function findAssessments(db: Db, districtId: string, pointId: string) {
  return db
    .selectFrom('risk_assessment')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('risk_point_id', '=', pointId)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Per school: active points by colour (the map's colour is the highest). */
export async function countActiveBySchool(db: Db, districtId: string, readIds: ReadIds) {
  const rows = await scopedPoints(db, districtId, readIds)
    .where('r.status', '=', 'active')
    .where('r.school_id', 'is not', null)
    .select([
      'r.school_id',
      sql<number>`count(*) filter (where r.colour = 'red')`.as('red'),
      sql<number>`count(*) filter (where r.colour = 'orange')`.as('orange'),
      sql<number>`count(*) filter (where r.colour = 'yellow')`.as('yellow'),
      sql<number>`count(*) filter (where r.colour = 'blue')`.as('blue'),
    ])
    .groupBy('r.school_id')
    .execute();
  return rows.map((r) => ({ schoolId: r.school_id as string, red: Number(r.red), orange: Number(r.orange), yellow: Number(r.yellow), blue: Number(r.blue) }));
}

/* ---- schools (targets, map) ---- */

export async function findSchools(db: Db, districtId: string, ids: ReadIds) {
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.name', 'o.code', 'o.parent_id', 'p.parent_id as grandparent_id', 'p.name as parent_name', 's.school_type', 's.latitude', 's.longitude'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true);
  if (ids) q = ids.length ? q.where('o.id', 'in', ids) : q.where(sql<boolean>`false`);
  return q.orderBy('o.code').execute();
}
export type RiskSchool = Awaited<ReturnType<typeof findSchools>>[number];

export async function findDistrictUnitId(db: Db, districtId: string): Promise<string> {
  const r = await db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where('kind', '=', 'district')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Schools with an active point of one of the colours or one of the source categories. */
export async function findSchoolsWithRisk(db: Db, districtId: string, colours: readonly string[], sourceCodes: readonly string[]): Promise<string[]> {
  if (!colours.length && !sourceCodes.length) return [];
  const rows = await db
    .selectFrom('risk_point')
    .select('school_id')
    .distinct()
    .where('district_id', '=', districtId)
    .where('status', '=', 'active')
    .where('school_id', 'is not', null)
    .where((eb) =>
      eb.or([
        ...(colours.length ? [eb('colour', 'in', colours as RiskPointTable['colour'][])] : []),
        ...(sourceCodes.length ? [eb('source_code', 'in', sourceCodes)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.school_id as string);
}

/* ---- alerts ---- */

export async function insertAlert(db: Db, row: Insertable<RiskAlertTable>): Promise<string> {
  return (await db.insertInto('risk_alert').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAlertSchools(db: Db, rows: Insertable<RiskAlertSchoolTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('risk_alert_school')
      .values(rows.slice(i, i + 500))
      .execute();
}

export type AlertFilter = {
  /** Alerts with a row of one of these schools (null: all). */
  schoolIds: ReadIds;
  /** Only alerts with a row in scope not yet acknowledged. */
  pending?: boolean | undefined;
  kind?: string | undefined;
};

function filteredAlerts(db: Db, districtId: string, f: AlertFilter) {
  let q = db.selectFrom('risk_alert as a').where('a.district_id', '=', districtId);
  if (f.kind) q = q.where('a.kind', '=', f.kind as RiskAlertTable['kind']);
  const ids = f.schoolIds;
  if (ids && ids.length === 0) return q.where(sql<boolean>`false`);
  if (ids || f.pending) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('risk_alert_school as x')
          .select('x.school_id')
          .whereRef('x.district_id', '=', 'a.district_id')
          .whereRef('x.alert_id', '=', 'a.id')
          .$if(ids !== null, (w) => w.where('x.school_id', 'in', ids as string[]))
          .$if(!!f.pending, (w) => w.where('x.acknowledged_at', 'is', null)),
      ),
    );
  }
  return q;
}

export async function findAlerts(db: Db, districtId: string, f: AlertFilter, limit: number, offset: number) {
  const base = filteredAlerts(db, districtId, f);
  const [items, total] = await Promise.all([
    base
      .leftJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.sender_unit_id'))
      .selectAll('a')
      .select('u.name as sender_unit_name')
      .orderBy('a.sent_at', 'desc')
      .orderBy('a.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function countAlerts(db: Db, districtId: string, f: AlertFilter): Promise<number> {
  return Number(
    (
      await filteredAlerts(db, districtId, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function findAlert(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('risk_alert as a')
    .leftJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.sender_unit_id'))
    .selectAll('a')
    .select('u.name as sender_unit_name')
    .where('a.district_id', '=', districtId)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The rows of alerts (one per school), limited to the schools given (null: all). */
export async function findAlertSchools(db: Db, districtId: string, alertIds: readonly string[], schoolIds: ReadIds) {
  if (!alertIds.length || (schoolIds && !schoolIds.length)) return [];
  let q = db
    .selectFrom('risk_alert_school as x')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'x.district_id').onRef('o.id', '=', 'x.school_id'))
    .selectAll('x')
    .select(['o.name as school_name', 'o.code as school_code'])
    .where('x.district_id', '=', districtId)
    .where('x.alert_id', 'in', alertIds);
  if (schoolIds) q = q.where('x.school_id', 'in', schoolIds);
  return q.orderBy('o.code').execute();
}

export async function acknowledgeAlertSchool(
  db: Db,
  districtId: string,
  alertId: string,
  schoolId: string,
  v: { at: Date; on: string; by: string; byName: string; measures: string },
) {
  const r = await db
    .updateTable('risk_alert_school')
    .set({ acknowledged_at: v.at, acknowledged_on: v.on, acknowledged_by: v.by, acknowledged_by_name: v.byName, measures: v.measures })
    .where('district_id', '=', districtId)
    .where('alert_id', '=', alertId)
    .where('school_id', '=', schoolId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markChased(db: Db, districtId: string, alertId: string, schoolIds: readonly string[], at: Date) {
  if (!schoolIds.length) return;
  await db
    .updateTable('risk_alert_school')
    .set({ chase_count: sql`chase_count + 1`, last_chased_at: at })
    .where('district_id', '=', districtId)
    .where('alert_id', '=', alertId)
    .where('school_id', 'in', schoolIds)
    .where('acknowledged_at', 'is', null)
    .execute();
}

/** Per school: alerts sent in [from, to) and where they stand today (the one tally; see risk-alerts.service). */
export async function tallyAlertsBySchool(
  db: Db,
  districtId: string,
  schoolIds: ReadIds,
  range: { from?: Date | undefined; to?: Date | undefined },
  today: string,
) {
  if (schoolIds && !schoolIds.length) return [];
  let q = db
    .selectFrom('risk_alert_school as x')
    .innerJoin('risk_alert as a', (j) => j.onRef('a.district_id', '=', 'x.district_id').onRef('a.id', '=', 'x.alert_id'))
    .where('x.district_id', '=', districtId)
    .select([
      'x.school_id',
      (eb) => eb.fn.countAll<number>().as('sent'),
      sql<number>`count(*) filter (where x.acknowledged_on is not null and x.acknowledged_on <= a.deadline)`.as('acknowledged'),
      sql<number>`count(*) filter (where x.acknowledged_on > a.deadline)`.as('late'),
      sql<number>`count(*) filter (where x.acknowledged_on is null and a.deadline >= ${today})`.as('pending'),
      sql<number>`count(*) filter (where x.acknowledged_on is null and a.deadline < ${today})`.as('overdue'),
    ])
    .groupBy('x.school_id');
  if (schoolIds) q = q.where('x.school_id', 'in', schoolIds);
  if (range.from) q = q.where('a.sent_at', '>=', range.from);
  if (range.to) q = q.where('a.sent_at', '<', range.to);
  const rows = await q.execute();
  return rows.map((r) => ({
    schoolId: r.school_id,
    sent: Number(r.sent),
    acknowledged: Number(r.acknowledged),
    late: Number(r.late),
    pending: Number(r.pending),
    overdue: Number(r.overdue),
  }));
}

/**
 * The review histories of the school risk points (the duty engine's risk_review facts,
 * domain/risk-review.ts): every assessment of the points of the given schools (null = all) with
 * the review date it set, and the day each retired point was retired. District points have no
 * school duty. Points are few per school (tens), so the whole history is read.
 */
export async function findReviewHistories(db: Db, districtId: string, schoolIds: readonly string[] | null) {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('risk_assessment as a')
    .innerJoin('risk_point as p', (j) => j.onRef('p.district_id', '=', 'a.district_id').onRef('p.id', '=', 'a.risk_point_id'))
    .select(['p.id as point_id', 'p.school_id', 'p.retired_on', 'a.assessed_on', 'a.colour', 'a.next_review_due'])
    .where('a.district_id', '=', districtId)
    .where('p.school_id', 'is not', null);
  if (schoolIds) q = q.where('p.school_id', 'in', schoolIds);
  const rows = await q.orderBy('p.id').orderBy('a.assessed_on').orderBy('a.created_at').execute();
  const out = new Map<
    string,
    { pointId: string; schoolId: string; retiredOn: string | null; assessments: { assessedOn: string; colour: string; nextReviewDue: string }[] }
  >();
  for (const r of rows) {
    let p = out.get(r.point_id);
    if (!p) {
      p = { pointId: r.point_id, schoolId: r.school_id as string, retiredOn: r.retired_on, assessments: [] };
      out.set(r.point_id, p);
    }
    p.assessments.push({ assessedOn: r.assessed_on, colour: r.colour, nextReviewDue: r.next_review_due });
  }
  return [...out.values()];
}

/** The school of a risk point (the duty engine's scope check of a review fact, id "point:due"). */
export async function findPointOwner(db: Db, districtId: string, pointId: string) {
  return db
    .selectFrom('risk_point')
    .select(['school_id', 'name'])
    .where('district_id', '=', districtId)
    .where('id', '=', pointId)
    .where('school_id', 'is not', null)
    .executeTakeFirst();
}
