import { type Kysely, sql } from 'kysely';

/**
 * The school-bus duties (migration 0025: bus_check rows of kind special_check and weekly_study,
 * duty kinds bus_check and bus_study) join the duty engine's versioned tally cache (0029): every
 * committed change of bus_check moves both kinds' numbers, so a cached tally never outlives a
 * check or a study written by any process. (Both kinds: the trigger does not look at the row's kind.)
 */
const kinds = ['bus_check', 'bus_study'];
const triggerName = (kind: string) => `bus_check_${kind}_duty_version_bump`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const kind of kinds) {
    await sql`
      create constraint trigger ${sql.raw(triggerName(kind))} after insert or update or delete on bus_check
      deferrable initially deferred for each row execute function duty_version_bump(${sql.lit(kind)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const kind of kinds) await sql`drop trigger if exists ${sql.raw(triggerName(kind))} on bus_check`.execute(db);
}
