import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readRenewal } from './_lib/certificate';
import { humanDuration } from './_lib/goDuration';

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
    const r = readRenewal(ctx.object);
    if (!r || r.renew <= 0 || r.renew >= DAY_MS || r.renew >= r.duration / 3) return;
    ctx.report({
      range: pairRange(r.renewBefore.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} renews only ${humanDuration(r.renew)} before expiry (renewBefore ${r.renewBefore.value}, ${r.durationText}): a failed renewal cannot be fixed in time.`,
    });
  },
});
