import { describeObject } from '../../model/objects';
import { WORKLOAD_KINDS } from '../../model/workloads';
import { getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

/**
 * kube-linter `use-namespace` semantics: workloads and Services whose namespace is
 * `default` or not set (a manifest without a namespace lands in whatever namespace
 * the applier's context points at, `default` unless told otherwise). Off by default
 * because kustomize and Helm users set the namespace at apply time.
 */
export default defineRule({
  id: 'default-namespace',
  title: 'Object in the default namespace',
  severity: 'info',
  category: 'exposure',
  description:
    'The default namespace is where everything without a home ends up: policies, quotas and RBAC scoped to a dedicated namespace cannot isolate objects deployed there.',
  remediation: 'Set `metadata.namespace` to a dedicated namespace.',
  defaultEnabled: false,
  equivalents: {
    'kube-linter': ['use-namespace'],
    trivy: ['KSV-0110'],
    checkov: ['CKV_K8S_21'],
    kubescape: ['C-0061'],
  },
  appliesTo: [...WORKLOAD_KINDS, 'Service'],
  check(ctx) {
    // The API server's own Service lives in `default` by definition (Checkov exempts it too).
    if (ctx.object.kind === 'Service' && ctx.object.name === 'kubernetes') return;
    const md = ctx.object.metadata;
    const nsPair = pairOf(md, 'namespace');
    const ns = getString(md, 'namespace', ctx.object.doc);
    if (nsPair && ns === undefined && (nsPair.value as { value?: unknown } | null)?.value !== null && nsPair.value !== null) return; // templated
    if (ns !== undefined && ns !== '' && ns !== 'default') return;
    const obj = describeObject(ctx.object);
    const anchor =
      ns !== undefined ? nsPair : (pairOf(md, 'name') ?? pairOf(ctx.object.root, 'metadata') ?? pairOf(ctx.object.root, 'kind'));
    ctx.report({
      range: pairRange(anchor, ctx.text)!,
      message:
        ns === 'default'
          ? `${obj} is in the default namespace.`
          : `${obj} sets no namespace, so it lands in the default namespace unless one is given at apply time.`,
    });
  },
});
