import type { Db } from '../db/database.js';

/**
 * The demo's acknowledgements of risk alerts by schools that have no demo account (the first school
 * acknowledges through the service): the school's principal by name, no user id, in one statement per alert.
 */
export async function acknowledgeDemoAlertSchools(
  db: Db,
  districtId: string,
  alertId: string,
  rows: { schoolId: string; at: Date; on: string; byName: string; measures: string }[],
) {
  for (const r of rows)
    await db
      .updateTable('risk_alert_school')
      .set({ acknowledged_at: r.at, acknowledged_on: r.on, acknowledged_by: null, acknowledged_by_name: r.byName, measures: r.measures })
      .where('district_id', '=', districtId)
      .where('alert_id', '=', alertId)
      .where('school_id', '=', r.schoolId)
      .where('acknowledged_at', 'is', null)
      .execute();
}
