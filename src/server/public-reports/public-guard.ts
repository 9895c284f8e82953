import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { windowAllowance } from '../../domain/public-report.js';
import { auditKey } from '../audit/audit-key.js';
import type { AppContext } from '../context.js';
import * as repo from './public-guard.repository.js';

/**
 * The public page's protection against abuse: a sliding-window count per client address, and the
 * challenge that a person answers. Both live in the database (migration 0038), so several server
 * processes behind one address and a restart share them: a burst spread over servers is limited
 * as one, and a spent challenge stays spent everywhere. The address is stored only as a keyed hash.
 */
const HOUR = 3600_000;
const READ_WINDOW_MS = 10 * 60_000;
const READ_LIMIT = 120;

/** The address as stored: an HMAC with the deployment's key, so the table holds no address. */
const clientKey = (ip: string) => createHmac('sha256', auditKey()).update(`public-guard/v1\u0000${ip}`).digest('base64url');

/**
 * Takes one hit for the address, or answers false when the limit is reached within the sliding
 * window. Fixed windows are stored; the sliding count is estimated from the current window and the
 * previous one weighted by how much of it still lies in the sliding window (windowAllowance), so a
 * burst across a window boundary does not get twice the limit. Refused hits are not counted.
 */
async function take(app: AppContext, bucket: repo.GuardBucket, ip: string, limit: number, windowMs: number, now: number): Promise<boolean> {
  const start = Math.floor(now / windowMs) * windowMs;
  const key = clientKey(ip);
  const previous = await repo.findHits(app.db, bucket, key, new Date(start - windowMs));
  const cap = windowAllowance(limit, previous, (now - start) / windowMs);
  // Kept for two windows: the next window still weighs this one.
  const ok = await repo.takeHit(app.db, bucket, key, new Date(start), new Date(start + 2 * windowMs), cap);
  await pruneNow(app, now);
  return ok;
}

const lastPrune = new WeakMap<object, number>();
/** At most once a minute per server: delete counters and spent challenges past their expiry. */
async function pruneNow(app: AppContext, now: number): Promise<void> {
  if (Math.abs(now - (lastPrune.get(app.db) ?? 0)) < 60_000) return;
  lastPrune.set(app.db, now);
  await pruneGuardRows(app, new Date(now));
}

/** Deletes expired guard rows (also what a test calls with a clock of its own). */
export const pruneGuardRows = (app: AppContext, now: Date) => repo.deleteExpired(app.db, now);

const throttled = () => new AppError('RATE_LIMITED', '提交过于频繁，请一小时后再试；紧急情况请直接拨打 110 或学校电话');

/** Every submission attempt counts, also one the service refuses later (a wrong answer, a bad photo): a burst is what abuse looks like. Runs before the body is read. */
export async function takeSubmitAttempt(app: AppContext, ip: string, now = Date.now()): Promise<void> {
  if (!(await take(app, 'submit', ip, app.config.publicReports.perIpHour, HOUR, now))) throw throttled();
}

/** Status look-ups, page data and challenges: generous, but a receipt number cannot be enumerated from one address. */
export async function takeReadAttempt(app: AppContext, ip: string, now = Date.now()): Promise<void> {
  if (!(await take(app, 'read', ip, READ_LIMIT, READ_WINDOW_MS, now))) throw new AppError('RATE_LIMITED', '查询过于频繁，请稍后再试');
}

// ---- The challenge: a sum the person works out, bound to a signed token with an expiry ----

const CHALLENGE_TTL_MS = 10 * 60_000;
const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Derived from the audit key, so every server of a deployment signs alike and a restart keeps tokens valid. */
const challengeKey = () => createHmac('sha256', auditKey()).update('public-report-challenge/v1').digest();
const sign = (payload: string) => createHmac('sha256', challengeKey()).update(payload).digest('base64url');

export type Challenge = { token: string; question: string; expiresAt: string };

/** 「三 加 七 等于几？」 in words, so a page scraper must at least read Chinese numerals. */
export function issueChallenge(now = Date.now()): Challenge {
  const a = randomInt(1, 11);
  const b = randomInt(1, 11);
  const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), s: a + b, iat: now, exp: now + CHALLENGE_TTL_MS })).toString(
    'base64url',
  );
  return {
    token: `${payload}.${sign(payload)}`,
    question: `${digits[a]} 加 ${digits[b]} 等于几？（请填阿拉伯数字）`,
    expiresAt: new Date(now + CHALLENGE_TTL_MS).toISOString(),
  };
}

const badChallenge = (message: string) => new AppError('VALIDATION_FAILED', message, [{ path: 'challengeAnswer', message }]);

type Claims = { n: string; s: number; iat: number; exp: number };

function readToken(token: string): Claims | null {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return null;
  const want = Buffer.from(sign(payload));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    return typeof c.n === 'string' && Number.isInteger(c.s) && Number.isFinite(c.iat) && Number.isFinite(c.exp) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Checks the answer and spends the token at once, so two requests racing with one token cannot
 * both pass; the page asks for a new question after any refusal. A token is good once, for
 * 10 minutes, and not before `minFillMs` after it was issued.
 */
export async function checkChallenge(app: AppContext, token: string, answer: number, now = Date.now()): Promise<void> {
  const c = readToken(token);
  if (!c) throw badChallenge('验证信息无效，请刷新验证题后重试');
  if (c.exp < now) throw badChallenge('验证题已过期，请换一题后重新提交');
  if (now - c.iat < app.config.publicReports.minFillMs) throw badChallenge('提交太快了，请核对内容后再提交');
  // Spent in the database, kept until the token expires anyway: a second use on any server is refused.
  if (!(await repo.spendNonce(app.db, c.n, new Date(c.exp)))) throw badChallenge('该验证题已使用，请换一题');
  if (c.s !== answer) throw badChallenge('验证题答案不对，请换一题重新计算');
}
