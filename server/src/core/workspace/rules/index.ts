import type { WorkspaceRule } from '../types';
import danglingIngressBackend from './dangling-ingress-backend';
import danglingIngressTlsSecret from './dangling-ingress-tls-secret';
import danglingNetworkpolicy from './dangling-networkpolicy';
import danglingRoleRef from './dangling-role-ref';
import danglingService from './dangling-service';
import danglingServiceAccount from './dangling-service-account';
import istioNamespaceMtlsNotStrict from './istio-namespace-mtls-not-strict';
import istioSidecarInjectionDisabled from './istio-sidecar-injection-disabled';
import linkerdInjectDisabled from './linkerd-inject-disabled';
import netpolAllowAll from './netpol-allow-all';
import netpolDefaultDeny from './netpol-default-deny';
import netpolEgressIsolation from './netpol-egress-isolation';
import netpolEgressUnrestricted from './netpol-egress-unrestricted';
import netpolIngressIsolation from './netpol-ingress-isolation';
import psaNamespaceEnforce from './psa-namespace-enforce';
import psaNamespaceWarn from './psa-namespace-warn';
import rbacBindingExecAttach from './rbac-binding-exec-attach';
import workloadSaPermissions from './workload-sa-permissions';

/**
 * The one list of cross-object (workspace) rules. To add one: write
 * `rules/<id>.ts` exporting `defineWorkspaceRule({...})`, add it here, add a fixture
 * workspace `test/fixtures/workspace/<id>/{firing,passing}/` with `expected.json`, and a
 * docs page `docs/rules/<id>.md`; `workspace-rules-meta.test.ts` enforces all three.
 * These rules are deliberately NOT in `rules/registry.ts`: they need the whole index, not
 * one document.
 */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = validate([
  danglingIngressBackend,
  danglingIngressTlsSecret,
  danglingNetworkpolicy,
  danglingRoleRef,
  danglingService,
  danglingServiceAccount,
  istioNamespaceMtlsNotStrict,
  istioSidecarInjectionDisabled,
  linkerdInjectDisabled,
  netpolAllowAll,
  netpolDefaultDeny,
  netpolEgressIsolation,
  netpolEgressUnrestricted,
  netpolIngressIsolation,
  psaNamespaceEnforce,
  psaNamespaceWarn,
  rbacBindingExecAttach,
  workloadSaPermissions,
]);

export const WORKSPACE_RULES_BY_ID: ReadonlyMap<string, WorkspaceRule> = new Map(WORKSPACE_RULES.map((r) => [r.id, r]));

function validate(rules: WorkspaceRule[]): WorkspaceRule[] {
  const seen = new Set<string>();
  for (const r of rules) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(r.id)) throw new Error(`workspace rule id "${r.id}" is not kebab-case`);
    if (seen.has(r.id)) throw new Error(`duplicate workspace rule id "${r.id}"`);
    seen.add(r.id);
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}
