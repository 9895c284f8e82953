import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { auditKey } from '../audit/audit-key.js';
import type { AppContext } from '../context.js';

/**
 * The public page's protection against abuse, all in this process (one server per deployment,
 * like the sign-in limits): a sliding-window count per client address, and the challenge that a
 * person answers. Counts are lost on restart, which only ever lets someone in sooner.
 */
const HOUR = 3600_000;

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  /** Takes one hit for the key, or answers false when `limit` hits fall within `windowMs`. */
  take(key: string, limit: number, windowMs: number, now: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (this.hits.size > 50_000) this.prune(now, windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }
  private prune(now: number, windowMs: number) {
    for (const [k, v] of this.hits) if (!v.some((t) => t > now - windowMs)) this.hits.delete(k);
  }
}

type GuardState = { submits: SlidingWindow; reads: SlidingWindow; usedChallenges: Map<string, number> };
const states = new WeakMap<AppContext, GuardState>();
const stateOf = (app: AppContext): GuardState => {
  let s = states.get(app);
  if (!s) {
    s = { submits: new SlidingWindow(), reads: new SlidingWindow(), usedChallenges: new Map() };
    states.set(app, s);
  }
  return s;
};

const throttled = () => new AppError('RATE_LIMITED', '提交过于频繁，请一小时后再试；紧急情况请直接拨打 110 或学校电话');

/** Every submission attempt counts, refused ones too: a burst is what abuse looks like. Runs before the body is read. */
export function takeSubmitAttempt(app: AppContext, ip: string, now = Date.now()): void {
  if (!stateOf(app).submits.take(ip, app.config.publicReports.perIpHour, HOUR, now)) throw throttled();
}

/** Status look-ups, page data and challenges: generous, but a receipt number cannot be enumerated from one address. */
export function takeReadAttempt(app: AppContext, ip: string, now = Date.now()): void {
  if (!stateOf(app).reads.take(ip, 120, 10 * 60_000, now)) throw new AppError('RATE_LIMITED', '查询过于频繁，请稍后再试');
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
export function checkChallenge(app: AppContext, token: string, answer: number, now = Date.now()): void {
  const c = readToken(token);
  if (!c) throw badChallenge('验证信息无效，请刷新验证题后重试');
  if (c.exp < now) throw badChallenge('验证题已过期，请换一题后重新提交');
  const used = stateOf(app).usedChallenges;
  if (used.has(c.n)) throw badChallenge('该验证题已使用，请换一题');
  if (now - c.iat < app.config.publicReports.minFillMs) throw badChallenge('提交太快了，请核对内容后再提交');
  if (used.size > 10_000) for (const [n, exp] of used) if (exp < now) used.delete(n);
  used.set(c.n, c.exp);
  if (c.s !== answer) throw badChallenge('验证题答案不对，请换一题重新计算');
}
