import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** Bulk insert of the demo's 报平安 check-ins by schools without a demo account, a few hundred rows a statement. */
export async function insertDemoCheckIns(db: Db, rows: Insertable<Database['safety_check_in']>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('safety_check_in')
      .values(rows.slice(i, i + 500))
      .execute();
}
