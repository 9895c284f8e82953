import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/database.js';
import { DEMO_DISTRICT } from '../demo/demo-data.js';
import { insertOrgUnit } from '../org/org.repository.js';
import { insertUser } from '../users/users.repository.js';

/** True when no district exists yet: a new installation. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const r = await db.selectFrom('org_unit').select(sql<number>`1`.as('one')).limit(1).executeTakeFirst();
  return r === undefined;
}

/** True when the demo district is installed, so its accounts can be listed at start. */
export async function hasDemoDistrict(db: Db): Promise<boolean> {
  const r = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'school_officer')
    .where('district_id', 'in', db.selectFrom('org_unit').select('district_id').where('kind', '=', 'district').where('name', '=', DEMO_DISTRICT.name))
    .executeTakeFirst();
  return r !== undefined;
}

/** Creates a district (the root org unit) and its first administrator, with audit events. */
export async function createDistrictWithAdmin(
  db: Db,
  input: { districtName: string; districtCode: string; adminUsername: string; adminName: string; adminPassword: string; mustChangePassword?: boolean },
) {
  const passwordHash = await hashPassword(input.adminPassword);
  return db.transaction().execute((trx) => insertDistrictWithAdmin(trx, { ...input, passwordHash }));
}

export async function insertDistrictWithAdmin(
  trx: Db,
  input: { districtName: string; districtCode: string; adminUsername: string; adminName: string; passwordHash: string; mustChangePassword?: boolean },
) {
  const districtId = randomUUID();
  {
    const actor = systemActor(districtId, '系统初始化');
    await insertOrgUnit(trx, {
      district_id: districtId,
      id: districtId,
      parent_id: null,
      kind: 'district',
      name: input.districtName,
      code: input.districtCode,
      department_type: null,
    });
    const { id: adminId } = await insertUser(trx, {
      district_id: districtId,
      username: input.adminUsername,
      display_name: input.adminName,
      password_hash: input.passwordHash,
      role: 'district_admin',
      org_unit_id: districtId,
      must_change_password: input.mustChangePassword ?? false,
    });
    await appendAuditEvent(trx, actor, {
      action: 'district.create',
      entityType: 'org_unit',
      entityId: districtId,
      orgUnitId: districtId,
      summary: `创建区县「${input.districtName}」及管理员 ${input.adminUsername}`,
      after: { name: input.districtName, code: input.districtCode, adminUsername: input.adminUsername },
    });
    return { districtId, adminId };
  }
}
