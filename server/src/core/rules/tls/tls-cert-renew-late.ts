import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readCertificate } from './_lib/certificate';
import { humanDuration, parseGoDuration } from './_lib/goDuration';

/** cert-manager's default certificate lifetime: 90 days. */
const DEFAULT_DURATION_MS = 2160 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/**
 * renewBefore so short that a failed renewal cannot be noticed and fixed before expiry.
 * cert-manager's own default renews when a third of the lifetime is left (30 days of 90);
 * reported is a window under a day that is also under that third, so short-lived
 * certificates (a 1h certificate renewed 20m early) are not.
 */
export default defineRule({
  id: 'tls-cert-renew-late',
  title: 'cert-manager renews too close to expiry',
  severity: 'warning',
  category: 'tls',
  description:
    'A Certificate whose `renewBefore` is under a day and under a third of its `duration` leaves no time to notice and fix a failed renewal (an issuer outage, a rate limit, a broken DNS challenge) before the certificate expires. cert-manager renews a third of the lifetime before expiry when `renewBefore` is unset.',
  remediation: 'Remove `renewBefore` to renew when a third of the lifetime is left, or set it to at least a day.',
  appliesTo: ['Certificate'],
  check(ctx) {
    const cert = readCertificate(ctx.object);
    if (!cert?.renewBefore) return;
    const renew = parseGoDuration(cert.renewBefore.value);
    const duration = cert.duration ? parseGoDuration(cert.duration.value) : DEFAULT_DURATION_MS;
    if (renew === undefined || duration === undefined || renew <= 0) return;
    if (renew >= DAY_MS || renew >= duration / 3) return;
    const d = cert.duration ? `duration ${cert.duration.value}` : `the default duration of ${humanDuration(DEFAULT_DURATION_MS)}`;
    ctx.report({
      range: pairRange(cert.renewBefore.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} renews only ${humanDuration(renew)} before expiry (renewBefore ${cert.renewBefore.value}, ${d}): a failed renewal cannot be fixed in time.`,
    });
  },
});
