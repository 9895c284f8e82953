import { AppError } from '../../domain/errors.js';
import { type AttemptCounter, loginPolicy, type Reservation, reserveAttempt } from '../../domain/password-policy.js';
import type { AppContext } from '../context.js';

/**
 * The in-process half of sign-in protection (the account and device counters live in the
 * database, see login-attempts.repository.ts):
 * - failures per client address, reserved before the password is checked and given back only
 *   by a success, so a success (of any account) never wipes the address's other failures;
 * - counters for names that have no active account, run by the same rule as a real account,
 *   so "locked" never tells a stranger that a username exists.
 * JavaScript runs this synchronously, so reserving is atomic within the process.
 */
export class LoginGuard {
  private readonly ipFailures = new Map<string, { count: number; since: number }>();
  private readonly unknownNames = new Map<string, AttemptCounter>();
  private readonly windowMs = loginPolicy.ipWindowMinutes * 60_000;

  /** Takes one attempt from the address's allowance; RATE_LIMITED when it is used up. */
  reserveIp(ip: string, now = Date.now()): void {
    let f = this.ipFailures.get(ip);
    if (!f || now - f.since > this.windowMs) {
      if (this.ipFailures.size > 100_000) this.ipFailures.clear(); // bounded memory under a flood
      f = { count: 0, since: now };
      this.ipFailures.set(ip, f);
    }
    if (f.count >= loginPolicy.maxFailuresPerIp) throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${loginPolicy.ipWindowMinutes} 分钟后再试`);
    f.count += 1;
  }

  /** A success gives back the one attempt it reserved, and only that one. */
  releaseIp(ip: string): void {
    const f = this.ipFailures.get(ip);
    if (f && f.count > 0) f.count -= 1;
  }

  /** The counter of a name with no active account. */
  reserveUnknown(username: string, now: Date): Reservation {
    const key = username.toLowerCase();
    const r = reserveAttempt(this.unknownNames.get(key) ?? { failures: 0, lockedUntil: null }, now);
    if (r.allowed) {
      if (this.unknownNames.size > 100_000) this.unknownNames.clear();
      this.unknownNames.set(key, r.next);
    }
    return r;
  }
}

const guards = new WeakMap<AppContext, LoginGuard>();

/** One guard per running app (tests build several apps in one process). */
export function loginGuardOf(app: AppContext): LoginGuard {
  let g = guards.get(app);
  if (!g) {
    g = new LoginGuard();
    guards.set(app, g);
  }
  return g;
}

/** Refused attempts answer after the same minimum time, whatever the reason (unknown name, wrong password, lock). */
export async function withFailureFloor<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } catch (e) {
    const wait = loginPolicy.failureFloorMs - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    throw e;
  }
}

const shanghaiTime = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

/** The one lock message, for accounts and unknown names alike. */
export const lockedError = (until: Date) =>
  new AppError('ACCOUNT_LOCKED', `多次登录失败，该账号在本设备上暂时锁定，请于 ${shanghaiTime(until)} 后再试，或在以前成功登录过的设备上登录`);
