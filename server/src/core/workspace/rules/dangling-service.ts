import { selectorMatchesPods } from '../controllerLabels';
import { describeObject } from '../../model/objects';
import { formatSelector, selectorFromLabels } from '../selectors';
import { JudgedNamespaces } from './_lib/judgedNamespaces';
import { defineWorkspaceRule } from '../types';
import { firstN, podLabelsNote } from './_lib/describe';
import { namespaceOf } from '../workspaceIndex';

/**
 * A Service with a selector that matches the pod labels of no workload of its namespace.
 * Services without selector (endpoints managed by hand, ExternalName) are not judged, nor
 * namespaces where the workspace defines no workload at all or an operator custom
 * resource (Prometheus, Alertmanager, ...) creates pods.
 */
export default defineWorkspaceRule({
  id: 'dangling-service',
  title: 'Service selects no workload',
  severity: 'info',
  category: 'exposure',
  description:
    'A Service whose selector matches no pod has no endpoints: clients get connection errors, usually because of a label typo or a renamed app.',
  remediation: 'Make the Service selector match the pod template labels of the workload it fronts.',
  equivalents: { 'kube-linter': ['dangling-service'], kubescape: ['C-0293'] },
  checkWorkspace(ctx) {
    const judged = new JudgedNamespaces(ctx.index);
    for (const svc of ctx.index.byKind('Service')) {
      const sel = svc.service?.selector;
      if (!sel || svc.service?.type === 'ExternalName') continue;
      const ns = namespaceOf(svc);
      const inNs = judged.workloadsIn(ns);
      if (!inNs) continue;
      const selector = selectorFromLabels(sel);
      if (inNs.some((w) => selectorMatchesPods(selector, w.workload!.podLabels, w.workload!.generatedLabels))) continue;
      ctx.report({
        object: svc,
        at: svc.service?.selectorLoc ?? svc.anchor,
        message: `${describeObject(svc)} selects no workload in namespace "${ns}" (selector ${formatSelector(selector)}).`,
        related: firstN(inNs).map(podLabelsNote),
      });
    }
  },
});
