import type { Rule } from '../types';
import istioAuthzAllowAll from './istio-authz-allow-all';
import linkerdSkipPorts from './linkerd-skip-ports';
import nginxAllowSnippetAnnotations from './nginx-allow-snippet-annotations';
import nginxSnippetAnnotation from './nginx-snippet-annotation';

/** Service-mesh and ingress-controller rules judged on one object (cross-object mesh rules are in workspace/rules). */
export const NETWORK_RULES: readonly Rule[] = [istioAuthzAllowAll, linkerdSkipPorts, nginxAllowSnippetAnnotations, nginxSnippetAnnotation];
