import { type Kysely, sql } from 'kysely';

/**
 * 专项行动 (issue 13): a campaign of the district with its phases (date windows, duties, targets)
 * and the units taking part, kept as validated JSON on the row (domain/campaign.ts is the schema;
 * progress is computed, never stored). Hazards and inspections may name the campaign that found
 * them: a nullable campaign_id with a district-keyed foreign key, indexed for the ledger's filter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table campaign (
      district_id uuid not null,
      id uuid not null default gen_random_uuid(),
      template_code text,
      name text not null,
      kind text not null,
      year integer not null,
      description text not null default '',
      participants jsonb not null,
      phases jsonb not null,
      starts_on date not null,
      ends_on date not null,
      status text not null default 'open',
      closed_at timestamptz,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint campaign_pk primary key (district_id, id),
      constraint campaign_kind_ck check (kind in ('special', 'seasonal', 'cleanup')),
      constraint campaign_status_ck check (status in ('open', 'closed')),
      constraint campaign_span_ck check (starts_on <= ends_on)
    )`.execute(db);
  await sql`create index campaign_span_ix on campaign (district_id, status, ends_on)`.execute(db);
  for (const t of ['hazard', 'inspection']) {
    await sql`alter table ${sql.raw(t)} add column campaign_id uuid`.execute(db);
    await sql`
      alter table ${sql.raw(t)} add constraint ${sql.raw(`${t}_campaign_fk`)}
      foreign key (district_id, campaign_id) references campaign (district_id, id)`.execute(db);
    await sql`create index ${sql.raw(`${t}_campaign_ix`)} on ${sql.raw(t)} (district_id, campaign_id) where campaign_id is not null`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['hazard', 'inspection']) await sql`alter table ${sql.raw(t)} drop column if exists campaign_id`.execute(db);
  await sql`drop table if exists campaign`.execute(db);
}
