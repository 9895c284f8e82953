import { type Kysely, sql } from 'kysely';

/**
 * The ledger's other orders (整改期限 近→远 / 远→近, 最近处理) as hazard_list_cover_ix serves the
 * default one: a key in the page's order carrying the columns of the common filters, so a page's 50
 * ids are an index-only walk instead of a sort of every match.
 * - hazard_updated_cover_ix: 最近处理 (updated_at desc, code desc).
 * - hazard_deadline_cover_ix / hazard_deadline_desc_cover_ix: 整改期限 in either direction, hazards
 *   without a deadline last (a backward walk of one index would put them first).
 * - hazard_open_deadline_ix: the open hazards by deadline (整改中, 仅逾期): partial, so the walk does
 *   not pass the closed hazards, whose deadlines come first (70 % of a district's).
 * Measured by bench/ledger-orders.ts on the side-by-side district (100,000 hazards, PostgreSQL 15,
 * idle; every sort × 13 filters × 2 pages, slowest statement of a page): pages sorted by deadline 53–59 ms → 2–8 ms, by
 * last change 55–106 ms → 2–8 ms; open hazards by deadline 11–14 ms → 2.5–5 ms; the sum over all
 * 182 pages 2,920 → 1,136 ms. One page is slower: reported hazards (which have no deadline) sorted
 * 远→近, 9.6 → 15–17 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const include = sql`include (level, state, school_id, handed_over_to, id)`;
  await sql`create index hazard_updated_cover_ix on hazard (district_id, updated_at desc, code desc) include (level, state, deadline, school_id, handed_over_to, id)`.execute(
    db,
  );
  await sql`create index hazard_deadline_cover_ix on hazard (district_id, deadline asc nulls last, code desc) ${include}`.execute(db);
  await sql`create index hazard_deadline_desc_cover_ix on hazard (district_id, deadline desc nulls last, code desc) ${include}`.execute(db);
  await sql`create index hazard_open_deadline_ix on hazard (district_id, deadline asc nulls last, code desc) ${include} where state <> 'closed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['hazard_open_deadline_ix', 'hazard_deadline_desc_cover_ix', 'hazard_deadline_cover_ix', 'hazard_updated_cover_ix'])
    await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}
