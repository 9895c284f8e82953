import { loginPolicy } from '../../domain/password-policy.js';

/**
 * Failed sign-ins per client address, in memory. The per-account lockout lives in the
 * database (it must hold across processes); this only slows one address guessing many names.
 */
export class IpThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly windowMs = loginPolicy.ipWindowMinutes * 60_000;

  isBlocked(ip: string, now = Date.now()): boolean {
    const f = this.failures.get(ip);
    if (!f) return false;
    if (now - f.since > this.windowMs) {
      this.failures.delete(ip);
      return false;
    }
    return f.count >= loginPolicy.maxFailuresPerIp;
  }

  recordFailure(ip: string, now = Date.now()): void {
    const f = this.failures.get(ip);
    if (!f || now - f.since > this.windowMs) this.failures.set(ip, { count: 1, since: now });
    else f.count += 1;
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a flood
  }

  clear(ip: string): void {
    this.failures.delete(ip);
  }
}
