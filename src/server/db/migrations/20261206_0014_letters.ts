import { type Kysely, sql } from 'kysely';

/**
 * 一岗双责 responsibility letters and the school's safety documents (issue 9).
 * - post_holder: who holds which post (pack.vocab.posts) at a school in a year; a name, and the
 *   staff account when the holder has one.
 * - responsibility_letter: the holder's signed letter for that year, at most one per holder. The
 *   principal's letter is the chain above the school: its other party is the supervising unit
 *   (centre/township or the commission), recorded in party_unit_id. Signed on screen (a PNG
 *   signature) or as an uploaded scan, both attachments; 'paper' marks a letter signed on paper and
 *   filed at the school without a scan (the demo district's history; not offered by the API).
 * - school_document / school_document_version: 制度、应急预案、应急处置流程图 with dated versions and
 *   the supervising unit's review (approved / returned with remarks) of each version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table post_holder (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      year integer not null,
      post_code text not null,
      holder_name text not null,
      user_id uuid,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint post_holder_pk primary key (district_id, id),
      constraint post_holder_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint post_holder_user_fk foreign key (district_id, user_id) references app_user (district_id, id)
    )`.execute(db);
  await sql`create index post_holder_school_ix on post_holder (district_id, school_id, year)`.execute(db);

  await sql`
    create table responsibility_letter (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      holder_id uuid not null,
      school_id uuid not null,
      year integer not null,
      post_code text not null,
      party_unit_id uuid not null,
      signer_name text not null,
      signer_user_id uuid,
      method text not null,
      attachment_id uuid,
      signed_on date not null,
      signed_at timestamptz not null default now(),
      recorded_by uuid,
      recorded_by_name text not null,
      constraint responsibility_letter_pk primary key (district_id, id),
      constraint responsibility_letter_holder_uq unique (district_id, holder_id),
      constraint responsibility_letter_holder_fk foreign key (district_id, holder_id) references post_holder (district_id, id),
      constraint responsibility_letter_school_fk foreign key (district_id, school_id) references org_unit (district_id, id),
      constraint responsibility_letter_party_fk foreign key (district_id, party_unit_id) references org_unit (district_id, id),
      constraint responsibility_letter_method_ck check (method in ('screen', 'scan', 'paper'))
    )`.execute(db);
  await sql`create index responsibility_letter_day_ix on responsibility_letter (district_id, signed_on) include (school_id, post_code)`.execute(db);
  await sql`create index responsibility_letter_school_ix on responsibility_letter (district_id, school_id, year)`.execute(db);

  await sql`
    create table school_document (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      school_id uuid not null,
      type_code text not null,
      title text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint school_document_pk primary key (district_id, id),
      constraint school_document_school_fk foreign key (district_id, school_id) references org_unit (district_id, id)
    )`.execute(db);
  await sql`create index school_document_school_ix on school_document (district_id, school_id, type_code)`.execute(db);

  await sql`
    create table school_document_version (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      document_id uuid not null,
      school_id uuid not null,
      version_no integer not null,
      version_date date not null,
      summary text not null default '',
      attachment_id uuid not null,
      created_by uuid,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      review_state text not null default 'pending',
      reviewed_by uuid,
      reviewer_name text,
      reviewer_unit_id uuid,
      reviewed_at timestamptz,
      review_remarks text not null default '',
      constraint school_document_version_pk primary key (district_id, id),
      constraint school_document_version_uq unique (district_id, document_id, version_no),
      constraint school_document_version_doc_fk foreign key (district_id, document_id) references school_document (district_id, id),
      constraint school_document_version_state_ck check (review_state in ('pending', 'approved', 'returned'))
    )`.execute(db);
  await sql`create index school_document_version_day_ix on school_document_version (district_id, version_date) include (school_id, document_id, review_state)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists school_document_version`.execute(db);
  await sql`drop table if exists school_document`.execute(db);
  await sql`drop table if exists responsibility_letter`.execute(db);
  await sql`drop table if exists post_holder`.execute(db);
}
