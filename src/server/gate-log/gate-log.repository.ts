import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, GateLogEntryTable } from '../db/schema.js';

type Q = Kysely<Database>;

/** The gate log's SQL. Every read takes the retention start: older entries are never returned. */

export type GateLogRecord = Selectable<GateLogEntryTable>;

/** Nothing (undefined) when an entry with the row's id is already recorded: the caller decides. */
export async function insertEntry(db: Q, row: Insertable<GateLogEntryTable>): Promise<GateLogRecord | undefined> {
  return db
    .insertInto('gate_log_entry')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findEntry(db: Q, districtId: string, id: string, since: string): Promise<GateLogRecord | undefined> {
  return db
    .selectFrom('gate_log_entry')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('entered_on', '>=', since)
    .executeTakeFirst();
}

export async function findEntryOrThrow(db: Q, districtId: string, id: string): Promise<GateLogRecord> {
  return db.selectFrom('gate_log_entry').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirstOrThrow();
}

/** A day's entries, plus those of earlier days (within retention) still without a leaving time. */
export async function findDay(db: Q, districtId: string, schoolId: string, day: string, since: string): Promise<GateLogRecord[]> {
  return db
    .selectFrom('gate_log_entry')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('entered_on', '>=', since)
    .where((eb) => eb.or([eb('entered_on', '=', day), eb.and([eb('left_at', 'is', null), eb('entered_on', '<', day)])]))
    .orderBy('entered_at', 'desc')
    .limit(500)
    .execute();
}

/** The latest entry of each distinct visitor or vehicle since `since`: what the gatehouse re-enters with one tap. */
export async function findRecent(db: Q, districtId: string, schoolId: string, since: string, limit: number) {
  const rows = await db
    .selectFrom('gate_log_entry')
    .select(['kind', 'name', 'id_last4', 'phone', 'plate', 'purpose', 'host', 'entered_at'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('entered_on', '>=', since)
    .orderBy('entered_at', 'desc')
    .limit(300)
    .execute();
  const seen = new Set<string>();
  const out: typeof rows = [];
  for (const r of rows) {
    const key = `${r.kind}|${r.name}|${r.id_last4}|${r.plate}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
    if (out.length >= limit) break;
  }
  return out;
}

export async function markLeft(db: Q, districtId: string, id: string, at: Date): Promise<GateLogRecord | undefined> {
  return db
    .updateTable('gate_log_entry')
    .set({ left_at: at })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('left_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Per school: days with entries, entries, vehicles, still in, last day — counts only, never who. */
export async function countBySchool(db: Q, districtId: string, schoolIds: readonly string[] | null, from: string, to: string) {
  if (schoolIds && schoolIds.length === 0) return [];
  let q = db
    .selectFrom('gate_log_entry')
    .select((eb) => [
      'school_id',
      eb.fn.count<number>('entered_on').distinct().as('days'),
      eb.fn.countAll<number>().as('entries'),
      sql<number>`count(*) filter (where kind = 'vehicle')`.as('vehicles'),
      sql<number>`count(*) filter (where left_at is null)`.as('still_in'),
      eb.fn.max('entered_on').as('last_day'),
    ])
    .where('district_id', '=', districtId)
    .where('entered_on', '>=', from)
    .where('entered_on', '<=', to);
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  return q.groupBy('school_id').execute();
}

/** Bulk insert for the demo district. */
export async function bulkInsertEntries(db: Q, rows: Insertable<GateLogEntryTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('gate_log_entry')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** One school user per school (safety officer first): who the demo's gate-log entries are recorded by. */
export async function findSchoolRecorders(db: Q, districtId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'org_unit_id', 'role'])
    .where('district_id', '=', districtId)
    .where('role', 'in', ['school_safety_officer', 'staff', 'principal'])
    .execute();
  const rank = (r: string) => (r === 'school_safety_officer' ? 0 : r === 'staff' ? 1 : 2);
  const out = new Map<string, { id: string; rank: number }>();
  for (const r of rows) {
    const cur = out.get(r.org_unit_id);
    if (!cur || rank(r.role) < cur.rank) out.set(r.org_unit_id, { id: r.id, rank: rank(r.role) });
  }
  return new Map([...out].map(([k, v]) => [k, v.id]));
}
