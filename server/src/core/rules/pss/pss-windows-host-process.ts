import type { YAMLMap } from 'yaml';
import { getMap } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { boolPair, containerSecurityContext, objectLabel, podSecurityContext, rangeOfPair } from './_lib/helpers';

/**
 * PSA `windowsHostProcess` (baseline, all versions): `windowsOptions.hostProcess` must not
 * be true on the pod or any container. One finding per setting.
 */
export default defineRule({
  id: 'pss-windows-host-process',
  title: 'Windows HostProcess container',
  severity: 'error',
  category: 'pod-security',
  description:
    "A Windows HostProcess container runs directly on the node with the host's network and file system, the Windows equivalent of a privileged container.",
  remediation: 'Remove `windowsOptions.hostProcess` from the pod and container securityContext or set it to false.',
  pss: { check: 'windowsHostProcess', level: 'baseline' },
  equivalents: {
    polaris: ['hostProcess'],
    trivy: ['KSV-0103'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    const report = (options: YAMLMap | undefined, subject: string): void => {
      const pair = boolPair(options, 'hostProcess', true, ctx);
      if (!options || !pair) return;
      ctx.report({
        range: rangeOfPair(pair, ctx),
        message: `${subject} sets windowsOptions.hostProcess: true.`,
        fix: { title: 'Set hostProcess: false', ops: [{ op: 'set', map: options, path: ['hostProcess'], value: false }] },
      });
    };
    report(getMap(podSecurityContext(ctx), 'windowsOptions', doc), `The pod of ${objectLabel(ctx)}`);
    for (const c of ctx.pod?.containers ?? []) {
      report(getMap(containerSecurityContext(c, ctx), 'windowsOptions', doc), containerSubject(c, ctx.object));
    }
  },
});
