import { type Kysely, sql } from 'kysely';

/**
 * Safety education sessions and staff training (issue 9). `district_id` first in every key.
 * A session names its audience as text keys (domain/education.ts): `school`, `grade:<n>` or
 * `class:<n>-<c>`; one submission for several classes is one row with several audiences.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table education_session (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      school_id uuid not null,
      held_on date not null,
      audience_kind text not null,
      grade integer,
      audiences text[] not null,
      topic text not null,
      occasion text,
      hours numeric(4, 1) not null,
      speaker_name text not null,
      speaker_type text not null,
      participants integer,
      note text not null default '',
      source text not null default 'form',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      constraint education_session_pk primary key (district_id, id),
      constraint education_session_client_uq unique (district_id, client_id),
      constraint education_session_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint education_session_audience_ck check (audience_kind in ('school', 'grade', 'class') and cardinality(audiences) >= 1),
      constraint education_session_hours_ck check (hours > 0),
      constraint education_session_speaker_ck check (speaker_type in ('teacher', 'police', 'fire', 'other')),
      constraint education_session_source_ck check (source in ('form', 'import', 'demo'))
    )`.execute(db);
  // The duty engine and the list read a district's sessions by day; the school file by school.
  await sql`create index education_session_day_ix on education_session (district_id, held_on) include (school_id, topic, hours)`.execute(db);
  await sql`create index education_session_school_ix on education_session (district_id, school_id, held_on)`.execute(db);

  await sql`
    create table staff_training (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      school_id uuid not null,
      trained_on date not null,
      kind text not null,
      title text not null default '',
      trainer text not null,
      trainer_body text not null default '',
      hours numeric(4, 1) not null,
      attendee_ids uuid[] not null default '{}',
      attendee_count integer not null,
      staff_base integer not null,
      note text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      constraint staff_training_pk primary key (district_id, id),
      constraint staff_training_client_uq unique (district_id, client_id),
      constraint staff_training_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint staff_training_hours_ck check (hours > 0),
      constraint staff_training_count_ck check (attendee_count >= 1)
    )`.execute(db);
  await sql`create index staff_training_day_ix on staff_training (district_id, trained_on) include (school_id, kind)`.execute(db);
  await sql`create index staff_training_school_ix on staff_training (district_id, school_id, trained_on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table staff_training`.execute(db);
  await sql`drop table education_session`.execute(db);
}
