import fs from 'node:fs';
import path from 'node:path';
import { type AuditAnchor, anchorMac, walkChain } from '../../domain/audit-chain.js';
import { shanghaiDay } from '../../domain/calendar.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { lastUnkeyedSeq, listChainDistricts, readChainBatch } from './audit.repository.js';
import { auditKey } from './audit-key.js';

/**
 * Anchors: a district's chain head (sequence number and hash) appended as one JSON line to
 * AUDIT_ANCHOR_FILE (default DATA_DIR/audit-anchors.log) — daily, on every monthly briefing
 * export (and printed on it), and a "seal" the first time a district's chain is seen by a keyed
 * server. The file is only ever appended to; copy it off the machine (syslog, WORM storage) for
 * the strongest guarantee. `huxiao audit verify` checks every line against the rows.
 */
export type StoredAnchor = AuditAnchor & { mac: string; line: number };

export function readAnchors(config: Config): { anchors: StoredAnchor[]; bad: number[] } {
  const file = config.auditAnchorFile;
  if (!fs.existsSync(file)) return { anchors: [], bad: [] };
  const anchors: StoredAnchor[] = [];
  const bad: number[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      try {
        const a = JSON.parse(text) as StoredAnchor;
        anchors.push({ ...a, line: i + 1 });
      } catch {
        bad.push(i + 1);
      }
    });
  return { anchors, bad };
}

function appendAnchor(config: Config, a: AuditAnchor): AuditAnchor {
  const file = config.auditAnchorFile;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const line = JSON.stringify({ ...a, mac: anchorMac(auditKey(), a) });
  fs.appendFileSync(file, `${line}\n`, { mode: 0o600, flag: 'a' });
  return a;
}

/** Writes the current head of one district; null when it has no trail yet. */
export async function anchorDistrict(db: Db, config: Config, districtId: string, reason: AuditAnchor['reason'], now = new Date()) {
  const head = (await listChainDistricts(db)).find((h) => h.district_id === districtId);
  if (!head) return null;
  return appendAnchor(config, { districtId, seq: Number(head.seq), hash: head.hash, at: now.toISOString(), reason });
}

/**
 * Anchors every district that needs one: `seal` for a district with no anchor at all (its
 * unkeyed links, if any, end there), `daily` for one not anchored today (Shanghai day).
 */
export async function anchorDue(db: Db, config: Config, reason: 'seal' | 'daily', now = new Date()): Promise<number> {
  const { anchors } = readAnchors(config);
  const today = shanghaiDay(now);
  let written = 0;
  for (const head of await listChainDistricts(db)) {
    const own = anchors.filter((a) => a.districtId === head.district_id);
    const due = reason === 'seal' ? own.length === 0 : !own.some((a) => shanghaiDay(new Date(a.at)) === today);
    // Never anchor a head this key did not write (a wrong key, or a rewritten tail): verify reports it.
    if (!due || !(await headHolds(db, head.district_id))) continue;
    const base = { districtId: head.district_id, seq: Number(head.seq), hash: head.hash, at: now.toISOString() };
    if (own.length) appendAnchor(config, { ...base, reason });
    else appendAnchor(config, { ...base, reason: 'seal', unkeyedUntil: await lastUnkeyedSeq(db, head.district_id) });
    written += 1;
  }
  return written;
}

/** Whether the district's last link is what this key (or, for an unkeyed link, plain SHA-256) gives. */
async function headHolds(db: Db, districtId: string): Promise<boolean> {
  const head = (await listChainDistricts(db)).find((h) => h.district_id === districtId);
  if (!head || Number(head.seq) === 0) return true;
  const [last] = await readChainBatch(db, districtId, Number(head.seq) - 1, 1);
  if (!last || last.hash !== head.hash) return false;
  const start = { seq: last.seq - 1, hash: last.prevHash, keyedSeen: false };
  return walkChain([last], { key: auditKey(), legacyUntil: last.seq }, start).firstBreak === null;
}

/** Daily anchors while the server runs: checked at start and every hour. */
export function startAnchorSchedule(db: Db, config: Config, log: (msg: string) => void): () => void {
  const run = () => anchorDue(db, config, 'daily').catch((e) => log(`操作日志锚点写入失败：${(e as Error).message}`));
  void run();
  const timer = setInterval(run, 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
