import { type Kysely, sql } from 'kysely';

/**
 * Risk point reviews (复评) become duties of the duty engine (kind risk_review, domain/risk-review.ts).
 * - risk_assessment.next_review_due: the review date each assessment set (by its colour and the
 *   pack's reviewDays then), so every due date of a point's history is a record, not a guess
 *   under today's pack. Backfill: the latest assessment of a point takes the point's
 *   next_review_due; an older one its day plus the national pack's days by colour (30/90/180/365).
 * - risk_point.retired_on: the day a point was retired (已消除); a review due after it is no
 *   longer due. Backfill: the day of the last change of a retired point.
 * - Both tables move the district's duty_version of risk_review (migration 0029's deferred
 *   trigger), so the duty engine's cached tallies never outlive a review.
 */
const tables = ['risk_point', 'risk_assessment'];
const triggerName = (table: string) => `${table}_duty_version_bump`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table risk_assessment add column next_review_due date`.execute(db);
  await sql`
    update risk_assessment a set next_review_due = a.assessed_on + case a.colour when 'red' then 30 when 'orange' then 90 when 'yellow' then 180 else 365 end`.execute(
    db,
  );
  await sql`
    update risk_assessment a set next_review_due = p.next_review_due
    from risk_point p
    where p.district_id = a.district_id and p.id = a.risk_point_id and a.id = (
      select l.id from risk_assessment l
      where l.district_id = a.district_id and l.risk_point_id = a.risk_point_id
      order by l.assessed_on desc, l.created_at desc, l.id desc limit 1
    )`.execute(db);
  await sql`alter table risk_assessment alter column next_review_due set not null`.execute(db);
  await sql`alter table risk_point add column retired_on date`.execute(db);
  await sql`update risk_point set retired_on = (updated_at at time zone 'Asia/Shanghai')::date where status = 'retired'`.execute(db);
  for (const table of tables) {
    await sql`
      create constraint trigger ${sql.raw(triggerName(table))} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function duty_version_bump('risk_review')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of tables) await sql`drop trigger if exists ${sql.raw(triggerName(table))} on ${sql.table(table)}`.execute(db);
  await sql`alter table risk_point drop column if exists retired_on`.execute(db);
  await sql`alter table risk_assessment drop column if exists next_review_due`.execute(db);
}
