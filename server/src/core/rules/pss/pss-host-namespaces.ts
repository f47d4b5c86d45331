import { defineRule } from '../types';
import { boolPair, objectLabel, rangeOfPair } from './_lib/helpers';

const NAMESPACES: ReadonlyArray<{ key: string; what: string }> = [
  { key: 'hostNetwork', what: 'network' },
  { key: 'hostPID', what: 'process ID' },
  { key: 'hostIPC', what: 'IPC' },
];

/**
 * PSA `hostNamespaces` (baseline, all versions): `hostNetwork`, `hostPID` and `hostIPC`
 * must be undefined or false. One finding per field set to true.
 */
export default defineRule({
  id: 'pss-host-namespaces',
  title: 'Host namespaces shared',
  severity: 'error',
  category: 'pod-security',
  description:
    "A pod that shares the host network, PID or IPC namespace can see and reach the node's processes, traffic and shared memory, which breaks the isolation between workloads and the node.",
  remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec or set them to false.',
  pss: { check: 'hostNamespaces', level: 'baseline' },
  equivalents: {
    'kube-linter': ['host-network', 'host-pid', 'host-ipc'],
    polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    kubesec: ['HostNetwork', 'HostPID', 'HostIPC'],
    trivy: ['KSV-0009', 'KSV-0010', 'KSV-0008'],
    checkov: ['CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18'],
    kubescape: ['C-0041', 'C-0038', 'C-0275', 'C-0276'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const spec = ctx.pod?.spec;
    if (!spec) return;
    for (const { key, what } of NAMESPACES) {
      const pair = boolPair(spec, key, true, ctx);
      if (!pair) continue;
      ctx.report({
        range: rangeOfPair(pair, ctx),
        message: `${objectLabel(ctx)} shares the host ${what} namespace (${key}: true).`,
        fix: { title: `Set ${key}: false`, ops: [{ op: 'set', map: spec, path: [key], value: false }] },
      });
    }
  },
});
