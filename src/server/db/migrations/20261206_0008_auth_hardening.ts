import { type Kysely, sql } from 'kysely';

/**
 * Sign-in protection and a keyed audit trail (issue 15):
 * - login_device: browsers that signed in to an account successfully (a random cookie, stored
 *   as its SHA-256). Each keeps its own failure counter, so a lock caused by strangers guessing
 *   does not keep the owner out (docs/ARCHITECTURE.md "Sign-in protection").
 * - audit_event.hash_version: 1 = the plain SHA-256 links written before this migration,
 *   2 = HMAC-SHA256 links keyed by a secret outside the database. Existing rows keep 1.
 * - hazard.found_by_unit_id: the unit of whoever registered the hazard. A department and the
 *   joint group act on the hazards their own unit found (docs/ARCHITECTURE.md "Scope").
 * - rectification_notice.issuer_kind gains 'joint': the joint group issues notices in its name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_device (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      token_hash text not null,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      constraint login_device_pk primary key (district_id, id),
      constraint login_device_user_fk foreign key (district_id, user_id) references app_user (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index login_device_token_uq on login_device (token_hash)`.execute(db);
  await sql`create index login_device_user_ix on login_device (district_id, user_id, last_used_at)`.execute(db);
  // Adding a column with a constant default rewrites no row, so the append-only trigger is not hit.
  await sql`alter table audit_event add column hash_version smallint not null default 1`.execute(db);
  await sql`alter table audit_event alter column hash_version set default 2`.execute(db);

  await sql`alter table hazard add column found_by_unit_id uuid`.execute(db);
  await sql`update hazard h set found_by_unit_id = u.org_unit_id from app_user u
    where u.district_id = h.district_id and u.id = h.reported_by`.execute(db);
  await sql`alter table rectification_notice drop constraint rectification_notice_kind_ck`.execute(db);
  await sql`alter table rectification_notice add constraint rectification_notice_kind_ck
    check (issuer_kind in ('district', 'inspector', 'police', 'centre', 'joint'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rectification_notice drop constraint rectification_notice_kind_ck`.execute(db);
  await sql`alter table rectification_notice add constraint rectification_notice_kind_ck
    check (issuer_kind in ('district', 'inspector', 'police', 'centre'))`.execute(db);
  await sql`alter table hazard drop column if exists found_by_unit_id`.execute(db);
  await sql`alter table audit_event drop column if exists hash_version`.execute(db);
  await sql`drop table if exists login_device`.execute(db);
}
