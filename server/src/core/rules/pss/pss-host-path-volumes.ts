import { getSeq, getString, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { objectLabel, presentPair, quote, rangeOfPair } from './_lib/helpers';

/**
 * PSA `hostPathVolumes` (baseline, all versions): no volume may be a `hostPath` volume.
 * One finding per volume, on its `hostPath:` key. No quick fix: replacing a host mount
 * needs a decision about where the data should live.
 */
export default defineRule({
  id: 'pss-host-path-volumes',
  title: 'hostPath volume',
  severity: 'error',
  category: 'pod-security',
  description:
    'A hostPath volume mounts a directory of the node into the pod; it can expose node credentials, the container runtime socket or system files, and lets a compromised container tamper with the node.',
  remediation: 'Replace the hostPath volume with a persistentVolumeClaim, configMap, secret, emptyDir or another non-host volume type.',
  pss: { check: 'hostPathVolumes', level: 'baseline' },
  equivalents: {
    polaris: ['hostPathSet'],
    trivy: ['KSV-0023'],
    kubescape: ['C-0048'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const volume of seqMaps(getSeq(ctx.pod?.spec, 'volumes', doc), doc)) {
      const pair = presentPair(volume, 'hostPath', ctx);
      if (!pair) continue;
      const name = getString(volume, 'name', doc);
      ctx.report({
        range: rangeOfPair(pair, ctx),
        message: `${name !== undefined ? `Volume ${quote(name)}` : 'A volume'} of ${objectLabel(ctx)} mounts a hostPath from the node.`,
      });
    }
  },
});
