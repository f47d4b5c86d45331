import type { Document, YAMLMap } from 'yaml';
import type { ContainerRef } from '../../../model/workloads';
import { asScalar, get, getMap, pairOf, pairRange } from '../../../yaml/nodes';
import type { OffsetRange } from '../../../types';
import { defineRule, type PeerTool, type Rule } from '../../types';
import { containerSubject, runtimeContainers } from '../../../model/pod';

type Resource = 'cpu' | 'memory';
type Bound = 'requests' | 'limits';

/** Present with a non-null value (`memory:` with nothing after it is null, i.e. unset). */
function isSet(map: YAMLMap | undefined, key: string, doc: Document): boolean {
  const v = get(map, key, doc);
  if (v === undefined || v === null) return false;
  const s = asScalar(v, doc);
  return !s || (s.value !== null && s.value !== '');
}

/** Whether the container declares `resources.<bound>.<resource>`. */
function hasResource(c: ContainerRef, bound: Bound, resource: Resource, doc: Document): boolean {
  return isSet(getMap(getMap(c.node, 'resources', doc), bound, doc), resource, doc);
}

/** `limits:`/`requests:` key, else `resources:` key, else the container's `name:` pair. */
function anchor(c: ContainerRef, bound: Bound, doc: Document, text: string): OffsetRange {
  const resources = getMap(c.node, 'resources', doc);
  const pair = pairOf(resources, bound) ?? pairOf(c.node, 'resources') ?? c.namePair ?? (c.node.items[0] as never);
  return pairRange(pair, text) ?? { start: 0, end: 0 };
}

interface Spec {
  id: string;
  title: string;
  resource: Resource;
  bound: Bound;
  defaultEnabled?: boolean;
  description: string;
  remediation: string;
  equivalents: Partial<Record<PeerTool, readonly string[]>>;
}

/**
 * One rule per resource and bound, like Polaris, Trivy and Checkov (kube-linter folds
 * request and limit into one check per resource), so each can be switched off alone.
 * A missing request is not reported when the matching limit is set: the API server
 * defaults the request to the limit, so the pod is scheduled with a real request.
 * Init containers are checked (they count towards the pod's effective request);
 * ephemeral containers cannot declare resources.
 */
export function resourceRule(spec: Spec): Rule {
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: 'warning',
    category: 'workload',
    description: spec.description,
    remediation: spec.remediation,
    ...(spec.defaultEnabled === false ? { defaultEnabled: false } : {}),
    equivalents: spec.equivalents,
    appliesTo: 'workloads',
    check(ctx) {
      const doc = ctx.object.doc;
      for (const c of runtimeContainers(ctx.pod)) {
        if (hasResource(c, spec.bound, spec.resource, doc)) continue;
        if (spec.bound === 'requests' && hasResource(c, 'limits', spec.resource, doc)) continue;
        const what = spec.bound === 'limits' ? 'limit' : 'request';
        ctx.report({
          range: anchor(c, spec.bound, doc, ctx.text),
          message: `${containerSubject(c, ctx.object)} has no ${spec.resource} ${what} (resources.${spec.bound}.${spec.resource}).`,
        });
      }
    },
  });
}
