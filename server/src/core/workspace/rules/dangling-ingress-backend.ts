import { describeObject } from '../../model/objects';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';

/**
 * An Ingress backend naming a Service the workspace does not define in the Ingress's
 * namespace, or a port that Service does not expose.
 */
export default defineWorkspaceRule({
  id: 'dangling-ingress-backend',
  title: 'Ingress backend Service not found',
  severity: 'info',
  category: 'exposure',
  description: 'An Ingress path whose backend Service (or port) does not exist answers 503: usually a typo or a renamed Service.',
  remediation: 'Point the backend at an existing Service and one of its ports.',
  equivalents: { 'kube-linter': ['dangling-ingress'], kubescape: ['C-0298'] },
  checkWorkspace(ctx) {
    for (const ing of ctx.index.byKind('Ingress')) {
      const ns = namespaceOf(ing)!;
      for (const b of ing.ingress?.backends ?? []) {
        const svc = ctx.index.find('Service', ns, b.serviceName)[0];
        if (!svc) {
          ctx.report({
            object: ing,
            at: b.loc,
            message: `${describeObject(ing)} routes to Service "${b.serviceName}", which is not defined in namespace "${ns}" in this workspace.`,
          });
          continue;
        }
        if (b.port === undefined) continue;
        const ports = svc.service?.ports ?? [];
        const ok = typeof b.port === 'number' ? ports.some((p) => p.port === b.port) : ports.some((p) => p.name === b.port);
        if (!ok) {
          ctx.report({
            object: ing,
            at: b.loc,
            message: `${describeObject(ing)} routes to port ${String(b.port)} of Service "${b.serviceName}", which has no such port.`,
            related: [
              {
                at: svc.anchor,
                message: `${describeObject(svc)} exposes ${ports.map((p) => (p.name ? `${p.name} (${String(p.port)})` : String(p.port))).join(', ') || 'no port'}.`,
              },
            ],
          });
        }
      }
    }
  },
});
