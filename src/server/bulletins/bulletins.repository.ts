import { type Insertable, type Kysely, sql } from 'kysely';
import type { BulletinKind, BulletinState } from '../../domain/bulletin.js';
import type { BulletinLinkTable, BulletinTable, Database } from '../db/schema.js';

type Q = Kysely<Database>;

/** What a reader sees: bulletins to units in their read scope, to their own unit, or issued by it. */
export type BulletinScope = { districtId: string; unitIds: readonly string[] | null; ownUnitId: string };

export type BulletinFilter = {
  scope: BulletinScope;
  unitId?: string | undefined;
  kind?: BulletinKind | undefined;
  state?: BulletinState | undefined;
  /** Issued in [from, to) (instants). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only those addressed to this unit (the unit's own to-do). */
  addressedTo?: string | undefined;
  issuerUnitId?: string | undefined;
};

function base(db: Q, f: BulletinFilter) {
  let q = db
    .selectFrom('bulletin as b')
    .innerJoin('org_unit as u', (j) => j.onRef('u.district_id', '=', 'b.district_id').onRef('u.id', '=', 'b.unit_id'))
    .innerJoin('org_unit as i', (j) => j.onRef('i.district_id', '=', 'b.district_id').onRef('i.id', '=', 'b.issuer_unit_id'))
    .where('b.district_id', '=', f.scope.districtId);
  const { unitIds, ownUnitId } = f.scope;
  if (unitIds) {
    q = q.where((eb) =>
      eb.or([...(unitIds.length ? [eb('b.unit_id', 'in', unitIds)] : []), eb('b.unit_id', '=', ownUnitId), eb('b.issuer_unit_id', '=', ownUnitId)]),
    );
  }
  if (f.unitId) q = q.where('b.unit_id', '=', f.unitId);
  if (f.addressedTo) q = q.where('b.unit_id', '=', f.addressedTo);
  if (f.issuerUnitId) q = q.where('b.issuer_unit_id', '=', f.issuerUnitId);
  if (f.kind) q = q.where('b.kind', '=', f.kind);
  if (f.state) q = q.where('b.state', '=', f.state);
  if (f.from) q = q.where('b.issued_at', '>=', f.from);
  if (f.to) q = q.where('b.issued_at', '<', f.to);
  return q;
}

const columns = [
  'b.id',
  'b.number',
  'b.kind',
  'b.unit_id',
  'u.name as unit_name',
  'u.kind as unit_kind',
  'b.issuer_unit_id',
  'i.name as issuer_unit_name',
  'b.issuer_user_id',
  'b.issuer_name',
  'b.title',
  'b.reason',
  'b.requirements',
  'b.respond_by',
  'b.trigger_data',
  'b.state',
  'b.issued_at',
  'b.response',
  'b.acknowledged_at',
  'b.acknowledged_by_name',
  'b.closed_at',
  'b.version',
] as const;

export async function findBulletins(db: Q, f: BulletinFilter, page: { offset: number; limit: number }) {
  return base(db, f).select(columns).orderBy('b.issued_at', 'desc').orderBy('b.id').offset(page.offset).limit(page.limit).execute();
}
export type BulletinRecord = Awaited<ReturnType<typeof findBulletins>>[number];

export async function countBulletinStates(db: Q, f: BulletinFilter) {
  const rows = await base(db, { ...f, state: undefined })
    .select(['b.state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('b.state')
    .execute();
  const counts: Record<BulletinState, number> = { issued: 0, acknowledged: 0, closed: 0, revoked: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

export async function findBulletinById(db: Q, districtId: string, id: string): Promise<BulletinRecord | undefined> {
  return base(db, { scope: { districtId, unitIds: null, ownUnitId: '' } })
    .select(columns)
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** Per addressed unit and kind, the bulletins issued in the range (revoked ones do not count). */
export async function countByUnitAndKind(db: Q, f: BulletinFilter) {
  const rows = await base(db, f)
    .where('b.state', '<>', 'revoked')
    .select([
      'b.unit_id',
      'u.name as unit_name',
      'b.kind',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) filter (where b.state <> 'closed')`.as('open'),
    ])
    .groupBy(['b.unit_id', 'u.name', 'b.kind'])
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, kind: r.kind, n: Number(r.n), open: Number(r.open) }));
}

export async function insertBulletin(db: Q, row: Insertable<BulletinTable>) {
  return db.insertInto('bulletin').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertBulletinLinks(db: Q, rows: Insertable<BulletinLinkTable>[]) {
  if (rows.length) await db.insertInto('bulletin_link').values(rows).execute();
}

export async function findBulletinLinks(db: Q, districtId: string, bulletinId: string) {
  return db
    .selectFrom('bulletin_link')
    .select(['ref_type', 'ref_id', 'ref_key', 'label', 'detail'])
    .where('district_id', '=', districtId)
    .where('bulletin_id', '=', bulletinId)
    .orderBy('ref_type')
    .orderBy('label')
    .execute();
}

export async function updateBulletinIfVersion(
  db: Q,
  districtId: string,
  id: string,
  version: number,
  patch: { state: BulletinState; response?: string; acknowledged_at?: Date | null; acknowledged_by_name?: string | null; closed_at?: Date | null },
): Promise<boolean> {
  const r = await db
    .updateTable('bulletin')
    .set({ ...patch, version: version + 1 })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertBulletinEvent(
  db: Q,
  row: {
    district_id: string;
    bulletin_id: string;
    action: string;
    from_state: string;
    to_state: string;
    note: string;
    actor_id: string;
    actor_name: string;
    at: Date;
  },
) {
  await db.insertInto('bulletin_event').values(row).execute();
}

export async function findBulletinEvents(db: Q, districtId: string, bulletinId: string) {
  return db
    .selectFrom('bulletin_event')
    .select(['id', 'action', 'from_state', 'to_state', 'note', 'actor_name', 'at'])
    .where('district_id', '=', districtId)
    .where('bulletin_id', '=', bulletinId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
