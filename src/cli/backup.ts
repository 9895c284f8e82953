import fs from 'node:fs';
import path from 'node:path';
import { type BackupManifest, hasEmbeddedDatabase, isEmptyDir, restoreBackup, writeBackup } from '../server/backup/backup.service.js';
import type { Config } from '../server/config.js';
import { acquireDataDirLock, DataDirLockedError } from '../server/db/data-lock.js';

/**
 * `huxiao backup [file]` and `huxiao restore file`. The embedded database can only be opened by
 * one process, so a backup needs the server stopped: it takes the data directory's lock, which
 * also guarantees the database and the uploaded files are of the same moment.
 */
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** huxiao-backup-20261206-1530.tar.gz, in Shanghai time. */
function defaultFileName(now = new Date()): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `huxiao-backup-${t.slice(0, 10).replaceAll('-', '')}-${t.slice(11, 16).replace(':', '')}.tar.gz`;
}

function lockHolder(dataDir: string): string {
  try {
    return fs.readFileSync(path.join(dataDir, 'huxiao.lock'), 'utf8').trim();
  } catch {
    return '?';
  }
}

/** The lock, or a message saying the server must be stopped first. */
function lockForBackup(dataDir: string, command: string): (() => void) | string {
  try {
    return acquireDataDirLock(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    const pid = lockHolder(dataDir);
    return `无法${command}：护校安园服务正在使用数据目录 ${dataDir}（进程 PID ${pid}）。
内置数据库（PGlite）同一时间只能由一个进程打开，运行中的数据库无法得到一致的备份。
请先停止服务（在运行它的终端按 Ctrl+C，或 kill ${pid}），再运行 npx huxiao ${command === '备份' ? 'backup' : 'restore'}；完成后重新启动服务。`;
  }
}

const pgDumpHelp = (file: string) => `使用 PostgreSQL（已设置 DATABASE_URL）：数据库由 PostgreSQL 自己的工具备份，本命令只备份数据目录中的文件。
  1. 先备份数据库：pg_dump --format=custom --file=${file.replace(/\.tar\.gz$/, '')}.pgdump "$DATABASE_URL"
  2. 再备份文件（本命令，服务可以继续运行：文件写入后不再改动，先备份数据库则它引用的文件都在）。
  恢复时：用 pg_restore --no-owner --dbname="$DATABASE_URL" <数据库备份> 恢复到一个空数据库，再用 npx huxiao restore <本文件> 恢复文件。`;

export async function runBackup(config: Config, args: string[]): Promise<number> {
  const file = path.resolve(args[0] ?? defaultFileName());
  if (fs.existsSync(file)) {
    console.error(`备份文件 ${file} 已存在，不会覆盖。请换一个文件名。`);
    return 1;
  }
  if (config.databaseUrl) {
    console.log(pgDumpHelp(file));
    const { manifest } = await writeBackup(config.dataDir, file, 'postgresql');
    console.log(
      `已备份数据目录中的文件到 ${file}（${mb(fs.statSync(file).size)}）：${manifest.files} 个文件，${mb(manifest.fileBytes)}。数据库不在其中，请确认已用 pg_dump 备份。`,
    );
    return 0;
  }
  if (!hasEmbeddedDatabase(config.dataDir)) {
    console.error(`数据目录 ${config.dataDir} 中没有内置数据库，没有可备份的内容。请用 DATA_DIR 指定要备份的数据目录。`);
    return 1;
  }
  const lock = lockForBackup(config.dataDir, '备份');
  if (typeof lock === 'string') {
    console.error(lock);
    return 1;
  }
  try {
    console.log(`正在备份数据目录 ${config.dataDir}（数据库和上传的文件）……`);
    const t0 = performance.now();
    const { manifest, databaseBytes } = await writeBackup(config.dataDir, file, 'pglite');
    console.log(
      `已备份到 ${file}（压缩后 ${mb(fs.statSync(file).size)}，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒）：数据库 ${mb(databaseBytes)}，${manifest.files} 个文件 ${mb(manifest.fileBytes)}。`,
    );
    console.log(`恢复：DATA_DIR=<新的空目录> npx huxiao restore ${file}`);
    return 0;
  } finally {
    lock();
  }
}

function checkKind(config: Config, m: BackupManifest) {
  if (m.database === 'pglite' && config.databaseUrl) {
    throw new Error('这个备份包含内置数据库（PGlite），不能恢复到 PostgreSQL。请不设置 DATABASE_URL，把它恢复到内置数据库的数据目录。');
  }
  if (m.database === 'postgresql' && !config.databaseUrl) {
    throw new Error('这个备份来自使用 PostgreSQL 的部署，只有文件、没有数据库。请设置 DATABASE_URL，用 pg_restore 恢复数据库，再运行本命令恢复文件。');
  }
}

/** Empties a directory that was empty before a failed restore (keeps the lock file until release). */
function undoRestore(dataDir: string) {
  for (const name of fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : []) {
    if (name !== 'huxiao.lock') fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}

export async function runRestore(config: Config, args: string[]): Promise<number> {
  if (!args[0]) {
    console.error('用法：npx huxiao restore <备份文件>（恢复到 DATA_DIR 指定的空目录）');
    return 2;
  }
  const file = path.resolve(args[0]);
  if (!fs.existsSync(file)) {
    console.error(`找不到备份文件 ${file}`);
    return 1;
  }
  if (!isEmptyDir(config.dataDir)) {
    console.error(`数据目录 ${config.dataDir} 不是空的。恢复只写入空目录，不会覆盖或合并现有数据。请用 DATA_DIR 指定一个新的空目录，或先把现有目录移走。`);
    return 1;
  }
  const lock = config.databaseUrl ? () => {} : lockForBackup(config.dataDir, '恢复');
  if (typeof lock === 'string') {
    console.error(lock);
    return 1;
  }
  try {
    console.log(`正在从 ${file} 恢复到 ${config.dataDir}……`);
    const { manifest, databaseBytes } = await restoreBackup(file, config.dataDir, (m) => checkKind(config, m));
    const what = manifest.database === 'pglite' ? `数据库 ${mb(databaseBytes)}，` : '';
    console.log(`已恢复 ${manifest.createdAt} 的备份：${what}${manifest.files} 个文件 ${mb(manifest.fileBytes)}。`);
    if (manifest.database === 'postgresql') console.log('数据库请用 pg_restore 从 pg_dump 的备份恢复（本备份不含数据库）。');
    console.log('可用 npx huxiao audit verify 校验操作日志，然后 npm start 启动服务。');
    return 0;
  } catch (e) {
    undoRestore(config.dataDir);
    console.error(`恢复失败，已清空目标目录：${(e as Error).message}`);
    return 1;
  } finally {
    lock();
  }
}
