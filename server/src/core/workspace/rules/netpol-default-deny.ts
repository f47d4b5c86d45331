import { describeObject } from '../../model/objects';
import { defaultDenyFix } from '../fixes';
import { allowAllReason, isNetworkedWorkload, namespaceWidePolicies, networkedWorkloadsIn } from '../netpol';
import { podPoliciesDenyingNamespace } from '../podPolicies/select';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';
import { firstN } from './_lib/describe';

/**
 * A namespace with workloads should have an ingress default-deny: a policy selecting every
 * pod (`podSelector: {}`) for Ingress that does not itself allow everything, or the same
 * in Calico's, Cilium's or the admin network policy API's terms (a Calico GlobalNetworkPolicy
 * `selector: all()`, a CiliumClusterwideNetworkPolicy `endpointSelector: {}`, ...). Egress
 * default-deny is left to netpol-egress-isolation (it also needs a DNS allowance).
 * The finding sits on the Namespace object when the workspace defines it, else on the
 * namespace's first workload (file order).
 */
export default defineWorkspaceRule({
  id: 'netpol-default-deny',
  title: 'Namespace without a default-deny ingress NetworkPolicy',
  severity: 'info',
  category: 'network',
  description:
    'Without a namespace-wide default-deny policy every new workload starts reachable by everything until someone writes a policy for it; with one, traffic must be allowed explicitly.',
  remediation:
    'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` and no ingress rules to the namespace, then allow the traffic each workload needs.',
  equivalents: { kubescape: ['C-0049', 'C-0054', 'C-0206'] },
  checkWorkspace(ctx) {
    const namespaces = new Set(
      ctx.index
        .workloads()
        .filter(isNetworkedWorkload)
        .map((w) => namespaceOf(w)!),
    );
    for (const ns of [...namespaces].sort((a, b) => a.localeCompare(b))) {
      const workloads = networkedWorkloadsIn(ctx.index, ns);
      const deny = namespaceWidePolicies(ctx.index, ns, 'Ingress').filter(
        (np) => !(np.networkPolicy?.ingress ?? []).some((r) => allowAllReason(r, 'Ingress')),
      );
      if (deny.length > 0 || podPoliciesDenyingNamespace(ctx.index, ns, 'Ingress').length > 0) continue;
      const nsObject = ctx.index.namespaceObject(ns);
      const target = nsObject ?? workloads[0];
      if (!target) continue;
      ctx.report({
        object: target,
        message: `Namespace "${ns}" has workloads but no default-deny NetworkPolicy for ingress.`,
        related: firstN(workloads.filter((w) => w !== target)).map((w) => ({
          at: w.anchor,
          message: `${describeObject(w)} runs in namespace "${ns}".`,
        })),
      });
    }
  },
  fixes({ object, file }) {
    // The finding sits on the Namespace, or on a workload when the workspace has no Namespace object.
    const ns = object.kind === 'Namespace' ? object.name : namespaceOf(object);
    return ns ? [defaultDenyFix(ns, file)] : [];
  },
});
