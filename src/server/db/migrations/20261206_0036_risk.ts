import { type Kysely, sql } from 'kysely';

/**
 * Issue 14, the risk register and risk alerts (风险清单、风险提示) and the analytics' indexes.
 * - risk_point: a school's (school_id set) or the district's (school_id null) risk point with
 *   its source category, the current assessment (method, factors, score, colour), control
 *   measures, the level responsible for control, and the next review date.
 * - risk_assessment: every assessment of a point, kept (the first, each review and each change).
 * - risk_alert / risk_alert_school: an alert sent by the district or a centre, and one row per
 *   school it went to, with the school's acknowledgement, measures taken and the chases.
 * - hazard_repeat_ix, hazard_found_item_ix: the repeat-hazard and self-check-miss analytics read
 *   the 100,000-row ledger by (school, category, place) and by item code, district-keyed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table risk_point (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid,
      owner_unit_id uuid not null,
      name text not null,
      source_code text not null,
      place text not null default '',
      description text not null default '',
      accident_types text not null default '',
      control_measures text not null,
      control_level text not null,
      control_person text not null default '',
      status text not null default 'active',
      method text not null,
      factor_l double precision not null,
      factor_s double precision,
      factor_e double precision,
      factor_c double precision,
      score double precision not null,
      colour text not null,
      assessed_on date not null,
      next_review_due date not null,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_by uuid not null,
      updated_by_name text not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint risk_point_pk primary key (district_id, id),
      constraint risk_point_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint risk_point_owner_fk foreign key (district_id, owner_unit_id) references org_unit (district_id, id),
      constraint risk_point_method_ck check (method in ('ls', 'lec')),
      constraint risk_point_colour_ck check (colour in ('red', 'orange', 'yellow', 'blue')),
      constraint risk_point_status_ck check (status in ('active', 'retired')),
      constraint risk_point_level_ck check (control_level in ('school', 'centre', 'district', 'department'))
    )`.execute(db);
  await sql`create index risk_point_school_ix on risk_point (district_id, school_id, status, colour)`.execute(db);
  await sql`create index risk_point_review_ix on risk_point (district_id, next_review_due) where status = 'active'`.execute(db);

  await sql`
    create table risk_assessment (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      risk_point_id uuid not null,
      method text not null,
      factor_l double precision not null,
      factor_s double precision,
      factor_e double precision,
      factor_c double precision,
      score double precision not null,
      colour text not null,
      assessed_on date not null,
      note text not null default '',
      by_user_id uuid not null,
      by_name text not null,
      created_at timestamptz not null default now(),
      constraint risk_assessment_pk primary key (district_id, id),
      constraint risk_assessment_point_fk foreign key (district_id, risk_point_id) references risk_point (district_id, id)
    )`.execute(db);
  await sql`create index risk_assessment_point_ix on risk_assessment (district_id, risk_point_id, assessed_on desc)`.execute(db);

  await sql`
    create table risk_alert (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      sender_unit_id uuid not null,
      sent_by uuid not null,
      sent_by_name text not null,
      title text not null,
      content text not null,
      kind text not null,
      deadline date not null,
      target jsonb not null,
      sent_at timestamptz not null default now(),
      constraint risk_alert_pk primary key (district_id, id),
      constraint risk_alert_sender_fk foreign key (district_id, sender_unit_id) references org_unit (district_id, id),
      constraint risk_alert_kind_ck check (kind in ('season', 'weather', 'event', 'data'))
    )`.execute(db);
  await sql`create index risk_alert_sent_ix on risk_alert (district_id, sent_at desc)`.execute(db);

  await sql`
    create table risk_alert_school (
      district_id uuid not null,
      alert_id uuid not null,
      school_id uuid not null,
      acknowledged_at timestamptz,
      acknowledged_on date,
      acknowledged_by uuid,
      acknowledged_by_name text,
      measures text not null default '',
      chase_count integer not null default 0,
      last_chased_at timestamptz,
      constraint risk_alert_school_pk primary key (district_id, alert_id, school_id),
      constraint risk_alert_school_alert_fk foreign key (district_id, alert_id) references risk_alert (district_id, id),
      constraint risk_alert_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index risk_alert_school_school_ix on risk_alert_school (district_id, school_id, acknowledged_on)`.execute(db);

  await sql`create index hazard_repeat_ix on hazard (district_id, school_id, category, place, found_at) include (closed_at)`.execute(db);
  await sql`create index hazard_found_item_ix on hazard (district_id, inspection_item_code, found_at) include (school_id, source) where inspection_item_code is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists hazard_found_item_ix`.execute(db);
  await sql`drop index if exists hazard_repeat_ix`.execute(db);
  await sql`drop table if exists risk_alert_school`.execute(db);
  await sql`drop table if exists risk_alert`.execute(db);
  await sql`drop table if exists risk_assessment`.execute(db);
  await sql`drop table if exists risk_point`.execute(db);
}
