import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/20261122_0001_foundation.js';
import * as m0002 from './migrations/20261122_0002_hazards.js';
import * as m0003 from './migrations/20261122_0003_ledger_indexes.js';
import * as m0005 from './migrations/20261122_0005_inspections.js';
import * as m0006 from './migrations/20261122_0006_ledger_perf.js';
import * as m0007 from './migrations/20261206_0007_ledger_level_cover.js';
import * as m0008 from './migrations/20261206_0008_auth_hardening.js';
import * as m0010 from './migrations/20261206_0010_dashboard.js';
import * as m0012 from './migrations/20261206_0012_drills.js';
import * as m0013 from './migrations/20261206_0013_education.js';
import * as m0014 from './migrations/20261206_0014_letters.js';
import * as m0015 from './migrations/20261206_0015_patrol.js';
import * as m0016 from './migrations/20261206_0016_sanfang.js';
import * as m0017 from './migrations/20261206_0017_duty_indexes.js';
import * as m0019 from './migrations/20261206_0019_hazard_version.js';
import * as m0020 from './migrations/20261206_0020_device_checks.js';
import * as m0021 from './migrations/20261206_0021_buildings_gate_log.js';
import * as m0022 from './migrations/20261206_0022_gaps.js';
import * as m0023 from './migrations/20261206_0023_premises.js';
import * as m0024 from './migrations/20261206_0024_guard_posts.js';
import * as m0025 from './migrations/20261206_0025_buses_waters.js';
import * as m0026 from './migrations/20261206_0026_gates_key_persons.js';
import * as m0027 from './migrations/20261206_0027_cases.js';
import * as m0028 from './migrations/20261206_0028_public_reports.js';
import * as m0029 from './migrations/20261206_0029_duty_speed.js';
import * as m0030 from './migrations/20261206_0030_bus_duty_version.js';
import * as m0031 from './migrations/20261206_0031_reports.js';
import * as m0032 from './migrations/20261206_0032_safety_outbound.js';
import * as m0033 from './migrations/20261206_0033_campaigns.js';
import * as m0034 from './migrations/20261206_0034_bulletins_meetings.js';
import * as m0035 from './migrations/20261206_0035_assessment.js';
import * as m0036 from './migrations/20261206_0036_risk.js';
import * as m0037 from './migrations/20261206_0037_screenings_case_triage.js';
import * as m0038 from './migrations/20261207_0038_public_guard.js';
import * as m0039 from './migrations/20261207_0039_rota_versions_gates.js';
import * as m0041 from './migrations/20261207_0041_report_drafts_opt_outs.js';
import * as m0042 from './migrations/20261207_0042_case_leftovers.js';
import * as m0043 from './migrations/20261207_0043_guard_post_gates.js';
import * as m0044 from './migrations/20261207_0044_risk_review_duty.js';
import * as m0045 from './migrations/20261207_0045_login_guard.js';
import * as m0046 from './migrations/20261207_0046_ledger_sort_indexes.js';

/** Migrations are listed here explicitly (no directory scan) so the order is reviewable. */
const migrations: Record<string, Migration> = {
  '20261122_0001_foundation': m0001,
  '20261122_0002_hazards': m0002,
  '20261122_0003_ledger_indexes': m0003,
  '20261122_0005_inspections': m0005,
  '20261122_0006_ledger_perf': m0006,
  '20261206_0007_ledger_level_cover': m0007,
  '20261206_0008_auth_hardening': m0008,
  '20261206_0010_dashboard': m0010,
  '20261206_0012_drills': m0012,
  '20261206_0013_education': m0013,
  '20261206_0015_patrol': m0015,
  '20261206_0014_letters': m0014,
  '20261206_0016_sanfang': m0016,
  '20261206_0021_buildings_gate_log': m0021,
  '20261206_0019_hazard_version': m0019,
  '20261206_0023_premises': m0023,
  '20261206_0026_gates_key_persons': m0026,
  '20261206_0017_duty_indexes': m0017,
  '20261206_0022_gaps': m0022,
  '20261206_0020_device_checks': m0020,
  '20261206_0027_cases': m0027,
  '20261206_0025_buses_waters': m0025,
  '20261206_0024_guard_posts': m0024,
  '20261206_0029_duty_speed': m0029,
  '20261206_0030_bus_duty_version': m0030,
  '20261206_0036_risk': m0036,
  '20261206_0028_public_reports': m0028,
  '20261206_0034_bulletins_meetings': m0034,
  '20261206_0032_safety_outbound': m0032,
  '20261206_0033_campaigns': m0033,
  '20261206_0031_reports': m0031,
  '20261206_0037_screenings_case_triage': m0037,
  '20261206_0035_assessment': m0035,
  '20261207_0038_public_guard': m0038,
  '20261207_0039_rota_versions_gates': m0039,
  '20261207_0041_report_drafts_opt_outs': m0041,
  '20261207_0042_case_leftovers': m0042,
  '20261207_0043_guard_post_gates': m0043,
  '20261207_0044_risk_review_duty': m0044,
  '20261207_0045_login_guard': m0045,
  '20261207_0046_ledger_sort_indexes': m0046,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
