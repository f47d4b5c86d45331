import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readRenewal } from './_lib/certificate';

/**
 * renewBefore not shorter than duration: the certificate would be due for renewal the
 * moment it is issued, so the setting cannot mean what it says. Depending on the version,
 * cert-manager's webhook rejects the Certificate or the controller ignores renewBefore and
 * falls back to its default; either way the author's intent is lost.
 */
export default defineRule({
  id: 'tls-cert-renew-before',
  title: 'cert-manager renewBefore not shorter than duration',
  severity: 'warning',
  category: 'tls',
  description:
    'A Certificate whose `renewBefore` is as long as or longer than its `duration` (90 days when unset) would be due for renewal the moment it is issued: depending on the version, cert-manager rejects the Certificate or ignores renewBefore, so certificates are not renewed when the author expects.',
  remediation: 'Make `renewBefore` shorter than `duration`, for example a third of it, or remove it to use that default.',
  appliesTo: ['Certificate'],
  check(ctx) {
    const r = readRenewal(ctx.object);
    if (!r || r.renew < r.duration) return;
    ctx.report({
      range: pairRange(r.renewBefore.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} renews ${r.renewBefore.value} before expiry, not less than ${r.durationText}: it is due for renewal as soon as it is issued.`,
    });
  },
});
