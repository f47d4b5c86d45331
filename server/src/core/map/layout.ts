import type { MapPodGroup, SecurityMap } from './model';
import { namespaceEdges } from './namespaceView';
import { ALL_PODS, podGroupNamespace } from './podGroups';
import { formatPorts } from './ports';
import { rbacInNamespace } from './rbacView';
import { border, center, edgeKey, halfway, layered, shift, type Box } from './layered';

/** What a node of the drawing stands for (the SVG's `kg-<type>` class). */
export type LayoutNodeType = 'workload' | 'entry' | 'cidr' | 'anywhere' | 'pods' | 'subject' | 'binding' | 'role' | 'grant';

export interface LayoutNode {
  /** The map's id (model.ts), or `grant:<ruleId>:<label>` for a dangerous-grant node of the RBAC view. */
  id: string;
  type: LayoutNodeType;
  label: string;
  /** A second line: the kind of a workload, entry or RBAC object. */
  sublabel: string;
  /** Top-left corner and size, in SVG user units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A namespace box around its workloads. */
export interface LayoutGroup {
  namespace: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
  /** Ports, `all ports`, or empty for RBAC edges. */
  label: string;
  points: Array<{ x: number; y: number }>;
  /** Where the label's centre goes (dagre leaves room for it on edges inside a namespace). */
  labelAt?: { x: number; y: number } | undefined;
}

export interface MapLayout {
  view: 'network' | 'rbac';
  width: number;
  height: number;
  nodes: LayoutNode[];
  groups: LayoutGroup[];
  edges: LayoutEdge[];
  /** Edges of the view left out of the drawing past `MAX_DRAWN_EDGES` (the map and tables still have them). */
  omittedEdges: number;
}

/** Edges laid out at most: dagre's time grows fast with edges, and past this no one reads them. */
const MAX_DRAWN_EDGES = 1500;

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 7;

interface Spec {
  nodes: Array<Omit<LayoutNode, 'x' | 'y' | 'width' | 'height'> & { namespace?: string | undefined }>;
  edges: Array<{ from: string; to: string; label: string }>;
}

function width(label: string, sublabel: string): number {
  return Math.min(260, Math.max(110, 24 + CHAR_WIDTH * Math.max(label.length, sublabel.length)));
}

/**
 * Positions for drawing the map: the network view (workloads grouped by namespace, entries
 * and address blocks, the allowed traffic) or the RBAC view (subjects → bindings → roles →
 * dangerous grants), of the whole map or of one namespace (its workloads and whatever
 * has an edge to them). Layered left to right by dagre (@dagrejs/dagre: small, pure,
 * synchronous) in two levels: each namespace's workloads and the edges inside it, then the
 * namespace boxes and the nodes outside any namespace as one graph (dagre's own compound
 * mode is slower at 500 workloads and fails on some graphs). Edges across boxes are drawn
 * from border to border through the route of the outer layout.
 */
export function layoutMap(map: SecurityMap, view: 'network' | 'rbac', namespace?: string): MapLayout {
  const full = view === 'network' ? networkSpec(map, namespace) : rbacSpec(map, namespace);
  const spec = { nodes: full.nodes, edges: full.edges.slice(0, MAX_DRAWN_EDGES) };
  const omittedEdges = full.edges.length - spec.edges.length;
  const nsOf = new Map(spec.nodes.map((n) => [n.id, n.namespace]));
  const sized = new Map<string, Box>(spec.nodes.map((n) => [n.id, { x: 0, y: 0, width: width(n.label, n.sublabel), height: NODE_HEIGHT }]));
  const inner = new Map<string, Spec['nodes']>();
  for (const n of spec.nodes) {
    if (n.namespace === undefined) continue;
    let list = inner.get(n.namespace);
    if (!list) inner.set(n.namespace, (list = []));
    list.push(n);
  }
  // Level 1: each namespace on its own; positions relative to its box.
  const innerEdges = new Map<string, LayoutEdge>();
  const boxes = new Map<string, Box>();
  for (const [ns, nodes] of inner) {
    const ids = new Set(nodes.map((n) => n.id));
    const edges = spec.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
    const placed = layered(
      nodes.map((n) => ({ id: n.id, ...sized.get(n.id)! })),
      edges,
      12,
    );
    for (const [id, box] of placed.nodes) sized.set(id, box);
    for (const e of edges)
      innerEdges.set(edgeKey(e), { ...e, points: placed.points.get(edgeKey(e)) ?? [], labelAt: placed.labels.get(edgeKey(e)) });
    boxes.set(ns, { x: 0, y: 0, width: placed.width, height: placed.height + GROUP_TITLE });
  }
  // Level 2: namespace boxes and outside nodes.
  const outerId = (id: string) => {
    const ns = nsOf.get(id);
    return ns === undefined ? id : `ns:${ns}`;
  };
  const outerNodes = [
    ...[...boxes].map(([ns, b]) => ({ id: `ns:${ns}`, ...b })),
    ...spec.nodes.filter((n) => n.namespace === undefined).map((n) => ({ id: n.id, ...sized.get(n.id)! })),
  ];
  const outerEdges = spec.edges.map((e) => ({ from: outerId(e.from), to: outerId(e.to), label: '' })).filter((e) => e.from !== e.to);
  const outer = layered(outerNodes, outerEdges, 40);
  const origin = (id: string) => outer.nodes.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
  const nodes: LayoutNode[] = spec.nodes.map((n) => {
    const own = sized.get(n.id)!;
    const at = n.namespace === undefined ? origin(n.id) : shift(own, origin(`ns:${n.namespace}`), GROUP_TITLE);
    return { id: n.id, type: n.type, label: n.label, sublabel: n.sublabel, x: at.x, y: at.y, width: own.width, height: own.height };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const groups: LayoutGroup[] = [...boxes.keys()].map((ns) => {
    const b = origin(`ns:${ns}`);
    return { namespace: ns, x: b.x, y: b.y, width: b.width, height: b.height };
  });
  const edges: LayoutEdge[] = spec.edges.map((e) => {
    const own = innerEdges.get(edgeKey(e));
    if (own) {
      const o = origin(`ns:${nsOf.get(e.from)!}`);
      const move = (p: { x: number; y: number }) => ({ x: p.x + o.x, y: p.y + o.y + GROUP_TITLE });
      return { ...e, points: own.points.map(move), labelAt: own.labelAt && move(own.labelAt) };
    }
    const route = outer.points.get(edgeKey({ from: outerId(e.from), to: outerId(e.to) })) ?? [];
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) return { ...e, points: [] };
    const middle = route.slice(1, -1);
    const first = middle[0] ?? center(b);
    const last = middle[middle.length - 1] ?? center(a);
    const points = [border(a, first), ...middle, border(b, last)];
    return { ...e, points, labelAt: halfway(points) };
  });
  return { view, width: outer.width, height: outer.height + (omittedEdges > 0 ? 24 : 0), nodes, groups, edges, omittedEdges };
}

/** Height of a namespace box's title line above its workloads. */
const GROUP_TITLE = 24;

function networkSpec(map: SecurityMap, namespace: string | undefined): Spec {
  const workloads = new Map(map.workloads.map((w) => [w.id, w]));
  const groups = new Map(map.groups.map((g) => [g.id, g]));
  const edges = namespace === undefined ? map.edges : namespaceEdges(map, namespace);
  const entries = new Map(map.entries.map((e) => [e.id, e]));
  const ids = new Set(map.workloads.filter((w) => namespace === undefined || w.namespace === namespace).map((w) => w.id));
  for (const e of edges) {
    ids.add(e.from);
    ids.add(e.to);
  }
  const nodes: Spec['nodes'] = [...ids].map((id) => {
    const w = workloads.get(id);
    if (w) return { id, type: 'workload', label: w.name, sublabel: w.kind, namespace: w.namespace };
    const entry = entries.get(id);
    if (entry) return { id, type: 'entry', label: entry.label, sublabel: entry.tls ? `${entry.kind} (TLS)` : entry.kind };
    if (id === 'anywhere') return { id, type: 'anywhere', label: 'anywhere', sublabel: 'any address' };
    // A namespace's pod group is drawn inside its box; the cluster's outside every box.
    if (id === ALL_PODS) return { id, type: 'pods', label: 'every pod', sublabel: 'in the cluster' };
    const groupNs = podGroupNamespace(id);
    const group = groups.get(id);
    if (group) return selectorGroupNode(group, groupNs);
    if (groupNs !== undefined) return { id, type: 'pods', label: 'every pod', sublabel: 'of this namespace', namespace: groupNs };
    return { id, type: 'cidr', label: id.replace(/^cidr:/, ''), sublabel: 'address block' };
  });
  return { nodes, edges: edges.map((e) => ({ from: e.from, to: e.to, label: formatPorts(e.ports) })) };
}

/** A selector group: its label over how many workloads it stands for; inside its namespace's box when it has one. */
function selectorGroupNode(g: MapPodGroup, ns: string | undefined): Spec['nodes'][number] {
  const node = {
    id: g.id,
    type: 'pods' as const,
    label: g.label,
    sublabel: `${g.members.length} workload${g.members.length === 1 ? '' : 's'}`,
  };
  return ns === undefined ? node : { ...node, namespace: ns };
}

function rbacSpec(map: SecurityMap, namespace: string | undefined): Spec {
  const { subjects, bindings: shown, roles } = namespace === undefined ? map.rbac : rbacInNamespace(map.rbac, namespace);
  const subjectById = new Map(subjects.map((s) => [s.id, s]));
  const nodes: Spec['nodes'] = [];
  const edges: Spec['edges'] = [];
  const seen = new Set<string>();
  const node = (n: Spec['nodes'][number]) => {
    if (!seen.has(n.id)) {
      seen.add(n.id);
      nodes.push(n);
    }
  };
  const roleById = new Map(roles.map((r) => [r.id, r]));
  for (const b of shown) {
    node({ id: b.id, type: 'binding', label: b.name, sublabel: b.kind });
    for (const sid of b.subjects) {
      const s = subjectById.get(sid);
      if (!s) continue;
      node({ id: s.id, type: 'subject', label: s.namespace ? `${s.namespace}/${s.name}` : s.name, sublabel: s.kind });
      edges.push({ from: s.id, to: b.id, label: '' });
    }
    const r = roleById.get(b.role);
    if (!r) continue;
    node({ id: r.id, type: 'role', label: r.name, sublabel: r.loc ? r.kind : `${r.kind} (not in files)` });
    edges.push({ from: b.id, to: r.id, label: '' });
    for (const gr of r.grants) {
      // One node per kind of grant: its rule and label (a rule reports several kinds, e.g.
      // rbac-wildcard both cluster-admin and a wildcard in one API group).
      const gid = `grant:${gr.ruleId}:${gr.label}`;
      node({ id: gid, type: 'grant', label: gr.label, sublabel: gr.ruleId });
      edges.push({ from: r.id, to: gid, label: '' });
    }
  }
  return { nodes, edges: dedupeEdges(edges) };
}

function dedupeEdges(edges: Spec['edges']): Spec['edges'] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = `${e.from}\u0000${e.to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
