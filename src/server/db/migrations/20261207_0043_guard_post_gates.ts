import { type Kysely, sql } from 'kysely';

/**
 * Issue 11 leftovers.
 * - 护学岗 per gate: guard_post.gate_id names the school gate (school_gate) the post stands at, of the
 *   same school (the foreign key carries school_id). Existing posts are linked where their label is the
 *   gate's name (or "name（正门）" of the main gate, as the post form used to write it); the rest stay
 *   null and show as 未关联校门. Removing a gate unlinks its posts (on delete set null of gate_id only).
 * - A post ended from a chosen day: inactive_from is the first day it no longer stands. A post is in
 *   force on a day when active and (inactive_from is null or the day is before it); an end chosen for
 *   today also clears active.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_gate add constraint school_gate_school_id_uq unique (district_id, school_id, id)`.execute(db);
  await sql`alter table guard_post add column gate_id uuid`.execute(db);
  await sql`
    alter table guard_post add constraint guard_post_gate_fk foreign key (district_id, school_id, gate_id)
      references school_gate (district_id, school_id, id) on delete set null (gate_id)`.execute(db);
  await sql`
    update guard_post p set gate_id = (
      select g.id from school_gate g
      where g.district_id = p.district_id and g.school_id = p.school_id
        and (g.name = p.gate_label or (g.is_main and g.name || '（正门）' = p.gate_label))
      order by (g.name = p.gate_label) desc, g.sort_order
      limit 1)`.execute(db);
  await sql`create index guard_post_gate_ix on guard_post (district_id, gate_id) where gate_id is not null`.execute(db);
  await sql`alter table guard_post add column inactive_from date`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table guard_post drop column if exists inactive_from`.execute(db);
  await sql`drop index if exists guard_post_gate_ix`.execute(db);
  await sql`alter table guard_post drop constraint if exists guard_post_gate_fk`.execute(db);
  await sql`alter table guard_post drop column if exists gate_id`.execute(db);
  await sql`alter table school_gate drop constraint if exists school_gate_school_id_uq`.execute(db);
}
