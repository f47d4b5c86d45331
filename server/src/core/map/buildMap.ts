import { PssEvaluator } from '../workspace/admission';
import { isNetworkedWorkload } from '../workspace/netpol';
import type { IndexedObject } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { exposureOf } from './entries';
import { mapLoc, workloadId } from './ids';
import type { MapGrant, MapNamespace, MapWorkload, SecurityMap } from './model';
import { networkEdges } from './networkEdges';
import { PolicyContext } from './policyVerdict';
import { rbacOf, serviceAccountGrants } from './rbacView';

/**
 * The security map of the workspace index (model.ts): namespaces with their Pod Security
 * labels, workloads with isolation, Pod Security verdict, exposure and ServiceAccount
 * grants, the traffic the policies allow (networkEdges.ts), the entries from outside the
 * cluster (entries.ts) and the RBAC graph (rbacView.ts). `notAnalysed` (files whose objects
 * are missing: unreadable, unparsable, unrendered) is carried into the map, plus the
 * documents the index itself could not take in, so no consumer presents a partial map as whole.
 * `pss`: an evaluator to reuse (the editor keeps one per session: its results are cached per
 * indexed object, so a live map re-evaluates only the workloads an edit replaced).
 */
export function buildSecurityMap(
  index: WorkspaceIndex,
  notAnalysed: ReadonlyArray<{ file: string; reason: string }> = [],
  pss: PssEvaluator = new PssEvaluator(),
): SecurityMap {
  const ctx = new PolicyContext(index);
  // One object per id: the same workload written in two files is drawn once (the first).
  const byId = new Map<string, IndexedObject>();
  for (const w of index.workloads()) if (isNetworkedWorkload(w) && !byId.has(workloadId(w))) byId.set(workloadId(w), w);
  const networked = [...byId.values()];
  const exposure = exposureOf(index, new Set(networked));
  const exposed = new Set(exposure.edges.map((e) => e.to));
  const grantsOf = new Map<string, MapGrant[]>();
  const workloads: MapWorkload[] = networked.map((w) => {
    const ns = namespaceOf(w)!;
    const sa = w.workload!.serviceAccountName ?? 'default';
    let grants = grantsOf.get(`${ns}/${sa}`);
    if (!grants) grantsOf.set(`${ns}/${sa}`, (grants = serviceAccountGrants(index, ns, sa)));
    const enforce = index.namespaceObject(ns)?.podSecurity?.enforce;
    const violations = enforce ? pss.violations(w, enforce.level, enforce.version) : [];
    const id = workloadId(w);
    const own: MapWorkload = {
      id,
      kind: w.kind,
      name: w.name ?? '',
      namespace: ns,
      loc: mapLoc(w.anchor),
      serviceAccount: sa,
      grants,
      isolated: { ingress: ctx.isIsolated(w, 'Ingress'), egress: ctx.isIsolated(w, 'Egress') },
      podSecurity: { meets: pss.levelMet(w, enforce?.version), violations: [...new Set(violations.map((v) => v.check))] },
      exposed: exposed.has(id),
    };
    if (w.workload!.hostNetwork) own.hostNetwork = true;
    return own;
  });
  const namespaces: MapNamespace[] = index.namespaces().map((name) => {
    const o = index.namespaceObject(name);
    const ps = o?.podSecurity;
    const ns: MapNamespace = { name, podSecurity: {}, workloads: workloads.filter((w) => w.namespace === name).map((w) => w.id) };
    for (const mode of ['enforce', 'warn', 'audit'] as const) {
      const label = ps?.[mode];
      if (label) ns.podSecurity[mode] = label.level;
    }
    if (o) ns.loc = mapLoc(o.anchor);
    return ns;
  });
  const failures = indexFailures(index);
  const traffic = networkEdges(index, ctx, networked);
  if (traffic.limit) failures.push(traffic.limit);
  return {
    namespaces,
    workloads,
    entries: exposure.entries,
    edges: [...exposure.edges, ...traffic.edges],
    groups: traffic.groups,
    rbac: rbacOf(index),
    notAnalysed: [...notAnalysed, ...failures],
  };
}

/** The documents the index could not take in, as `notAnalysed` entries (their objects are missing from any answer). */
export function indexFailures(index: WorkspaceIndex): SecurityMap['notAnalysed'] {
  return index.failures().map((f) => ({ file: f.file, reason: `document ${f.documentIndex + 1} not indexed: ${f.message}` }));
}
