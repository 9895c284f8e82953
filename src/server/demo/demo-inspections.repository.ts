import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemRow } from '../inspections/inspections.repository.js';

type Q = Kysely<Database>;

/** An item as the demo writes it: no evidence, no hazard, always answered. */
export type DemoItem = Omit<ItemRow, 'attachment_ids' | 'raise_hazard' | 'hazard_id' | 'result'> & { result: 'pass' | 'fail' | 'na' };

export type DemoInspection = {
  district_id: string;
  client_id: string;
  code: string;
  school_id: string;
  template_id: string;
  template_code: string;
  template_version: number;
  template_name: string;
  level: string;
  inspected_at: Date;
  inspected_on: string;
  inspectors: { name: string; unitName: string }[];
  created_by: string;
  created_by_name: string;
  summary: string;
  report_due: string | null;
  reported_at: Date | null;
  items: DemoItem[];
};

/** The demo accounts inspections are attributed to. */
export async function demoUserIds(db: Q, districtId: string) {
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'org_unit_id'])
    .where('district_id', '=', districtId)
    .where('username', 'in', ['school_officer', 'centre_officer', 'police', 'joint_inspector'])
    .execute();
  const by = new Map(rows.map((r) => [r.username, r]));
  const need = (u: string) => {
    const r = by.get(u);
    if (!r) throw new Error(`演示账号 ${u} 不存在`);
    return r;
  };
  return {
    schoolOfficer: need('school_officer').id,
    schoolOfficerName: need('school_officer').display_name,
    firstSchool: need('school_officer').org_unit_id,
    centreOfficer: need('centre_officer').id,
    police: need('police').id,
    joint: need('joint_inspector').id,
    jointName: need('joint_inspector').display_name,
  };
}

/**
 * Bulk insert for the demo load only: submitted inspections with their items, in chunks. The rows
 * are consistent by construction (each item's inspection id was just returned), so when the
 * connection may (a superuser: always on PGlite) the per-row foreign-key triggers are skipped for
 * this transaction only: on PGlite they cost about 1 ms a row, 90 s for the demo's 100,000 items.
 */
export async function insertDemoInspections(db: Q, inspections: DemoInspection[]) {
  const su = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(db);
  if (su.rows[0]?.su) await sql`set local session_replication_role = replica`.execute(db);
  for (let i = 0; i < inspections.length; i += 200) {
    const chunk = inspections.slice(i, i + 200);
    const ids = await db
      .insertInto('inspection')
      .values(
        chunk.map(({ items, inspectors, ...r }) => ({
          ...r,
          status: 'submitted' as const,
          submitted_at: r.inspected_at,
          inspectors: JSON.stringify(inspectors),
          inspector_ids: r.created_by === '00000000-0000-0000-0000-000000000000' ? [] : [r.created_by],
          signatures: '[]',
          content_hash: 'demo',
          pass_count: items.filter((x) => x.result === 'pass').length,
          fail_count: items.filter((x) => x.result === 'fail').length,
          na_count: items.filter((x) => x.result === 'na').length,
          open_count: 0,
          reported_by_name: r.reported_at ? '校长（演示）' : null,
        })),
      )
      .returning(['id', 'client_id'])
      .execute();
    const idOf = new Map(ids.map((x) => [x.client_id, x.id]));
    const items = chunk.flatMap((r) => r.items.map((it) => ({ ...it, district_id: r.district_id, inspection_id: idOf.get(r.client_id) as string })));
    // One JSON parameter per statement: thousands of bound parameters are what make PGlite slow here.
    await sql`
      insert into inspection_item (district_id, inspection_id, code, position, text, category, place, guidance, photo_required, fail_level, result, note)
      select district_id, inspection_id, code, position, text, category, place, guidance, photo_required, fail_level, result, note
      from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(
        district_id uuid, inspection_id uuid, code text, position int, text text, category text, place text, guidance text,
        photo_required boolean, fail_level text, result text, note text)`.execute(db);
  }
  await sql`analyze inspection`.execute(db);
}
