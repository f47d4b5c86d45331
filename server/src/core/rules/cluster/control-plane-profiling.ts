import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/**
 * CIS 1.2.18, 1.3.2, 1.4.1: the API server, controller manager and scheduler serve Go
 * profiles on /debug/pprof unless `--profiling=false`; their default is true.
 */
export default defineRule({
  id: 'control-plane-profiling',
  title: 'Control-plane profiling enabled',
  severity: 'info',
  category: 'cluster',
  description:
    'With profiling on (the default) the component serves /debug/pprof: program internals useful to an attacker, and expensive profiles anyone allowed to read the path can trigger.',
  remediation: 'Set `--profiling=false` on kube-apiserver, kube-controller-manager and kube-scheduler.',
  equivalents: {
    trivy: ['KCV-0018', 'KCV-0034', 'KCV-0040'],
    checkov: ['CKV_K8S_90', 'CKV_K8S_107', 'CKV_K8S_114'],
    kubescape: ['C-0129'],
  },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component === 'etcd') continue;
      const f = flagValue(c, 'profiling');
      if (f?.value.trim().toLowerCase() === 'false') continue;
      ctx.report({
        range: f?.flag?.range ?? c.anchor,
        message: f
          ? `${c.where}: ${c.component} serves profiles (profiling=${f.value}).`
          : `${c.where}: ${c.component} does not set profiling=false.`,
      });
    }
  },
});
