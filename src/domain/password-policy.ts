import { z } from 'zod';

/** Password rule shown to users: at least 8 characters with letters and digits. */
export const passwordSchema = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码不超过 128 位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

/**
 * Guessing limits (see docs/ARCHITECTURE.md "Sign-in protection"). An account's counter is
 * shared by every client that has never signed in to it; a device that has (device cookie)
 * counts on its own, so an attacker locking the account does not lock its owner out.
 */
export const loginPolicy = {
  /** Consecutive failures a counter allows before it starts locking. */
  maxFailures: 5,
  /** The first lock; every further failure doubles it, up to `maxLockMinutes`. */
  firstLockMinutes: 5,
  maxLockMinutes: 60,
  /** Failed attempts one client address may make in the window, across all usernames. */
  maxFailuresPerIp: 30,
  ipWindowMinutes: 10,
  /** Every refused sign-in answers no sooner than this after it arrived: one timing for all causes. */
  failureFloorMs: 300,
  /** How long a browser that signed in successfully stays a known device. */
  deviceDays: 365,
  /** A name with no account whose counter saw no attempt for this long (and is not locked) is forgotten. */
  unknownNameDays: 30,
} as const;

/** One failure counter: an account's (untrusted clients), a known device's, or an unknown name's. */
export type AttemptCounter = { failures: number; lockedUntil: Date | null };

export type Reservation = { allowed: true; next: AttemptCounter; locksNow: boolean } | { allowed: false; lockedUntil: Date };

/** The lock that follows the `failures`-th consecutive failure, in minutes (0: none). */
export function lockMinutesAfter(failures: number): number {
  if (failures < loginPolicy.maxFailures) return 0;
  const doublings = Math.min(failures - loginPolicy.maxFailures, 16);
  return Math.min(loginPolicy.firstLockMinutes * 2 ** doublings, loginPolicy.maxLockMinutes);
}

/**
 * Takes one guess from a counter before the password is checked, so parallel attempts cannot
 * all read the same stale count: the guess counts as a failure until a success gives it back.
 * The attempt that reaches the limit sets the lock at once, so none queued behind it gets a guess.
 */
export function reserveAttempt(counter: AttemptCounter, now: Date): Reservation {
  if (counter.lockedUntil && counter.lockedUntil > now) return { allowed: false, lockedUntil: counter.lockedUntil };
  const failures = counter.failures + 1;
  const minutes = lockMinutesAfter(failures);
  const lockedUntil = minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null;
  return { allowed: true, next: { failures, lockedUntil }, locksNow: lockedUntil !== null };
}
