import { type Kysely, sql } from 'kysely';

/**
 * duty_version: a number per district and duty kind that every committed change of the records a
 * kind counts moves on (and one for 'org': org units, school profiles, users' units). The duty
 * engine's tallies are cached by obligation, periods and scope under these numbers
 * (duty/duty-tally-cache.ts): a reader that sees the same numbers sees the same records, from any
 * process on the database, so the cache is exact — the obligations page then reads a few numbers
 * instead of tallying two years of patrols and lessons on every call (issue 9).
 *
 * As hazard_version (0019): a deferred constraint trigger, run at commit, so writers never queue
 * on the row while they hold their own locks. A transaction bumps each (district, kind) once: the
 * first of its rows sets a transaction-local flag, the others only read it (a timetable import of
 * 500 lessons is one update, not 500).
 */
const watched: [table: string, kind: string, events?: string][] = [
  ['inspection', 'inspection'],
  ['drill', 'drill'],
  ['education_session', 'education'],
  ['staff_training', 'training'],
  ['patrol_log', 'patrol'],
  ['duty_roster', 'roster'],
  ['responsibility_letter', 'letter'],
  ['post_holder', 'letter'],
  ['school_document', 'document'],
  ['school_document_version', 'document'],
  ['alarm_drill', 'alarm_drill'],
  ['sanfang_device', 'alarm_drill'],
  ['org_unit', 'org'],
  ['school', 'org'],
  // A sign-in writes last_login_at: only a user's unit (who a department's records credit) counts.
  ['app_user', 'org', 'insert or delete or update of org_unit_id, is_active'],
];

const triggerName = (table: string) => `${table}_duty_version_bump`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table duty_version (
      district_id uuid not null,
      kind text not null,
      n bigint not null default 0,
      constraint duty_version_pk primary key (district_id, kind)
    )`.execute(db);
  await sql`
    create function duty_version_bump() returns trigger language plpgsql as $$
    declare
      d uuid := coalesce(new.district_id, old.district_id);
      flag text := 'huxiao.duty_v_' || tg_argv[0] || '_' || replace(d::text, '-', '');
    begin
      if current_setting(flag, true) = '1' then
        return null;
      end if;
      perform set_config(flag, '1', true);
      insert into duty_version as v (district_id, kind, n) values (d, tg_argv[0], 1)
      on conflict (district_id, kind) do update set n = v.n + 1;
      return null;
    end $$`.execute(db);
  for (const [table, kind, events] of watched) {
    await sql`
      create constraint trigger ${sql.raw(triggerName(table))} after ${sql.raw(events ?? 'insert or update or delete')} on ${sql.table(table)}
      deferrable initially deferred for each row execute function duty_version_bump(${sql.lit(kind)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of watched) await sql`drop trigger if exists ${sql.raw(triggerName(table))} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists duty_version_bump()`.execute(db);
  await sql`drop table if exists duty_version`.execute(db);
}
