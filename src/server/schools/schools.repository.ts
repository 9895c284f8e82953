import { type Kysely, sql } from 'kysely';
import type { Database, NewSchool, SchoolUpdate } from '../db/schema.js';

type Q = Kysely<Database>;

export type SchoolFilter = {
  districtId: string;
  ids: readonly string[] | null; // null: every school of the district
  keyword?: string | undefined;
  parentId?: string | undefined;
  schoolType?: string | undefined;
  ownership?: string | undefined;
  /** true: schools with boarders; false: schools without. */
  boarding?: boolean | undefined;
  includeInactive?: boolean | undefined;
};

export const schoolSorts = {
  code: ['u.code', 'asc'],
  '-code': ['u.code', 'desc'],
  name: ['u.name', 'asc'],
  '-name': ['u.name', 'desc'],
  enrollment: ['s.enrollment', 'asc'],
  '-enrollment': ['s.enrollment', 'desc'],
  updatedAt: ['s.updated_at', 'asc'],
  '-updatedAt': ['s.updated_at', 'desc'],
} as const;
export type SchoolSort = keyof typeof schoolSorts;

function base(db: Q, districtId: string) {
  return db
    .selectFrom('school as s')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 's.district_id').onRef('u.id', '=', 's.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.parent_id'))
    .where('s.district_id', '=', districtId);
}

type Base = ReturnType<typeof base>;

function applyFilter(q: Base, f: SchoolFilter): Base {
  let r = q;
  if (f.ids) r = f.ids.length ? r.where('s.id', 'in', f.ids) : r.where(sql<boolean>`false`);
  if (!f.includeInactive) r = r.where('u.is_active', '=', true);
  if (f.parentId) r = r.where('u.parent_id', '=', f.parentId);
  if (f.schoolType) r = r.where('s.school_type', '=', f.schoolType);
  if (f.ownership) r = r.where('s.ownership', '=', f.ownership);
  if (f.boarding !== undefined) r = r.where('s.boarding_students', f.boarding ? '>' : '=', 0);
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    r = r.where((eb) =>
      eb.or([eb('u.name', 'ilike', like), eb('u.code', 'ilike', like), eb('s.address', 'ilike', like), eb('s.principal_name', 'ilike', like)]),
    );
  }
  return r;
}

const columns = [
  's.id',
  'u.code',
  'u.name',
  'u.parent_id',
  'p.name as parent_name',
  'u.is_active',
  's.school_type',
  's.ownership',
  's.enrollment',
  's.boarding_students',
  's.staff_count',
  's.gate_count',
  's.bus_count',
  's.class_counts',
  's.address',
  's.longitude',
  's.latitude',
  's.principal_name',
  's.principal_phone',
  's.safety_officer_name',
  's.safety_officer_phone',
  's.phone',
  's.updated_at',
] as const;

/**
 * One page and the total in one query (`count(*) over ()`): a list request is one round trip,
 * which matters under load on PostgreSQL. A page past the end has no row to carry the total,
 * so only then is it counted separately.
 */
export async function findSchools(db: Q, f: SchoolFilter, page: { offset: number; limit: number; sort: SchoolSort }) {
  const [col, dir] = schoolSorts[page.sort];
  const filtered = applyFilter(base(db, f.districtId), f);
  const rows = await filtered
    .select(columns)
    .select(sql<number>`count(*) over ()`.as('total_count'))
    .orderBy(col, dir)
    .orderBy('u.code')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]?.total_count)
      : page.offset === 0
        ? 0
        : Number((await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { rows: rows.map(({ total_count: _t, ...r }) => r), total };
}

export type SchoolRecord = Awaited<ReturnType<typeof findSchools>>['rows'][number];

export async function findSchoolById(db: Q, districtId: string, id: string): Promise<SchoolRecord | undefined> {
  return base(db, districtId).select(columns).where('s.id', '=', id).executeTakeFirst();
}

/** Every school matching the filter, for exports (a district has hundreds, not millions). */
export async function findAllSchools(db: Q, f: SchoolFilter) {
  return applyFilter(base(db, f.districtId), f).select(columns).orderBy('p.code').orderBy('u.code').execute();
}

export async function insertSchool(db: Q, row: NewSchool) {
  await db.insertInto('school').values(row).execute();
}

/** Always touches updated_at: a change kept on org_unit (name, code, parent) is a change of the school too. */
export async function updateSchoolRow(db: Q, districtId: string, id: string, patch: SchoolUpdate) {
  await db
    .updateTable('school')
    .set({ ...patch, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}

export async function findSchoolIdsByCodes(db: Q, districtId: string, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, { id: string; kind: string }>();
  const rows = await db.selectFrom('org_unit').select(['id', 'code', 'kind']).where('district_id', '=', districtId).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, kind: r.kind }]));
}
