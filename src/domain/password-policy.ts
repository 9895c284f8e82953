import { z } from 'zod';

/** Password rule shown to users: at least 8 characters with letters and digits. */
export const passwordSchema = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码不超过 128 位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

export const loginPolicy = {
  /** Consecutive failures before an account is locked. */
  maxFailures: 5,
  lockMinutes: 15,
  /** Failed attempts one client address may make in the window, across all usernames. */
  maxFailuresPerIp: 30,
  ipWindowMinutes: 10,
} as const;
