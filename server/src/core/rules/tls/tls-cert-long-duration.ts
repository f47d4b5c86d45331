import { describeObject } from '../../model/objects';
import { getScalar, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readCertificate } from './_lib/certificate';
import { humanDuration, parseGoDuration } from './_lib/goDuration';

/** One year (8760h): the CA/Browser Forum caps public TLS certificates at 398 days, and lowers it further from 2026. */
const MAX_MS = 8760 * 3_600_000;

/**
 * A leaf certificate valid for more than a year. CA certificates (`isCA: true`) are
 * skipped: roots and intermediates legitimately live for years.
 */
export default defineRule({
  id: 'tls-cert-long-duration',
  title: 'cert-manager certificate valid for over a year',
  severity: 'info',
  category: 'tls',
  description:
    "A Certificate whose `duration` is over a year (8760h) keeps a compromised key or a mis-issued name valid for that long, and renewal, the step that proves automation works, rarely runs. Public CAs cap TLS certificates at 398 days; cert-manager's default is 90 days.",
  remediation: "Shorten `duration` to a year or less (cert-manager's default, 2160h, when unset) and let cert-manager renew it.",
  appliesTo: ['Certificate'],
  check(ctx) {
    const cert = readCertificate(ctx.object);
    if (!cert?.duration || getScalar(cert.spec, 'isCA', ctx.object.doc) === true) return;
    const ms = parseGoDuration(cert.duration.value);
    if (ms === undefined || ms <= MAX_MS) return;
    ctx.report({
      range: pairRange(cert.duration.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} is valid for ${humanDuration(ms)} (duration ${cert.duration.value}), more than a year.`,
    });
  },
});
