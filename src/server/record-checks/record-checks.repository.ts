import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { RecordCheckTable } from '../db/schema.js';

/** 抽查核实 marks on duty records (any kind): the only SQL of the module. */
export async function insertRecordCheck(trx: Db, row: Insertable<RecordCheckTable>) {
  return trx.insertInto('record_check').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findRecordChecks(db: Db, districtId: string, kind: string, recordId: string) {
  return db
    .selectFrom('record_check')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('kind', '=', kind)
    .where('record_id', '=', recordId)
    .orderBy('checked_at', 'desc')
    .limit(100)
    .execute();
}

export async function findUnitName(db: Db, districtId: string, id: string) {
  return (await db.selectFrom('org_unit').select('name').where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst())?.name ?? '';
}
