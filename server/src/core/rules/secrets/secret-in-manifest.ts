import { describeObject } from '../../model/objects';
import { getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { nonEmptyKeys } from './_lib/secretData';

/** Certificates and public keys are public by design: committing them is fine. */
function isPublicKey(key: string): boolean {
  return key === 'tls.crt' || key === 'ca.crt' || key.endsWith('.crt') || key.endsWith('.cert') || key.endsWith('.pub');
}

/**
 * Any Secret whose `data`/`stringData` carries a non-empty value, except certificates
 * and `tls.key` (which tls-secret-private-key reports as an error). One finding per
 * map, on its key, naming the keys (never the values).
 */
export default defineRule({
  id: 'secret-in-manifest',
  title: 'Secret values committed in the manifest',
  severity: 'warning',
  category: 'secrets',
  description:
    'Base64 in `data` is encoding, not encryption: a Secret with values in a manifest puts the credentials in the repository history for everyone who can read it.',
  remediation:
    'Keep Secret values out of the repository: create them at deploy time, or commit them encrypted (Sealed Secrets, SOPS) or as references (External Secrets).',
  appliesTo: ['Secret'],
  check(ctx) {
    const doc = ctx.object.doc;
    for (const field of ['data', 'stringData'] as const) {
      const map = getMap(ctx.object.root, field, doc);
      const keys = nonEmptyKeys(map, doc).filter((k) => !isPublicKey(k.key) && k.key !== 'tls.key');
      if (keys.length === 0) continue;
      const names =
        keys
          .slice(0, 5)
          .map((k) => `"${k.key}"`)
          .join(', ') + (keys.length > 5 ? `, and ${keys.length - 5} more` : '');
      ctx.report({
        range: pairRange(pairOf(ctx.object.root, field), ctx.text)!,
        message: `${describeObject(ctx.object)} commits ${keys.length} value${keys.length === 1 ? '' : 's'} in ${field}: ${names}.`,
      });
    }
  },
});
