import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { SecurityMap } from './model';
import { formatPorts } from './ports';

/** What a node of the drawing stands for (the SVG's `kg-<type>` class). */
export type LayoutNodeType = 'workload' | 'entry' | 'cidr' | 'anywhere' | 'subject' | 'binding' | 'role' | 'grant';

export interface LayoutNode {
  /** The map's id (model.ts), or `grant:<ruleId>` for a dangerous-grant node of the RBAC view. */
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
}

export interface MapLayout {
  view: 'network' | 'rbac';
  width: number;
  height: number;
  nodes: LayoutNode[];
  groups: LayoutGroup[];
  edges: LayoutEdge[];
}

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 7;
/** Nodes without edges are stacked in columns of this many (dagre alone would put them all in one rank). */
const COLUMN = 8;

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
 * synchronous; namespaces are its compound clusters).
 */
export function layoutMap(map: SecurityMap, view: 'network' | 'rbac', namespace?: string): MapLayout {
  const spec = view === 'network' ? networkSpec(map, namespace) : rbacSpec(map, namespace);
  const g = new graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 60, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const groups = new Set<string>();
  for (const n of spec.nodes) {
    g.setNode(n.id, { width: width(n.label, n.sublabel), height: NODE_HEIGHT });
    if (n.namespace !== undefined) {
      const gid = `ns:${n.namespace}`;
      if (!groups.has(gid)) {
        groups.add(gid);
        g.setNode(gid, { label: n.namespace, paddingTop: 28 });
      }
      g.setParent(n.id, gid);
    }
  }
  for (const e of spec.edges) g.setEdge(e.from, e.to, { minlen: 1 });
  chainLoose(g, spec);
  dagreLayout(g);
  const nodes: LayoutNode[] = spec.nodes.map((n) => {
    const p = g.node(n.id);
    const w = p.width;
    const h = p.height;
    return {
      id: n.id,
      type: n.type,
      label: n.label,
      sublabel: n.sublabel,
      x: (p.x ?? 0) - w / 2,
      y: (p.y ?? 0) - h / 2,
      width: w,
      height: h,
    };
  });
  const outGroups: LayoutGroup[] = [...groups].map((gid) => {
    const p = g.node(gid);
    return {
      namespace: gid.slice(3),
      x: (p.x ?? 0) - p.width / 2,
      y: (p.y ?? 0) - p.height / 2 - 20,
      width: p.width,
      height: p.height + 20,
    };
  });
  const edges: LayoutEdge[] = spec.edges.map((e) => ({
    ...e,
    points: (g.edge(e.from, e.to)?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
  }));
  const graph = g.graph();
  return { view, width: graph.width ?? 0, height: (graph.height ?? 0) + 20, nodes, groups: outGroups, edges };
}

/**
 * Invisible edges between the nodes no edge touches, namespace by namespace, so they fill
 * columns of `COLUMN` instead of one endless column. Not returned as edges.
 */
function chainLoose(g: graphlib.Graph, spec: Spec): void {
  const touched = new Set(spec.edges.flatMap((e) => [e.from, e.to]));
  const loose = new Map<string, string[]>();
  for (const n of spec.nodes) {
    if (touched.has(n.id)) continue;
    const k = n.namespace ?? '';
    let list = loose.get(k);
    if (!list) loose.set(k, (list = []));
    list.push(n.id);
  }
  for (const list of loose.values()) {
    for (let i = COLUMN; i < list.length; i++) g.setEdge(list[i - COLUMN]!, list[i]!, { minlen: 1, weight: 0 });
  }
}

function networkSpec(map: SecurityMap, namespace: string | undefined): Spec {
  const workloads = new Map(map.workloads.map((w) => [w.id, w]));
  const inNs = (id: string) => namespace === undefined || workloads.get(id)?.namespace === namespace;
  const edges = map.edges.filter((e) => inNs(e.from) || inNs(e.to));
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
    return { id, type: 'cidr', label: id.replace(/^cidr:/, ''), sublabel: 'address block' };
  });
  return { nodes, edges: edges.map((e) => ({ from: e.from, to: e.to, label: formatPorts(e.ports) })) };
}

function rbacSpec(map: SecurityMap, namespace: string | undefined): Spec {
  const { subjects, bindings, roles } = map.rbac;
  const subjectById = new Map(subjects.map((s) => [s.id, s]));
  const shown = bindings.filter(
    (b) => namespace === undefined || b.namespace === namespace || b.subjects.some((s) => subjectById.get(s)?.namespace === namespace),
  );
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
      const gid = `grant:${gr.ruleId}`;
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
