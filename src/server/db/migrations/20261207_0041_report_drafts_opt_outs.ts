import { type Kysely, sql } from 'kysely';

/**
 * Issue 13 leftovers.
 *
 * report_draft: the filer's unfinished report (corrected figures with their notes, the written
 * sections, 零报告) saved to come back to; one per unit, type and period, removed when the report
 * is submitted. It is not a report: the status board and assessment still read `report` only.
 *
 * outbound_opt_out: a user's "do not send me this kind of event on this channel" (短信, 企业微信群,
 * 钉钉群). The outbox writer skips an SMS to that user, and a group message whose every recipient
 * opted out. The in-platform inbox is never opted out of.
 *
 * bulletin_link may cite a report (a unit's late, missing or returned report of a type and period:
 * ref_id the unit, ref_key "type:period" — a missing report has no row of its own) and a missed duty
 * period (ref_id the school, ref_key "obligation:period"); ref_key joins the primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report_draft (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      type_code text not null,
      period_key text not null,
      unit_id uuid not null,
      zero_report boolean not null default false,
      cells jsonb not null,
      fields jsonb not null,
      version integer not null default 1,
      saved_by uuid not null,
      saved_by_name text not null,
      saved_at timestamptz not null,
      constraint report_draft_pk primary key (district_id, id),
      constraint report_draft_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint report_draft_user_fk foreign key (district_id, saved_by) references app_user (district_id, id),
      constraint report_draft_period_uq unique (district_id, type_code, period_key, unit_id)
    )`.execute(db);

  await sql`
    create table outbound_opt_out (
      district_id uuid not null,
      user_id uuid not null,
      channel_kind text not null,
      event_kind text not null,
      created_at timestamptz not null default now(),
      constraint outbound_opt_out_pk primary key (district_id, user_id, channel_kind, event_kind),
      constraint outbound_opt_out_user_fk foreign key (district_id, user_id) references app_user (district_id, id) on delete cascade,
      constraint outbound_opt_out_channel_ck check (channel_kind in ('wecom', 'dingtalk', 'sms'))
    )`.execute(db);

  await sql`alter table bulletin_link add column ref_key text not null default ''`.execute(db);
  await sql`alter table bulletin_link drop constraint bulletin_link_pk`.execute(db);
  await sql`alter table bulletin_link add constraint bulletin_link_pk primary key (district_id, bulletin_id, ref_type, ref_id, ref_key)`.execute(db);
  await sql`alter table bulletin_link drop constraint bulletin_link_type_ck`.execute(db);
  await sql`alter table bulletin_link add constraint bulletin_link_type_ck check (ref_type in ('hazard', 'meeting_task', 'report', 'duty'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from bulletin_link where ref_type in ('report', 'duty')`.execute(db);
  await sql`alter table bulletin_link drop constraint bulletin_link_type_ck`.execute(db);
  await sql`alter table bulletin_link add constraint bulletin_link_type_ck check (ref_type in ('hazard', 'meeting_task'))`.execute(db);
  await sql`alter table bulletin_link drop constraint bulletin_link_pk`.execute(db);
  await sql`alter table bulletin_link add constraint bulletin_link_pk primary key (district_id, bulletin_id, ref_type, ref_id)`.execute(db);
  await sql`alter table bulletin_link drop column ref_key`.execute(db);
  await sql`drop table if exists outbound_opt_out`.execute(db);
  await sql`drop table if exists report_draft`.execute(db);
}
