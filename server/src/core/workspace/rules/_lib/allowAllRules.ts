import { describeObject } from '../../../model/objects';
import { allowAllReason, policySelects, policyTypesOf } from '../../netpol';
import type { Loc, WorkspaceRuleContext } from '../../types';
import { namespaceOf } from '../../workspaceIndex';
import { partsSelecting, podPolicies, subjectIsInvalid } from '../../podPolicies/select';
import { firstN } from './describe';

/**
 * The check behind netpol-allow-all (Ingress) and netpol-egress-unrestricted (Egress): every
 * rule of a policy in effect for that direction that allows every peer on every port, with
 * the workloads the policy selects as related information. Kubernetes NetworkPolicies first,
 * then Calico, Cilium and admin network policies (their rules are judged at extraction,
 * podPolicies/).
 */
export function reportAllowAllRules(ctx: WorkspaceRuleContext, direction: 'Ingress' | 'Egress'): void {
  const label = direction === 'Ingress' ? 'ingress' : 'egress';
  for (const np of ctx.index.byKind('NetworkPolicy')) {
    if (!policyTypesOf(np).includes(direction)) continue;
    const rules = (direction === 'Ingress' ? np.networkPolicy?.ingress : np.networkPolicy?.egress) ?? [];
    let related: Array<{ at: Loc; message: string }> | undefined;
    rules.forEach((rule, i) => {
      const why = allowAllReason(rule, direction);
      if (!why) return;
      // Which workloads the policy selects is only worth computing for a policy that has a
      // finding; only those of its namespace can be.
      related ??= firstN(ctx.index.workloadsIn(namespaceOf(np)).filter((w) => policySelects(np, w))).map((w) => ({
        at: w.anchor,
        message: `${describeObject(w)} is selected by this policy.`,
      }));
      ctx.report({
        object: np,
        at: why.peer?.loc ?? rule.loc,
        message: `${describeObject(np)} ${label} rule ${i + 1} allows traffic ${why.reason} on every port.`,
        related,
      });
    });
  }
  reportPodPolicyRules(ctx, direction);
}

function reportPodPolicyRules(ctx: WorkspaceRuleContext, direction: 'Ingress' | 'Egress'): void {
  const label = direction === 'Ingress' ? 'ingress' : 'egress';
  for (const policy of podPolicies(ctx.index)) {
    const ns = namespaceOf(policy);
    for (const part of policy.podPolicy!.parts) {
      const rules = part.allowAll.filter((r) => r.direction === direction);
      if (rules.length === 0 || subjectIsInvalid(part)) continue;
      const workloads = ns === undefined ? ctx.index.workloads() : ctx.index.workloadsIn(ns);
      const related = firstN(workloads.filter((w) => partsSelecting(ctx.index, policy, w).includes(part))).map((w) => ({
        at: w.anchor,
        message: `${describeObject(w)} is selected by this policy.`,
      }));
      for (const rule of rules) {
        ctx.report({
          object: policy,
          at: rule.loc,
          message: `${describeObject(policy)} ${label} rule ${rule.number} allows traffic ${rule.reason} on every port.`,
          related,
        });
      }
    }
  }
}
