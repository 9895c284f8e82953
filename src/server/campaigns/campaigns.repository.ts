import { type Insertable, sql, type Updateable } from 'kysely';
import type { CampaignParticipants, CampaignPhase } from '../../domain/campaign.js';
import type { Db } from '../db/database.js';
import type { CampaignTable } from '../db/schema.js';

/** 专项行动 SQL: campaigns, the schools taking part, the hazards tagged with a campaign. */

export type CampaignRecord = {
  id: string;
  template_code: string | null;
  name: string;
  kind: 'special' | 'seasonal' | 'cleanup';
  year: number;
  description: string;
  participants: CampaignParticipants;
  phases: CampaignPhase[];
  starts_on: string;
  ends_on: string;
  status: 'open' | 'closed';
  closed_at: Date | null;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const columns = [
  'id',
  'template_code',
  'name',
  'kind',
  'year',
  'description',
  'participants',
  'phases',
  sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
  sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on'),
  'status',
  'closed_at',
  'created_by_name',
  'created_at',
  'updated_at',
  'version',
] as const;

export async function findCampaigns(
  db: Db,
  districtId: string,
  f: { status?: 'open' | 'closed' | undefined; year?: number | undefined; runningOn?: string | undefined },
) {
  let q = db.selectFrom('campaign').select(columns).where('district_id', '=', districtId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.year) q = q.where('year', '=', f.year);
  if (f.runningOn) q = q.where('starts_on', '<=', f.runningOn).where('ends_on', '>=', f.runningOn);
  return (await q.orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute()) as unknown as CampaignRecord[];
}

export async function findCampaign(db: Db, districtId: string, id: string) {
  return (await db.selectFrom('campaign').select(columns).where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst()) as unknown as
    | CampaignRecord
    | undefined;
}

export async function insertCampaign(db: Db, row: Insertable<CampaignTable>) {
  return db.insertInto('campaign').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function updateCampaignIfVersion(db: Db, districtId: string, id: string, version: number, patch: Updateable<CampaignTable>) {
  const r = await db
    .updateTable('campaign')
    .set({ ...patch, version: version + 1, updated_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type CampaignSchool = { id: string; name: string; code: string; parent_id: string | null; parent_name: string | null; school_type: string };

/** The active schools taking part (by type and township/centre), within `scopeIds` when given. */
export async function findParticipatingSchools(
  db: Db,
  districtId: string,
  p: CampaignParticipants,
  scopeIds: readonly string[] | null,
): Promise<CampaignSchool[]> {
  if (scopeIds && scopeIds.length === 0) return [];
  let q = db
    .selectFrom('org_unit as o')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'o.district_id').onRef('s.id', '=', 'o.id'))
    .leftJoin('org_unit as p', (j) => j.onRef('p.district_id', '=', 'o.district_id').onRef('p.id', '=', 'o.parent_id'))
    .select(['o.id', 'o.name', 'o.code', 'o.parent_id', 'p.name as parent_name', 's.school_type'])
    .where('o.district_id', '=', districtId)
    .where('o.kind', '=', 'school')
    .where('o.is_active', '=', true);
  if (p.schoolTypes.length) q = q.where('s.school_type', 'in', p.schoolTypes);
  if (p.parentIds.length) q = q.where('o.parent_id', 'in', p.parentIds);
  if (scopeIds) q = q.where('o.id', 'in', scopeIds);
  return q.orderBy('p.sort_order').orderBy('p.code').orderBy('o.code').execute();
}

/** Units of the district of the given kinds among `ids` (to check a campaign's townships/centres and departments). */
export async function findUnits(db: Db, districtId: string, ids: readonly string[], kinds: readonly ('township' | 'centre' | 'department')[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('org_unit')
    .select(['id', 'name', 'kind'])
    .where('district_id', '=', districtId)
    .where('id', 'in', ids)
    .where('kind', 'in', kinds)
    .where('is_active', '=', true)
    .execute();
}

/** The hazards tagged with the campaign at these schools: the day found and the day closed (Shanghai). */
export async function findCampaignHazards(db: Db, districtId: string, campaignId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('hazard')
    .select([
      'id',
      'school_id',
      sql<string>`to_char(found_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('found_on'),
      sql<string | null>`to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('closed_on'),
    ])
    .where('district_id', '=', districtId)
    .where('campaign_id', '=', campaignId)
    .where('school_id', 'in', schoolIds)
    .execute();
}

/** How many inspections were run for the campaign at these schools (submitted). */
export async function countCampaignInspections(db: Db, districtId: string, campaignId: string, schoolIds: readonly string[]) {
  if (!schoolIds.length) return 0;
  const r = await db
    .selectFrom('inspection')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'submitted')
    .where('school_id', 'in', schoolIds)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
