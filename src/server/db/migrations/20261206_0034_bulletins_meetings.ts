import { type Kysely, sql } from 'kysely';

/**
 * 通报/约谈/挂牌督办 of a unit (bulletin) and joint meetings (联席会议) with their tasks (议定事项),
 * issue 13. A bulletin targets one unit and links the rows that triggered it (bulletin_link: a
 * hazard or a meeting task, with a snapshot of what it said then); `trigger_data` keeps the
 * unit's figures at issue time. Both keep their follow-up as an append-only event list.
 * Meeting participants and agenda items are small lists kept on the meeting row (jsonb, checked
 * by the service); tasks are rows because they are tracked, counted and listed on their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bulletin (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      number text not null,
      kind text not null,
      unit_id uuid not null,
      issuer_unit_id uuid not null,
      issuer_user_id uuid not null,
      issuer_name text not null,
      title text not null,
      reason text not null,
      requirements text not null default '',
      respond_by date,
      trigger_data jsonb not null default '{}'::jsonb,
      state text not null default 'issued',
      issued_at timestamptz not null default now(),
      response text not null default '',
      acknowledged_at timestamptz,
      acknowledged_by_name text,
      closed_at timestamptz,
      version integer not null default 1,
      constraint bulletin_pk primary key (district_id, id),
      constraint bulletin_unit_fk foreign key (district_id, unit_id) references org_unit (district_id, id),
      constraint bulletin_issuer_unit_fk foreign key (district_id, issuer_unit_id) references org_unit (district_id, id),
      constraint bulletin_issuer_user_fk foreign key (district_id, issuer_user_id) references app_user (district_id, id),
      constraint bulletin_kind_ck check (kind in ('criticism', 'summons', 'listed')),
      constraint bulletin_state_ck check (state in ('issued', 'acknowledged', 'closed', 'revoked'))
    )`.execute(db);
  await sql`create index bulletin_unit_ix on bulletin (district_id, unit_id, issued_at)`.execute(db);
  await sql`create index bulletin_issuer_ix on bulletin (district_id, issuer_unit_id, issued_at)`.execute(db);

  await sql`
    create table bulletin_link (
      district_id uuid not null,
      bulletin_id uuid not null,
      ref_type text not null,
      ref_id uuid not null,
      label text not null,
      detail text not null default '',
      constraint bulletin_link_pk primary key (district_id, bulletin_id, ref_type, ref_id),
      constraint bulletin_link_bulletin_fk foreign key (district_id, bulletin_id) references bulletin (district_id, id) on delete cascade,
      constraint bulletin_link_type_ck check (ref_type in ('hazard', 'meeting_task'))
    )`.execute(db);

  await sql`
    create table bulletin_event (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      bulletin_id uuid not null,
      action text not null,
      from_state text not null,
      to_state text not null,
      note text not null default '',
      actor_id uuid not null,
      actor_name text not null,
      at timestamptz not null default now(),
      constraint bulletin_event_pk primary key (district_id, id),
      constraint bulletin_event_bulletin_fk foreign key (district_id, bulletin_id) references bulletin (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create index bulletin_event_ix on bulletin_event (district_id, bulletin_id, at)`.execute(db);

  await sql`
    create table meeting (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      kind text not null,
      title text not null,
      held_on date not null,
      place text not null default '',
      host_unit_id uuid not null,
      chair text not null default '',
      participant_unit_ids jsonb not null default '[]'::jsonb,
      other_participants text not null default '',
      agenda jsonb not null default '[]'::jsonb,
      decisions text not null default '',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint meeting_pk primary key (district_id, id),
      constraint meeting_host_fk foreign key (district_id, host_unit_id) references org_unit (district_id, id),
      constraint meeting_creator_fk foreign key (district_id, created_by) references app_user (district_id, id),
      constraint meeting_kind_ck check (kind in ('security_joint', 'monthly_consult', 'special', 'other'))
    )`.execute(db);
  await sql`create index meeting_held_ix on meeting (district_id, held_on)`.execute(db);

  await sql`
    create table meeting_task (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      meeting_id uuid not null,
      no integer not null,
      title text not null,
      detail text not null default '',
      owner_unit_id uuid not null,
      deadline date not null,
      state text not null default 'open',
      evidence text not null default '',
      submitted_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      version integer not null default 1,
      constraint meeting_task_pk primary key (district_id, id),
      constraint meeting_task_meeting_fk foreign key (district_id, meeting_id) references meeting (district_id, id),
      constraint meeting_task_owner_fk foreign key (district_id, owner_unit_id) references org_unit (district_id, id),
      constraint meeting_task_no_uq unique (district_id, meeting_id, no),
      constraint meeting_task_state_ck check (state in ('open', 'submitted', 'closed'))
    )`.execute(db);
  await sql`create index meeting_task_owner_ix on meeting_task (district_id, owner_unit_id, state, deadline)`.execute(db);

  await sql`
    create table meeting_task_event (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      task_id uuid not null,
      action text not null,
      from_state text not null,
      to_state text not null,
      note text not null default '',
      actor_id uuid not null,
      actor_name text not null,
      at timestamptz not null default now(),
      constraint meeting_task_event_pk primary key (district_id, id),
      constraint meeting_task_event_task_fk foreign key (district_id, task_id) references meeting_task (district_id, id) on delete cascade
    )`.execute(db);
  await sql`create index meeting_task_event_ix on meeting_task_event (district_id, task_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['meeting_task_event', 'meeting_task', 'meeting', 'bulletin_event', 'bulletin_link', 'bulletin']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
