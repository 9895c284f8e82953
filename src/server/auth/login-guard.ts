import { createHmac } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { loginPolicy, type Reservation } from '../../domain/password-policy.js';
import { auditKey } from '../audit/audit-key.js';
import type { AppContext } from '../context.js';
import * as repo from './login-guard.repository.js';

/**
 * The sign-in counters that are not an account's or a device's (those are rows of app_user and
 * login_device, see login-attempts.repository.ts). Both live in the database (migration 0045), so
 * every server of a deployment, and a restart, share them:
 * - failures per client address, reserved before the password is checked and given back only
 *   by a success, so a success (of any account) never wipes the address's other failures;
 * - counters for names that have no active account, run by the same rule as a real account,
 *   so "locked" never tells a stranger that a username exists.
 * The address and the name are stored only as a keyed hash (HMAC with the deployment's audit key).
 */
const WINDOW_MS = loginPolicy.ipWindowMinutes * 60_000;
const DAY = 86_400_000;

const keyed = (purpose: string, value: string) => createHmac('sha256', auditKey()).update(`${purpose}\u0000${value}`).digest('base64url');

/** What a success needs to give back exactly the failure it reserved on its address. */
export type AddressTicket = { clientKey: string; windowStart: Date };

/** Takes one attempt from the address's allowance; RATE_LIMITED when it is used up. */
export async function reserveAddress(app: AppContext, ip: string, now = new Date()): Promise<AddressTicket> {
  const clientKey = keyed('login-address/v1', ip);
  const windowStart = await repo.takeAddressFailure(app.db, clientKey, now, WINDOW_MS, loginPolicy.maxFailuresPerIp);
  await pruneNow(app, now);
  if (!windowStart) throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${loginPolicy.ipWindowMinutes} 分钟后再试`);
  return { clientKey, windowStart };
}

/** A success gives back the one attempt it reserved, and only that one (nothing if its window is over). */
export async function releaseAddress(app: AppContext, ticket: AddressTicket): Promise<void> {
  await repo.giveBackAddressFailure(app.db, ticket.clientKey, ticket.windowStart);
}

/** The counter of a name with no active account (names are compared ignoring case). */
export function reserveUnknownName(app: AppContext, username: string, now: Date): Promise<Reservation> {
  return repo.reserveUnknownName(app.db, keyed('login-unknown-name/v1', username.toLowerCase()), now);
}

const lastPrune = new WeakMap<object, number>();
/** At most once a minute per server: delete the rows that no longer limit anything. */
async function pruneNow(app: AppContext, now: Date): Promise<void> {
  if (Math.abs(now.getTime() - (lastPrune.get(app.db) ?? 0)) < 60_000) return;
  lastPrune.set(app.db, now.getTime());
  await pruneLoginGuardRows(app, now);
}

/** Deletes ended address windows and long-unused unknown names (also what a test calls with a clock of its own). */
export const pruneLoginGuardRows = (app: AppContext, now: Date) =>
  repo.deleteSpent(app.db, new Date(now.getTime() - WINDOW_MS), new Date(now.getTime() - loginPolicy.unknownNameDays * DAY), now);

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
