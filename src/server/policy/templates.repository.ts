import type { Kysely, Selectable } from 'kysely';
import type { ChecklistTemplateTable, Database } from '../db/schema.js';

type Q = Kysely<Database>;

const columns = [
  'id',
  'code',
  'version',
  'name',
  'description',
  'period',
  'levels',
  'report',
  'source',
  'items',
  'origin',
  'pack_ref',
  'content_hash',
  'created_by_name',
  'created_at',
] as const;

/** A stored template version as read (the columns above). */
export type TemplateRecord = Pick<Selectable<ChecklistTemplateTable>, (typeof columns)[number]>;

/** The latest version of every template code of a district. */
export async function findLatestTemplates(db: Q, districtId: string): Promise<TemplateRecord[]> {
  return db
    .selectFrom('checklist_template as t')
    .select(columns.map((c) => `t.${c}` as const))
    .where('t.district_id', '=', districtId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('checklist_template as n')
            .select('n.id')
            .whereRef('n.district_id', '=', 't.district_id')
            .whereRef('n.code', '=', 't.code')
            .whereRef('n.version', '>', 't.version'),
        ),
      ),
    )
    .orderBy('t.code')
    .execute() as Promise<TemplateRecord[]>;
}

export async function findTemplate(db: Q, districtId: string, code: string, version?: number): Promise<TemplateRecord | undefined> {
  let q = db.selectFrom('checklist_template').select(columns).where('district_id', '=', districtId).where('code', '=', code);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.orderBy('version', 'desc').limit(1).executeTakeFirst() as Promise<TemplateRecord | undefined>;
}

export async function findTemplateById(db: Q, districtId: string, id: string): Promise<TemplateRecord | undefined> {
  return db.selectFrom('checklist_template').select(columns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst() as Promise<
    TemplateRecord | undefined
  >;
}

export async function listTemplateVersions(db: Q, districtId: string, code: string) {
  return db
    .selectFrom('checklist_template')
    .select(['id', 'version', 'origin', 'pack_ref', 'created_by_name', 'created_at'])
    .where('district_id', '=', districtId)
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .execute();
}

/** A new version: the stored columns, with the JSON ones as values (serialized on insert). */
export type NewTemplate = Omit<TemplateRecord, 'id' | 'created_at' | 'created_by_name'> & {
  district_id: string;
  created_by: string | null;
  created_by_name: string;
};

export async function insertTemplate(db: Q, t: NewTemplate): Promise<TemplateRecord> {
  return db
    .insertInto('checklist_template')
    .values({ ...t, levels: JSON.stringify(t.levels), report: t.report == null ? null : JSON.stringify(t.report), items: JSON.stringify(t.items) })
    .returning(columns)
    .executeTakeFirstOrThrow() as Promise<TemplateRecord>;
}

export async function findDistrictCode(db: Q, districtId: string): Promise<string | undefined> {
  const row = await db.selectFrom('org_unit').select('code').where('district_id', '=', districtId).where('kind', '=', 'district').executeTakeFirst();
  return row?.code;
}

export async function listDistrictIds(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('org_unit').select('district_id').where('kind', '=', 'district').execute();
  return rows.map((r) => r.district_id);
}
