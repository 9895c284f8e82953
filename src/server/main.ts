import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildApp } from './app.js';
import { LocalFileStore } from './attachments/file-store.js';
import { startAnchorSchedule } from './audit/audit-anchors.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type DatabaseHandle, type DbKind, isNewDataDir } from './db/database.js';
import { analyzeDatabase, startMaintenance } from './db/maintenance.js';
import { openDatabase } from './db/open.js';
import { DEMO_PASSWORD, demoAccounts } from './demo/demo-accounts.js';
import { loadDemoCases } from './demo/demo-cases.js';
import { loadDemoDeviceChecks } from './demo/demo-device-checks.js';
import { type DemoSummary, loadDemoDistrict } from './demo/demo-district.js';
import { loadDemoDrills } from './demo/demo-drills.js';
import { loadDemoEducation } from './demo/demo-education.js';
import { loadDemoGuardPosts } from './demo/demo-guard-posts.js';
import { loadDemoInspections } from './demo/demo-inspections.js';
import { loadDemoKeyPersons } from './demo/demo-key-persons.js';
import { loadDemoLetters } from './demo/demo-letters.js';
import { demoModulesLine, loadDemoModules } from './demo/demo-modules.js';
import { loadDemoPatrols } from './demo/demo-patrol.js';
import { loadDemoPremises } from './demo/demo-premises.js';
import { loadDemoPublicReports } from './demo/demo-public-reports.js';
import { loadDemoSchoolBuses } from './demo/demo-school-buses.js';
import { installRoot } from './install-root.js';
import { startDeadlineScanner } from './notifications/deadline-scan.js';
import { startOutboundWorker } from './outbound/outbound.worker.js';
import { loadPolicyRegistry } from './policy/policy.registry.js';
import { packForDistrict } from './policy/policy.service.js';
import { syncAllDistricts } from './policy/templates.service.js';
import { hasDemoDistrict, isDatabaseEmpty } from './setup/setup.service.js';

/**
 * Creates, migrates and (when wanted) fills the database; returns what the demo load did.
 * `huxiao prepare` runs this in a child process for a new PGlite directory: PGlite's initdb
 * and the demo load take ~900 MB that a process never returns, the serving process should not
 * carry it (shared/STACK.md).
 */
export async function prepareDatabase(config: Config): Promise<DemoSummary | null> {
  const handle = await openDatabase(config);
  try {
    return await fillIfEmpty(handle, config);
  } finally {
    await handle.close();
  }
}

/** The demo district (or the hint to run `huxiao init`) for an empty database; null otherwise. */
async function fillIfEmpty(handle: Pick<DatabaseHandle, 'db' | 'kind'>, config: Config): Promise<DemoSummary | null> {
  const db = handle.db;
  if (!(await isDatabaseEmpty(db))) return null;
  if (config.loadDemoWhenNew) {
    const demo = await loadDemoDistrict(db);
    // The demo's inspections are made with its checklists, so its templates are copied in first.
    const policies = loadPolicyRegistry(config.policyDir);
    await syncAllDistricts(db, policies);
    const pack = await packForDistrict(db, policies, demo.districtId);
    const inspections = await db.transaction().execute((trx) => loadDemoInspections(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoDrills(trx, pack, demo.districtId));
    const education = await db.transaction().execute((trx) => loadDemoEducation(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoPatrols(trx, demo.districtId));
    await db.transaction().execute((trx) => loadDemoLetters(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoPremises(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoKeyPersons(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoDeviceChecks(trx, demo.districtId));
    await db.transaction().execute((trx) => loadDemoCases(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoSchoolBuses(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoGuardPosts(trx, pack, demo.districtId));
    await db.transaction().execute((trx) => loadDemoPublicReports(trx, demo.districtId));
    // Reports, 报平安, campaigns, meetings, risk, assessment …: through the modules' services, which need the app's context.
    const app: AppContext = { db, dbKind: handle.kind, config, startedAt: new Date(), files: new LocalFileStore(path.join(config.dataDir, 'files')), policies };
    const modules = await loadDemoModules(app, pack, demo.districtId);
    // Statistics before the first user: the tables were just filled in bulk, and until the
    // background ANALYZE (10 s after listening) the planner would take them for empty — on
    // PostgreSQL the first 7 s of 200 users ran at a third of the steady throughput.
    await analyzeDatabase(db);
    return { ...demo, inspections, education, modules };
  }
  console.warn('数据库为空：请先运行 `npx huxiao init` 创建区县和管理员账号。');
  return null;
}

function prepareInChildProcess(config: Config) {
  console.log(config.loadDemoWhenNew ? `正在创建数据库并载入演示区县（${config.dataDir}，首次启动约需 10–30 秒）……` : `正在创建数据库（${config.dataDir}）……`);
  const cli = path.join(installRoot, 'bin/huxiao.mjs');
  const r = spawnSync(process.execPath, [cli, 'prepare'], { stdio: 'inherit', env: { ...process.env, DATA_DIR: config.dataDir } });
  if (r.status !== 0) throw new Error('数据目录初始化失败（huxiao prepare），请查看上方输出');
}

const BACKGROUND_DELAY_MS = 10_000;

/**
 * Uploads cut off by a crash leave `.part` files; they go at start, in the background. On PGlite
 * the data directory is locked to this process, so every one written before it started is a
 * leftover (uploads it takes meanwhile are newer); on PostgreSQL other servers may share the
 * folder, so only those untouched for an hour go.
 */
function removeLeftoverUploads(files: LocalFileStore, kind: DbKind, startedAt: number, warn: (msg: string) => void) {
  files
    .removeLeftoverParts(kind === 'pglite' ? 0 : 3600_000, startedAt)
    .then((n) => n > 0 && warn(`已删除 ${n} 个中断的上传留下的临时文件（.part）`))
    .catch((e) => warn(`清理中断上传的临时文件失败：${(e as Error).message}`));
}

/** Opens the database, loads the demo district into a new one, and listens. */
export async function startServer(config: Config) {
  const t0 = Date.now();
  // A bad policy pack stops the start before anything is written, listing every problem.
  const policies = loadPolicyRegistry(config.policyDir);
  if (!config.databaseUrl && isNewDataDir(config.dataDir)) prepareInChildProcess(config);
  // Opened once: the "is it empty?" check runs on the same handle that then serves.
  const handle = await openDatabase(config);
  const demo = await fillIfEmpty(handle, config);
  // Each district's checklist templates brought up to its pack (new district, or the pack changed).
  await syncAllDistricts(handle.db, policies);
  const files = new LocalFileStore(path.join(config.dataDir, 'files'));
  const app: AppContext = { db: handle.db, dbKind: handle.kind, config, startedAt: new Date(), files, policies };
  const server = await buildApp(app);
  // Deadline reminders and overdue escalation (then hourly) and PGlite's ANALYZE start a little
  // after the server listens: on PGlite they hold the one connection for seconds, and the first
  // users should not wait behind them.
  let stopScanner = () => {};
  let stopMaintenance = () => {};
  let stopAnchors = () => {};
  let stopOutbound = () => {};
  const background = setTimeout(() => {
    stopScanner = startDeadlineScanner(handle.db, (msg) => server.log.info(msg), policies);
    stopMaintenance = startMaintenance(handle.db, handle.kind, (msg) => server.log.warn(msg));
    stopAnchors = startAnchorSchedule(handle.db, config, (msg) => server.log.error(msg));
    // Outbound channels: the outbox is delivered after commit, with retries (server/outbound).
    stopOutbound = startOutboundWorker(handle.db, { baseUrl: config.publicBaseUrl }, (msg) => server.log.warn(msg));
  }, BACKGROUND_DELAY_MS);
  background.unref();
  const shutdown = async () => {
    clearTimeout(background);
    stopScanner();
    stopMaintenance();
    stopAnchors();
    stopOutbound();
    await server.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await server.listen({ port: config.port, host: config.host });
  removeLeftoverUploads(files, handle.kind, t0, (msg) => server.log.warn(msg));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    `护校安园已启动：http://localhost:${port}/  （API 文档：http://localhost:${port}/api/docs）`,
    `数据库：${handle.kind === 'pglite' ? `PGlite（${config.dataDir}）` : 'PostgreSQL'}；启动用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`,
  ];
  if (demo) {
    lines.push(
      `已载入演示数据：${demo.townships} 个街道/教管中心，${demo.schools} 所学校，${demo.users} 个用户，${demo.hazards} 条隐患（${demo.notices} 份整改通知书、${demo.penalties} 份执法处罚书），${demo.inspections ?? 0} 条检查记录。`,
    );
    if (demo.modules) lines.push(demoModulesLine(demo.modules));
  }
  if (demo || (await hasDemoDistrict(handle.db))) {
    lines.push(`演示账号（密码均为 ${DEMO_PASSWORD}，仅用于演示数据）：`);
    for (const a of demoAccounts) lines.push(`  ${a.username.padEnd(16)} ${a.displayName}  ${a.home}`);
  }
  console.log(lines.join('\n'));
  return { server, handle };
}
