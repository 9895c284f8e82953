import { type Kysely, sql } from 'kysely';

/**
 * The case engine (issue 12): petitions, disputes, reports, bullying, crime leads, threats,
 * accidents and emergencies in one table (`case_file`; `case` is an SQL keyword). The timeline
 * (`case_event`) is append-only like the audit trail; `case_step` keeps each step's entry, due
 * and exit instants for the on-time rates; `case_unit` says which units see a case (owner,
 * assigned, reporter, notified); `case_escalation` records who was notified at once and when
 * each acknowledged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_file (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      code text not null,
      type_code text not null,
      kind text not null default '',
      title text not null,
      description text not null default '',
      source text not null default '',
      school_id uuid,
      owner_unit_id uuid not null,
      assigned_unit_id uuid,
      state text not null default 'registered',
      step_entered_at timestamptz not null default now(),
      step_due_at timestamptz,
      extensions integer not null default 0,
      review_round integer not null default 0,
      replied_at timestamptz,
      reply_text text not null default '',
      reporter_name text not null default '',
      reporter_phone text not null default '',
      subject_name text not null default '',
      confidentiality text not null default 'personal',
      occurred_at timestamptz,
      place text not null default '',
      deaths integer not null default 0,
      serious_injuries integer not null default 0,
      minor_injuries integer not null default 0,
      loss_yuan numeric(16, 2) not null default 0,
      level text,
      level_computed text,
      level_corrected_by_name text,
      handling text not null default '',
      liability text not null default '',
      insurance_status text not null default 'none',
      insurance_amount numeric(14, 2),
      mediation_outcome text not null default '',
      lessons text not null default '',
      first_report_at timestamptz,
      written_report_at timestamptz,
      follow_up_at timestamptz,
      final_report_at timestamptz,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      version integer not null default 1,
      constraint case_file_pk primary key (district_id, id),
      constraint case_file_code_uq unique (district_id, code),
      constraint case_file_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint case_file_owner_fk foreign key (district_id, owner_unit_id) references org_unit (district_id, id),
      constraint case_file_assigned_fk foreign key (district_id, assigned_unit_id) references org_unit (district_id, id),
      constraint case_file_state_ck check (state in ('registered', 'assigned', 'handling', 'supervising', 'feedback', 'replied', 'archived')),
      constraint case_file_confidentiality_ck check (confidentiality in ('normal', 'personal', 'minor')),
      constraint case_file_counts_ck check (deaths >= 0 and serious_injuries >= 0 and minor_injuries >= 0 and loss_yuan >= 0),
      constraint case_file_insurance_ck check (insurance_status in ('none', 'filed', 'paid', 'refused'))
    )`.execute(db);
  await sql`create index case_file_list_ix on case_file (district_id, created_at desc, id)`.execute(db);
  await sql`create index case_file_type_ix on case_file (district_id, type_code, state)`.execute(db);
  await sql`create index case_file_assigned_ix on case_file (district_id, assigned_unit_id, state)`.execute(db);

  await sql`
    create table case_unit (
      district_id uuid not null,
      case_id uuid not null,
      unit_id uuid not null,
      relation text not null,
      constraint case_unit_pk primary key (district_id, case_id, unit_id, relation),
      constraint case_unit_case_fk foreign key (district_id, case_id) references case_file (district_id, id),
      constraint case_unit_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint case_unit_relation_ck check (relation in ('owner', 'assigned', 'reporter', 'notified'))
    )`.execute(db);
  await sql`create index case_unit_unit_ix on case_unit (district_id, unit_id, case_id)`.execute(db);

  await sql`
    create table case_event (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      seq integer not null,
      action text not null,
      from_state text,
      to_state text not null,
      actor_id uuid,
      actor_name text not null,
      actor_role text not null,
      unit_id uuid,
      unit_name text not null default '',
      at timestamptz not null default now(),
      note text not null default '',
      data jsonb,
      attachment_ids uuid[] not null default '{}',
      constraint case_event_pk primary key (district_id, id),
      constraint case_event_seq_uq unique (district_id, case_id, seq),
      constraint case_event_case_fk foreign key (district_id, case_id) references case_file (district_id, id)
    )`.execute(db);
  // History never changes: the database refuses to alter or remove a timeline row.
  await sql`
    create function case_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'case_event is append-only';
    end $$`.execute(db);
  await sql`
    create trigger case_event_no_change before update or delete on case_event
    for each row execute function case_event_append_only()`.execute(db);

  await sql`
    create table case_step (
      district_id uuid not null,
      case_id uuid not null,
      seq integer not null,
      step text not null,
      unit_id uuid,
      entered_at timestamptz not null,
      due_at timestamptz,
      left_at timestamptz,
      constraint case_step_pk primary key (district_id, case_id, seq),
      constraint case_step_case_fk foreign key (district_id, case_id) references case_file (district_id, id)
    )`.execute(db);

  await sql`
    create table case_escalation (
      district_id uuid not null,
      case_id uuid not null,
      target text not null,
      unit_id uuid not null,
      reason text not null default '',
      notified_at timestamptz not null,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      acknowledged_by_name text,
      constraint case_escalation_pk primary key (district_id, case_id, unit_id),
      constraint case_escalation_case_fk foreign key (district_id, case_id) references case_file (district_id, id),
      constraint case_escalation_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint case_escalation_target_ck check (target in ('district', 'police'))
    )`.execute(db);

  await sql`
    create table case_school (
      district_id uuid not null,
      case_id uuid not null,
      school_id uuid not null,
      constraint case_school_pk primary key (district_id, case_id, school_id),
      constraint case_school_case_fk foreign key (district_id, case_id) references case_file (district_id, id),
      constraint case_school_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);

  await sql`
    create table case_hazard (
      district_id uuid not null,
      case_id uuid not null,
      hazard_id uuid not null,
      constraint case_hazard_pk primary key (district_id, case_id, hazard_id),
      constraint case_hazard_case_fk foreign key (district_id, case_id) references case_file (district_id, id),
      constraint case_hazard_hazard_fk foreign key (district_id, hazard_id) references hazard (district_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['case_hazard', 'case_school', 'case_escalation', 'case_step', 'case_event', 'case_unit', 'case_file']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
  await sql`drop function if exists case_event_append_only`.execute(db);
}
