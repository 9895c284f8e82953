import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/server/db/database.js';
import { idOfUser } from './harness.js';

/**
 * A small township written row by row, so the supervision summary can be counted by hand:
 * 测试街道 with schools S1–S4 (and S5, closed down), inspections, hazards, notices and penalties in
 * March 2026 and around it. The expected numbers are written literally in the test.
 *
 * Inspections (submitted): S1 joint 03-05 and 03-20, S2 inspector 03-10, S3 school_self 03-12,
 * S4 joint 02-25 (before March).
 * Hazards: H1 S1 joint closed on time · H2 S1 joint rectifying, deadline 04-30 (overdue now) ·
 * H3 S2 inspector closed late · H4 S2 school_self open · H5 S3 public open · H6 S4 joint found 02-20 ·
 * H7 S4 police closed · H8 S3 inspector reported (no deadline); H1–H5, H7, H8 found in March.
 * Notices: S1 03-06, S2 03-15, S1 04-02. Penalties: S1 03-18, S4 02-28.
 */
export type Fixture = { districtId: string; townshipId: string; schools: string[]; from: string; to: string };

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

export async function buildSummaryFixture(db: Db): Promise<Fixture> {
  const district = await db
    .selectFrom('org_unit')
    .select(['district_id', 'id'])
    .where('kind', '=', 'district')
    .where('code', '=', 'YJ')
    .executeTakeFirstOrThrow();
  const districtId = district.district_id;
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const township = await db
    .insertInto('org_unit')
    .values({
      district_id: districtId,
      parent_id: district.id,
      kind: 'township',
      name: `测试街道${tag}`,
      code: `T${tag}`,
      updated_at: new Date(),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schools: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const o = await db
      .insertInto('org_unit')
      .values({
        district_id: districtId,
        parent_id: township.id,
        kind: 'school',
        name: `测试学校${tag}-${i}`,
        code: `S${tag}${i}`,
        is_active: i !== 5,
        updated_at: new Date(),
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('school')
      .values({
        district_id: districtId,
        id: o.id,
        school_type: 'primary',
        longitude: 106.5 + i / 100,
        latitude: 29.5 + i / 100,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    schools.push(o.id);
  }
  const [s1, s2, s3, s4] = schools as [string, string, string, string];
  const admin = await idOfUser(db, 'admin');
  const template = await db
    .selectFrom('checklist_template')
    .select(['id', 'code', 'version', 'name'])
    .where('district_id', '=', districtId)
    .executeTakeFirstOrThrow();
  const inspections: [string, string, string][] = [
    [s1, 'joint', '2026-03-05'],
    [s1, 'joint', '2026-03-20'],
    [s2, 'inspector', '2026-03-10'],
    [s3, 'school_self', '2026-03-12'],
    [s4, 'joint', '2026-02-25'],
  ];
  for (const [i, [school, level, day]] of inspections.entries()) {
    await db
      .insertInto('inspection')
      .values({
        district_id: districtId,
        client_id: randomUUID(),
        code: `XJ${tag}${i}`,
        school_id: school,
        template_id: template.id,
        template_code: template.code,
        template_version: template.version,
        template_name: template.name,
        level,
        status: 'submitted',
        inspected_at: at(day),
        inspected_on: day,
        inspectors: JSON.stringify([{ name: '测试' }]),
        created_by: admin,
        created_by_name: '测试',
        submitted_at: at(day, 11),
      })
      .execute();
  }
  type H = [string, string, 'reported' | 'rectifying' | 'closed', string, string | null, boolean | null];
  const hazards: H[] = [
    [s1, 'joint', 'closed', '2026-03-05', '2026-03-31', true],
    [s1, 'joint', 'rectifying', '2026-03-20', '2026-04-30', null],
    [s2, 'inspector', 'closed', '2026-03-10', '2026-03-20', false],
    [s2, 'school_self', 'rectifying', '2026-03-12', '2099-01-01', null],
    [s3, 'public', 'rectifying', '2026-03-02', '2026-04-01', null],
    [s4, 'joint', 'rectifying', '2026-02-20', '2026-03-01', null],
    [s4, 'police', 'closed', '2026-03-31', '2026-04-15', true],
    [s3, 'inspector', 'reported', '2026-03-01', null, null],
  ];
  for (const [i, [school, source, state, found, deadline, onTime]] of hazards.entries()) {
    await db
      .insertInto('hazard')
      .values({
        district_id: districtId,
        code: `YH${tag}${i}`,
        school_id: school,
        title: `测试隐患${i + 1}`,
        place: i % 2 ? '校门' : '食堂',
        category: i % 2 ? 'fire' : 'food',
        level: state === 'reported' ? null : 'general',
        source,
        state,
        // 00:30 Shanghai on the first and 23:30 on the last day: the day boundaries are Shanghai's.
        found_at: found.endsWith('-01') ? at(found, 0) : at(found, 23),
        reported_by_name: '测试',
        responsible_unit_id: school,
        deadline,
        closed_at: state === 'closed' ? at(deadline ?? found) : null,
        closed_on_time: state === 'closed' ? onTime : null,
      })
      .execute();
  }
  const notices: [string, string][] = [
    [s1, '2026-03-06'],
    [s2, '2026-03-15'],
    [s1, '2026-04-02'],
  ];
  for (const [i, [school, day]] of notices.entries()) {
    await db
      .insertInto('rectification_notice')
      .values({
        district_id: districtId,
        number: `测试〔2026〕${tag}${i}号`,
        year: 2026,
        seq: 900000 + Math.floor(Math.random() * 90000) * 10 + i,
        issuer_unit_id: district.id,
        issuer_user_id: admin,
        issuer_name: '测试',
        issuer_kind: 'district',
        school_id: school,
        deadline: '2026-04-30',
        issued_at: at(day),
      })
      .execute();
  }
  const police = await db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where('department_type', '=', 'police_station')
    .executeTakeFirstOrThrow();
  for (const [i, [school, day]] of [
    [s1, '2026-03-18'],
    [s4, '2026-02-28'],
  ].entries()) {
    await db
      .insertInto('penalty_decision')
      .values({
        district_id: districtId,
        number: `测试罚${tag}${i}`,
        police_unit_id: police.id,
        school_id: school as string,
        decided_on: day as string,
        content: '测试',
        recorded_by: admin,
        recorded_by_name: '测试',
      })
      .execute();
  }
  await seedDemoHazards(db, districtId, tag);
  return { districtId, townshipId: township.id, schools, from: '2026-03-01', to: '2026-03-31' };
}

/**
 * The test template holds the demo district without hazards: the first school of every township
 * and centre (YJT0101 …) gets three, in different states, months, categories and places, so
 * every role's dashboard has numbers to drill into.
 */
async function seedDemoHazards(db: Db, districtId: string, tag: string) {
  const firsts = await db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where('kind', '=', 'school')
    .where('code', 'like', 'YJ%01')
    .execute();
  const kinds = [
    ['rectifying', '2026-05-10', '2026-06-10', 'inspector', 'major', true],
    ['closed', '2026-08-03', '2026-09-03', 'joint', 'general', false],
    ['reported', '2026-11-20', null, 'school_self', null, false],
  ] as const;
  let i = 0;
  for (const s of firsts) {
    for (const [state, found, deadline, source, level, listed] of kinds) {
      i += 1;
      await db
        .insertInto('hazard')
        .values({
          district_id: districtId,
          code: `YH${tag}D${i}`,
          school_id: s.id,
          title: `演示隐患${i}`,
          place: ['校门', '食堂', '宿舍'][i % 3] as string,
          category: ['fire', 'food', 'building'][i % 3] as string,
          level,
          source,
          state,
          found_at: at(found),
          reported_by_name: '测试',
          responsible_unit_id: s.id,
          deadline,
          supervision_listed: listed,
          supervision_listed_at: listed ? at(found) : null,
          closed_at: state === 'closed' ? at('2026-08-20') : null,
          closed_on_time: state === 'closed' ? true : null,
        })
        .execute();
    }
  }
}
