import { type Kysely, sql } from 'kysely';
import type { AppUserTable, Database } from '../db/schema.js';

type Q = Kysely<Database>;

export async function findUserById(db: Q, districtId: string, id: string) {
  return db.selectFrom('app_user').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export type UserFilter = {
  districtId: string;
  orgUnitIds: readonly string[] | null;
  keyword?: string | undefined;
  role?: string | undefined;
  orgUnitId?: string | undefined;
};

const listColumns = [
  'a.id',
  'a.username',
  'a.display_name',
  'a.role',
  'a.org_unit_id',
  'o.name as org_unit_name',
  'a.phone',
  'a.is_active',
  'a.must_change_password',
  'a.locked_until',
  'a.last_login_at',
  'a.created_at',
] as const;

function filtered(db: Q, f: UserFilter) {
  let q = db
    .selectFrom('app_user as a')
    .innerJoin('org_unit as o', (j) => j.onRef('o.district_id', '=', 'a.district_id').onRef('o.id', '=', 'a.org_unit_id'))
    .where('a.district_id', '=', f.districtId);
  if (f.orgUnitIds) q = f.orgUnitIds.length ? q.where('a.org_unit_id', 'in', f.orgUnitIds) : q.where(sql<boolean>`false`);
  if (f.role) q = q.where('a.role', '=', f.role);
  if (f.orgUnitId) q = q.where('a.org_unit_id', '=', f.orgUnitId);
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('a.username', 'ilike', like), eb('a.display_name', 'ilike', like), eb('o.name', 'ilike', like)]));
  }
  return q;
}

export async function findUsers(db: Q, f: UserFilter, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    filtered(db, f).select(listColumns).orderBy('a.role').orderBy('a.username').offset(page.offset).limit(page.limit).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type UserRecord = Awaited<ReturnType<typeof findUsers>>['rows'][number];

export async function findUserRecord(db: Q, districtId: string, id: string): Promise<UserRecord | undefined> {
  return filtered(db, { districtId, orgUnitIds: null }).select(listColumns).where('a.id', '=', id).executeTakeFirst();
}

export async function isUsernameTaken(db: Q, username: string): Promise<boolean> {
  const r = await db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertUser(
  db: Q,
  row: Pick<AppUserTable, 'district_id' | 'username' | 'display_name' | 'password_hash' | 'role' | 'org_unit_id'> & {
    phone?: string;
    must_change_password?: boolean;
  },
) {
  return db.insertInto('app_user').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function updateUserRow(
  db: Q,
  districtId: string,
  id: string,
  patch: Partial<Pick<AppUserTable, 'display_name' | 'role' | 'org_unit_id' | 'password_hash'>> & {
    phone?: string;
    is_active?: boolean;
    must_change_password?: boolean;
    failed_login_count?: number;
    locked_until?: Date | null;
  },
) {
  await db
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date() })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute();
}
