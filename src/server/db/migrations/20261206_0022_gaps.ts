import { type Kysely, sql } from 'kysely';

/**
 * Gaps of issue 9:
 * - education_session.speaker_unit_id / staff_training.trainer_unit_id: the org unit (a department
 *   of the district: the fire brigade, the police station, market supervision) whose outside speaker
 *   or trainer gave it, so a department's own duty (the fire counsellor's lesson) credits that unit.
 * - school.class_counts: classes per grade (position 1 = grade 1, 初一 = 7), so a class with no
 *   lesson still shows in the per-class hours; school.bus_count: school buses (appliesTo.hasBus).
 * - responsibility_letter.party_*: 甲方 signing the letter too (the principal for the school's
 *   posts; the centre or the commission for the principal's letter).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table education_session add column speaker_unit_id uuid`.execute(db);
  await sql`alter table education_session add constraint education_session_speaker_unit_fk foreign key (district_id, speaker_unit_id) references org_unit (district_id, id)`.execute(
    db,
  );
  await sql`alter table staff_training add column trainer_unit_id uuid`.execute(db);
  await sql`alter table staff_training add constraint staff_training_trainer_unit_fk foreign key (district_id, trainer_unit_id) references org_unit (district_id, id)`.execute(
    db,
  );
  await sql`alter table school add column class_counts integer[] not null default '{}'`.execute(db);
  await sql`alter table school add column bus_count integer not null default 0`.execute(db);
  await sql`alter table school add constraint school_bus_count_ck check (bus_count >= 0)`.execute(db);
  await sql`alter table responsibility_letter add column party_signer_name text`.execute(db);
  await sql`alter table responsibility_letter add column party_signer_user_id uuid`.execute(db);
  await sql`alter table responsibility_letter add column party_attachment_id uuid`.execute(db);
  await sql`alter table responsibility_letter add column party_signed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['party_signed_at', 'party_attachment_id', 'party_signer_user_id', 'party_signer_name']) {
    await sql`alter table responsibility_letter drop column ${sql.raw(c)}`.execute(db);
  }
  await sql`alter table school drop column bus_count`.execute(db);
  await sql`alter table school drop column class_counts`.execute(db);
  await sql`alter table staff_training drop column trainer_unit_id`.execute(db);
  await sql`alter table education_session drop column speaker_unit_id`.execute(db);
}
