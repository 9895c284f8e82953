import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { readTar, type TarSource, tarStream } from './tar.js';

/**
 * Backups of a data directory: one gzip-compressed tar holding a manifest, the embedded
 * database as PGlite's own dump (`database/pgdata.tar`), and every other file of DATA_DIR
 * (`data/…`: uploaded files, key and anchor files) except the lock file and unfinished `.part`
 * uploads. The caller holds the data directory's lock, so no server writes meanwhile and the
 * database and the files are of the same moment. On PostgreSQL only the files are taken.
 */
export const MANIFEST = 'huxiao-backup.json';
const DATABASE_ENTRY = 'database/pgdata.tar';
const DATA_PREFIX = 'data/';
const PGDATA = 'pgdata';
const LOCK_FILE = 'huxiao.lock';

export type BackupManifest = {
  format: 'huxiao-backup';
  version: 1;
  createdAt: string;
  /** pglite: the archive holds the database; postgresql: files only (the database is pg_dump's). */
  database: 'pglite' | 'postgresql';
  files: number;
  fileBytes: number;
};

export type BackupSummary = { manifest: BackupManifest; databaseBytes: number };

/** The files of the data directory a backup carries, relative, with '/' separators. */
function dataFiles(dataDir: string): { rel: string; size: number; mtime: Date }[] {
  if (!fs.existsSync(dataDir)) return [];
  const names = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' });
  return names
    .map((n) => n.split(path.sep).join('/'))
    .filter((rel) => rel !== LOCK_FILE && rel !== PGDATA && !rel.startsWith(`${PGDATA}/`) && !rel.endsWith('.part'))
    .flatMap((rel) => {
      const stat = fs.statSync(path.join(dataDir, rel));
      return stat.isFile() ? [{ rel, size: stat.size, mtime: stat.mtime }] : [];
    })
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

export const hasEmbeddedDatabase = (dataDir: string) => fs.existsSync(path.join(dataDir, PGDATA, 'PG_VERSION'));

/** PGlite's dump of the data directory's database (opened here, and closed again). */
async function dumpDatabase(dataDir: string): Promise<Buffer> {
  const pglite = new PGlite({ dataDir: path.join(dataDir, PGDATA) });
  try {
    await pglite.waitReady;
    return Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  } finally {
    await pglite.close();
  }
}

/** Writes the backup to `file` (through `file.part`, renamed when complete). */
export async function writeBackup(dataDir: string, file: string, database: 'pglite' | 'postgresql'): Promise<BackupSummary> {
  const dump = database === 'pglite' ? await dumpDatabase(dataDir) : null;
  const files = dataFiles(dataDir);
  const manifest: BackupManifest = {
    format: 'huxiao-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    database,
    files: files.length,
    fileBytes: files.reduce((s, f) => s + f.size, 0),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  function* entries(): Generator<TarSource> {
    yield { name: MANIFEST, size: manifestBytes.length, mtime: new Date(), body: manifestBytes };
    if (dump) yield { name: DATABASE_ENTRY, size: dump.length, mtime: new Date(), body: dump };
    for (const f of files) yield { name: DATA_PREFIX + f.rel, size: f.size, mtime: f.mtime, body: fs.createReadStream(path.join(dataDir, f.rel)) };
  }
  const tmp = `${file}.part`;
  try {
    await pipeline(Readable.from(tarStream(entries())), zlib.createGzip({ level: 6 }), fs.createWriteStream(tmp, { mode: 0o600 }));
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { manifest, databaseBytes: dump?.length ?? 0 };
}

/** True when the directory is missing or holds nothing (a restore target). */
export const isEmptyDir = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

function targetPath(dataDir: string, name: string): string {
  const rel = name.slice(DATA_PREFIX.length);
  const p = path.resolve(dataDir, rel);
  const reserved = rel === LOCK_FILE || rel === PGDATA || rel.startsWith(`${PGDATA}/`);
  if (!rel || reserved || !p.startsWith(path.resolve(dataDir) + path.sep) || rel.split('/').includes('..')) throw new Error(`备份中有不安全的路径：${name}`);
  return p;
}

async function readManifest(entry: { body: () => AsyncGenerator<Buffer> }): Promise<BackupManifest> {
  const parts: Buffer[] = [];
  for await (const c of entry.body()) parts.push(c);
  const m = JSON.parse(Buffer.concat(parts).toString('utf8')) as BackupManifest;
  if (m.format !== 'huxiao-backup' || m.version !== 1) throw new Error('不是护校安园的备份文件（清单格式不符）');
  return m;
}

/**
 * Restores a backup into `dataDir`, which the caller has checked is empty and holds locked.
 * `accept` sees the manifest before anything is written and may refuse (throw).
 */
export async function restoreBackup(file: string, dataDir: string, accept: (m: BackupManifest) => void): Promise<BackupSummary> {
  let manifest: BackupManifest | undefined;
  let databaseBytes = 0;
  let files = 0;
  const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
  for await (const entry of readTar(gunzip)) {
    if (!manifest) {
      if (entry.name !== MANIFEST) throw new Error('不是护校安园的备份文件（缺少 huxiao-backup.json）');
      manifest = await readManifest(entry);
      accept(manifest);
    } else if (entry.name === DATABASE_ENTRY) {
      const parts: Buffer[] = [];
      for await (const c of entry.body()) parts.push(c);
      const dump = Buffer.concat(parts);
      databaseBytes = dump.length;
      const pglite = new PGlite({ dataDir: path.join(dataDir, PGDATA), loadDataDir: new Blob([dump]) });
      await pglite.waitReady;
      await pglite.close();
    } else if (entry.name.startsWith(DATA_PREFIX)) {
      const p = targetPath(dataDir, entry.name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      await pipeline(Readable.from(entry.body()), fs.createWriteStream(p, { flags: 'wx', mode: 0o600 }));
      files++;
    }
  }
  if (!manifest) throw new Error('备份文件是空的');
  if (files !== manifest.files || (manifest.database === 'pglite' && databaseBytes === 0)) {
    throw new Error(
      `备份文件不完整：清单记录 ${manifest.files} 个文件，实际恢复 ${files} 个${manifest.database === 'pglite' && databaseBytes === 0 ? '，且缺少数据库' : ''}`,
    );
  }
  return { manifest, databaseBytes };
}
