import type { Pair, YAMLMap } from 'yaml';
import { commandBinary, controlPlaneComponent, type ControlPlaneComponent } from '../../../model/controlPlane';
import { describeObject, type K8sObject } from '../../../model/objects';
import type { OffsetRange } from '../../../types';
import { asScalar, entries, getMap, getSeq, getString, nodeRange, pairOf, pairRange, seqMaps } from '../../../yaml/nodes';
import type { RuleContext } from '../../types';

/**
 * The command-line flags of a control-plane component, read from where a repository keeps
 * them: a static pod's container `command`/`args`, or kubeadm's `ClusterConfiguration`
 * (`apiServer`, `controllerManager`, `scheduler`, `etcd.local` `extraArgs`: a map in
 * v1beta3, a list of `{name, value}` in v1beta4). The cluster rules judge flags, not sources.
 */
export interface Flag {
  name: string;
  value: string;
  /** The scalar holding the flag (static pod) or its value (kubeadm). */
  range: OffsetRange;
}

export interface ComponentFlags {
  component: ControlPlaneComponent;
  /** Flags as written; a later one wins, as with the binaries' flag parser. */
  flags: Flag[];
  /**
   * Flags the source sets itself when the manifest does not: kubeadm starts etcd with
   * client certificates and the API server with `Node,RBAC`.
   */
  defaults: ReadonlyMap<string, string>;
  /** Where a missing flag is reported: the container's `command:` pair, or kubeadm's section key. */
  anchor: OffsetRange;
  /** `static pod "kube-apiserver-cp1"`, `ClusterConfiguration's apiServer`, for messages. */
  where: string;
}

const KUBEADM_SECTIONS: ReadonlyArray<{ path: readonly string[]; component: ControlPlaneComponent }> = [
  { path: ['apiServer'], component: 'kube-apiserver' },
  { path: ['controllerManager'], component: 'kube-controller-manager' },
  { path: ['scheduler'], component: 'kube-scheduler' },
  { path: ['etcd', 'local'], component: 'etcd' },
];

/** What kubeadm passes on its own (cmd/kubeadm/app/phases/controlplane and etcd manifests). */
const KUBEADM_DEFAULTS: Readonly<Record<ControlPlaneComponent, ReadonlyMap<string, string>>> = {
  'kube-apiserver': new Map([['authorization-mode', 'Node,RBAC']]),
  etcd: new Map([
    ['client-cert-auth', 'true'],
    ['peer-client-cert-auth', 'true'],
  ]),
  'kube-controller-manager': new Map(),
  'kube-scheduler': new Map(),
};

/** `kubeadm.k8s.io/<version>` ClusterConfiguration; another group's kind of that name is not kubeadm's. */
function isKubeadmClusterConfiguration(object: K8sObject): boolean {
  return object.kind === 'ClusterConfiguration' && object.apiVersion.split('/')[0] === 'kubeadm.k8s.io';
}

/** The control-plane components configured by this object (none for other objects). */
export function componentFlags(ctx: RuleContext): ComponentFlags[] {
  const object = ctx.object;
  const component = controlPlaneComponent(object);
  if (component && ctx.pod) {
    const container = ctx.pod.containers.find((c) => commandBinary(c, object) === component) ?? ctx.pod.containers[0];
    if (!container) return [];
    const flags: Flag[] = [];
    const items = [
      ...(getSeq(container.node, 'command', object.doc)?.items.slice(1) ?? []),
      ...(getSeq(container.node, 'args', object.doc)?.items ?? []),
    ];
    items.forEach((item, i) => {
      const s = asScalar(item, object.doc);
      const range = nodeRange(s);
      if (!s || typeof s.value !== 'string' || !range || !s.value.startsWith('--')) return;
      const body = s.value.slice(2);
      const eq = body.indexOf('=');
      if (eq >= 0) return void flags.push({ name: body.slice(0, eq), value: body.slice(eq + 1), range });
      // `--flag value` (non-boolean flags), or a bare boolean `--flag`.
      const next = asScalar(items[i + 1], object.doc);
      const nextValue = next && typeof next.value !== 'object' ? String(next.value) : undefined;
      flags.push({ name: body, value: nextValue !== undefined && !nextValue.startsWith('-') ? nextValue : 'true', range });
    });
    const anchorPair = (pairOf(container.node, 'command') ?? pairOf(container.node, 'args') ?? container.namePair) as Pair | undefined;
    return [
      {
        component,
        flags,
        defaults: new Map(),
        anchor: pairRange(anchorPair, ctx.text) ?? { start: 0, end: 0 },
        where: `static pod ${describeObject(object).replace(/^Pod /, '')}`,
      },
    ];
  }
  if (!isKubeadmClusterConfiguration(object)) return [];
  const out: ComponentFlags[] = [];
  for (const section of KUBEADM_SECTIONS) {
    const parentPath = section.path.slice(0, -1);
    let parent: YAMLMap | undefined = object.root;
    for (const key of parentPath) parent = getMap(parent, key, object.doc);
    const key = section.path[section.path.length - 1]!;
    const map = getMap(parent, key, object.doc);
    // An absent etcd.local is kubeadm's local etcd with its defaults; an external etcd is not ours.
    if (section.component === 'etcd' && getMap(getMap(object.root, 'etcd', object.doc), 'external', object.doc)) continue;
    const anchorPair = (pairOf(parent, key) ?? pairOf(object.root, 'kind')) as Pair | undefined;
    out.push({
      component: section.component,
      flags: kubeadmExtraArgs(map, ctx),
      defaults: KUBEADM_DEFAULTS[section.component],
      anchor: pairRange(anchorPair, ctx.text) ?? { start: 0, end: 0 },
      where: `${describeObject(object)} (${section.path.join('.')})`,
    });
  }
  return out;
}

function kubeadmExtraArgs(section: YAMLMap | undefined, ctx: RuleContext): Flag[] {
  const doc = ctx.object.doc;
  const flags: Flag[] = [];
  const push = (name: string | undefined, node: unknown): void => {
    const s = asScalar(node, doc);
    const range = nodeRange(s);
    if (name === undefined || !s || range === undefined || s.value === null || typeof s.value === 'object') return;
    flags.push({ name, value: String(s.value), range });
  };
  // v1beta4: a list of {name, value}.
  for (const arg of seqMaps(getSeq(section, 'extraArgs', doc), doc)) push(getString(arg, 'name', doc), pairOf(arg, 'value')?.value);
  // v1beta3: a map of name to value.
  for (const [name, node] of entries(getMap(section, 'extraArgs', doc))) push(name, node);
  return flags;
}

/** The flag in force: the last one written, else the source's default. */
export function flagValue(c: ComponentFlags, name: string): { value: string; flag?: Flag } | undefined {
  for (let i = c.flags.length - 1; i >= 0; i--) {
    const f = c.flags[i]!;
    if (f.name === name) return { value: f.value, flag: f };
  }
  const value = c.defaults.get(name);
  return value === undefined ? undefined : { value };
}
