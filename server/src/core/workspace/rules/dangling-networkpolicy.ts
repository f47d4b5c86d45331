import { describeObject } from '../../model/objects';
import { formatSelector, isEmptySelector } from '../selectors';
import { policySelects } from '../netpol';
import { JudgedNamespaces } from './_lib/judgedNamespaces';
import { defineWorkspaceRule } from '../types';
import { firstN, podLabelsNote } from './_lib/describe';
import { namespaceOf } from '../workspaceIndex';

/**
 * A policy whose (non-empty) podSelector matches no workload of its namespace. Only
 * namespaces where the workspace defines at least one workload are judged, so a folder
 * that holds only policies (workloads deployed from elsewhere) stays quiet; nor namespaces
 * where an operator custom resource (Prometheus, Alertmanager, ...) creates pods.
 */
export default defineWorkspaceRule({
  id: 'dangling-networkpolicy',
  title: 'NetworkPolicy selects no workload',
  severity: 'info',
  category: 'network',
  description:
    'A NetworkPolicy whose podSelector matches no pod protects nothing: usually a label typo or a renamed app, leaving the intended pods unprotected.',
  remediation: 'Fix the podSelector so it matches the pod template labels of the workload it is meant for, or delete the policy.',
  equivalents: { 'kube-linter': ['dangling-networkpolicy'], kubescape: ['C-0299'] },
  checkWorkspace(ctx) {
    const judged = new JudgedNamespaces(ctx.index);
    for (const np of ctx.index.byKind('NetworkPolicy')) {
      const sel = np.networkPolicy?.podSelector;
      if (!sel || isEmptySelector(sel)) continue;
      const ns = namespaceOf(np);
      const inNs = judged.workloadsIn(ns);
      if (!inNs) continue;
      if (inNs.some((w) => policySelects(np, w))) continue;
      ctx.report({
        object: np,
        at: np.networkPolicy?.podSelectorLoc ?? np.anchor,
        message: `${describeObject(np)} selects no workload in namespace "${ns}" (podSelector ${formatSelector(sel)}).`,
        related: firstN(inNs).map(podLabelsNote),
      });
    }
  },
});
