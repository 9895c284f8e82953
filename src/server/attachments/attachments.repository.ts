import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

const columns = [
  'id',
  'school_id',
  'owner_type',
  'owner_id',
  'purpose',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'storage_key',
  'uploaded_by',
  'created_at',
] as const;

export type NewAttachmentRow = {
  district_id: string;
  id: string;
  school_id: string | null;
  purpose: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
};

/** Nothing (undefined) when the id is already taken in the district (a client id sent again): the caller decides. */
export async function insertAttachment(db: Q, row: NewAttachmentRow) {
  return db
    .insertInto('attachment')
    .values(row)
    .onConflict((oc) => oc.columns(['district_id', 'id']).doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export type AttachmentRecord = NonNullable<Awaited<ReturnType<typeof insertAttachment>>>;

export async function findAttachment(db: Q, districtId: string, id: string): Promise<AttachmentRecord | undefined> {
  return db.selectFrom('attachment').select(columns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export async function findAttachmentOrThrow(db: Q, districtId: string, id: string): Promise<AttachmentRecord> {
  return db.selectFrom('attachment').select(columns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Locks the rows being linked, so two owners racing for one file cannot both take it. */
export async function findAttachmentsForLink(db: Q, districtId: string, ids: readonly string[]): Promise<AttachmentRecord[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('attachment').select(columns).where('district_id', '=', districtId).where('id', 'in', ids).forUpdate().execute();
}

export async function setAttachmentOwner(db: Q, districtId: string, ids: readonly string[], owner: { type: string; id: string }) {
  if (ids.length === 0) return;
  await db
    .updateTable('attachment')
    .set({ owner_type: owner.type, owner_id: owner.id })
    .where('district_id', '=', districtId)
    .where('id', 'in', ids)
    .where('owner_id', 'is', null)
    .execute();
}

export async function findAttachmentsOfOwners(db: Q, districtId: string, ownerType: string, ownerIds: readonly string[]): Promise<AttachmentRecord[]> {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('attachment')
    .select(columns)
    .where('district_id', '=', districtId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', ownerIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
