import { describeObject } from '../../model/objects';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';

/**
 * An Ingress TLS `secretName` that neither a Secret nor a cert-manager Certificate
 * (`spec.secretName`) of the workspace provides. Ingresses annotated for cert-manager's
 * ingress-shim (`cert-manager.io/issuer`, `cert-manager.io/cluster-issuer`) get their
 * Secret created for them and are not reported. Off by default: TLS Secrets are usually
 * created out of band and never committed.
 */
const SHIM_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

export default defineWorkspaceRule({
  id: 'dangling-ingress-tls-secret',
  title: 'Ingress TLS Secret not provided in the workspace',
  severity: 'info',
  category: 'tls',
  defaultEnabled: false,
  description:
    'When the TLS Secret an Ingress names does not exist, the controller serves its default (self-signed) certificate or drops TLS for that host.',
  remediation:
    'Provide the Secret, a cert-manager Certificate with that spec.secretName, or a cert-manager issuer annotation on the Ingress.',
  checkWorkspace(ctx) {
    for (const ing of ctx.index.byKind('Ingress')) {
      if (SHIM_ANNOTATIONS.some((a) => ing.annotations.has(a))) continue;
      const ns = namespaceOf(ing)!;
      for (const t of ing.ingress?.tls ?? []) {
        if (ctx.index.find('Secret', ns, t.secretName).length > 0) continue;
        if (ctx.index.byKindInNamespace('Certificate', ns).some((c) => c.certificateSecretName === t.secretName)) continue;
        ctx.report({
          object: ing,
          at: t.loc,
          message: `TLS Secret "${t.secretName}" of ${describeObject(ing)} is provided by no Secret or cert-manager Certificate in namespace "${ns}" in this workspace.`,
        });
      }
    }
  },
});
