import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { PremiseSchoolTable, PremiseTable } from '../db/schema.js';

/** Premises near schools and their distances to schools: the only SQL of the module (no PostGIS). */
export type PremiseRecord = Selectable<PremiseTable> & { department_name: string | null };
export type PremiseSchoolRecord = Selectable<PremiseSchoolTable> & { school_name: string };

export type PremiseFilter = {
  districtId: string;
  typeCodes?: readonly string[] | undefined;
  breach?: boolean | undefined;
  /** Premises near a school of this township/centre. */
  parentId?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  keyword?: string | undefined;
};

const premiseColumns = [
  'p.district_id',
  'p.id',
  'p.type_code',
  'p.name',
  'p.address',
  'p.latitude',
  'p.longitude',
  'p.licence_no',
  'p.licence_expiry',
  'p.operator_name',
  'p.contact_phone',
  'p.department_unit_id',
  'p.status',
  'p.note',
  'p.created_by',
  'p.created_by_name',
  'p.created_at',
  'p.updated_by',
  'p.updated_by_name',
  'p.updated_at',
  'p.version',
] as const;

function base(db: Db, districtId: string) {
  return db
    .selectFrom('premise as p')
    .leftJoin('org_unit as d', (j) => j.onRef('d.district_id', '=', 'p.district_id').onRef('d.id', '=', 'p.department_unit_id'))
    .where('p.district_id', '=', districtId)
    .select([...premiseColumns, 'd.name as department_name']);
}

export async function findPremises(db: Db, f: PremiseFilter, limit: number, offset: number) {
  let q = base(db, f.districtId);
  if (f.typeCodes?.length) q = q.where('p.type_code', 'in', f.typeCodes);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.keyword) q = q.where((eb) => eb.or([eb('p.name', 'like', `%${f.keyword}%`), eb('p.address', 'like', `%${f.keyword}%`)]));
  if (f.breach !== undefined) {
    const wanted = f.breach;
    q = q.where((eb) => {
      const breaching = eb.exists(
        eb
          .selectFrom('premise_school as b')
          .select('b.school_id')
          .whereRef('b.district_id', '=', 'p.district_id')
          .whereRef('b.premise_id', '=', 'p.id')
          .where('b.breach', '=', true),
      );
      return wanted ? breaching : eb.not(breaching);
    });
  }
  if (f.parentId) {
    const parentId = f.parentId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('premise_school as n')
          .innerJoin('org_unit as s', (j) => j.onRef('s.district_id', '=', 'n.district_id').onRef('s.id', '=', 'n.school_id'))
          .select('n.school_id')
          .whereRef('n.district_id', '=', 'p.district_id')
          .whereRef('n.premise_id', '=', 'p.id')
          .where('s.parent_id', '=', parentId),
      ),
    );
  }
  const [items, count] = await Promise.all([
    q.orderBy('p.updated_at', 'desc').orderBy('p.id').limit(limit).offset(offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as PremiseRecord[], total: Number(count.n) };
}

export async function findPremiseById(db: Db, districtId: string, id: string): Promise<PremiseRecord | undefined> {
  return (await base(db, districtId).where('p.id', '=', id).executeTakeFirst()) as PremiseRecord | undefined;
}

export async function insertPremise(db: Db, row: Insertable<PremiseTable>): Promise<string> {
  return (await db.insertInto('premise').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePremiseIfVersion(db: Db, districtId: string, id: string, version: number, patch: Updateable<PremiseTable>): Promise<boolean> {
  const r = await db
    .updateTable('premise')
    .set({ ...patch, version: version + 1, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every premise of the district with its point: what a full recomputation walks. */
export async function findAllPremisePoints(db: Db, districtId: string) {
  return db.selectFrom('premise').where('district_id', '=', districtId).select(['id', 'type_code', 'name', 'latitude', 'longitude', 'status']).execute();
}

export async function replacePremiseSchools(db: Db, districtId: string, premiseId: string, rows: Insertable<PremiseSchoolTable>[]) {
  await db.deleteFrom('premise_school').where('district_id', '=', districtId).where('premise_id', '=', premiseId).execute();
  if (rows.length) await db.insertInto('premise_school').values(rows).execute();
}

export async function findPremiseSchools(db: Db, districtId: string, premiseIds: readonly string[]): Promise<PremiseSchoolRecord[]> {
  if (!premiseIds.length) return [];
  return db
    .selectFrom('premise_school as n')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'n.district_id').onRef('o.id', '=', 'n.school_id'))
    .where('n.district_id', '=', districtId)
    .where('n.premise_id', 'in', premiseIds)
    .selectAll('n')
    .select('o.name as school_name')
    .orderBy('n.distance_m')
    .execute();
}

/** The premises near one school, nearest first. */
export async function findNearSchool(db: Db, districtId: string, schoolId: string) {
  return db
    .selectFrom('premise_school as n')
    .innerJoin('premise as p', (j) => j.onRef('p.district_id', '=', 'n.district_id').onRef('p.id', '=', 'n.premise_id'))
    .leftJoin('org_unit as d', (j) => j.onRef('d.district_id', '=', 'p.district_id').onRef('d.id', '=', 'p.department_unit_id'))
    .where('n.district_id', '=', districtId)
    .where('n.school_id', '=', schoolId)
    .select([
      ...premiseColumns,
      'd.name as department_name',
      'n.gate_name',
      'n.from_school_point',
      'n.distance_m',
      'n.breach',
      'n.zone_code',
      'n.radius_m',
      'n.message',
    ])
    .orderBy('n.distance_m')
    .execute();
}

/** Open hazards raised from a premise's breaches, by school. */
export async function findOpenPremiseHazards(db: Db, districtId: string, premiseIds: readonly string[]) {
  if (!premiseIds.length) return [];
  return db
    .selectFrom('hazard')
    .where('district_id', '=', districtId)
    .where('premise_id', 'in', premiseIds)
    .where('state', '<>', 'closed')
    .select(['id', 'code', 'premise_id', 'school_id', 'state'])
    .execute();
}

export async function setHazardPremise(db: Db, districtId: string, hazardId: string, premiseId: string) {
  await db.updateTable('hazard').set({ premise_id: premiseId }).where('district_id', '=', districtId).where('id', '=', hazardId).execute();
}

/** The school's point and its township/centre, for the map. */
export async function findSchoolPoints(db: Db, districtId: string, schoolIds: readonly string[] | null) {
  let q = db
    .selectFrom('school as s')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 's.district_id').onRef('o.id', '=', 's.id'))
    .where('s.district_id', '=', districtId)
    .where('o.is_active', '=', true)
    .where('s.latitude', 'is not', null)
    .where('s.longitude', 'is not', null);
  if (schoolIds) q = q.where('s.id', 'in', schoolIds.length ? schoolIds : ['00000000-0000-0000-0000-000000000000']);
  return q.select(['s.id', 'o.name', 'o.parent_id', 's.school_type', 's.latitude', 's.longitude']).orderBy('o.code').execute();
}

export async function findUnit(db: Db, districtId: string, id: string) {
  return db
    .selectFrom('org_unit')
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .select(['id', 'name', 'kind', 'department_type', 'is_active'])
    .executeTakeFirst();
}

/** The district's departments by code (the demo load names them by code). */
export async function findDepartmentCodes(db: Db, districtId: string) {
  return db.selectFrom('org_unit').where('district_id', '=', districtId).where('kind', '=', 'department').select(['id', 'code']).execute();
}
