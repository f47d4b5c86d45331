import { pathLabel } from './schemaErrors';
import type { ConfigProblem, Exemption } from './types';

/** True for `YYYY-MM-DD` strings that name a real calendar day. */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today's date in UTC as `YYYY-MM-DD`: expiry is a calendar day, the same for CI and every editor. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** An exemption applies through its `expires` day and stops the day after. */
export function isExpired(ex: Exemption, today: string): boolean {
  return ex.expires !== undefined && today > ex.expires;
}

export function expiredExemptionProblem(ex: Exemption, today: string): ConfigProblem | undefined {
  if (!isExpired(ex, today)) return undefined;
  const what = ex.rules === '*' ? 'every rule' : ex.rules.join(', ');
  return {
    severity: 'warning',
    code: 'config-expired-exemption',
    message: `${pathLabel(['exemptions', String(ex.index)])} (${what}: "${ex.reason}") expired on ${ex.expires}; its findings are reported again. Renew or remove it.`,
    range: ex.expiresRange ?? ex.range,
  };
}
