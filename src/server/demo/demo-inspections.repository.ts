import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Q = Kysely<Database>;

export type DemoItem = {
  code: string;
  position: number;
  text: string;
  category: string;
  place: string | null;
  guidance: string;
  photo_required: boolean;
  fail_level: string;
  result: 'pass' | 'fail' | 'na';
  note: string;
};

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

/** Bulk insert for the demo load only: submitted inspections with their items, in chunks. */
export async function insertDemoInspections(db: Q, inspections: DemoInspection[]) {
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
    for (let j = 0; j < items.length; j += 1000)
      await db
        .insertInto('inspection_item')
        .values(items.slice(j, j + 1000))
        .execute();
  }
  await sql`analyze inspection`.execute(db);
}
