import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';

/**
 * Boxes laid out left to right by dagre (@dagrejs/dagre), and the geometry helpers
 * layout.ts builds on. The caller sizes the boxes; positions come back top-left.
 */

/** Nodes without edges are stacked in columns of this many (dagre alone would put them all in one rank). */
const COLUMN = 8;
/** Row pitch of the grid fallback. */
const GRID_ROW = 60;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function edgeKey(e: { from: string; to: string }): string {
  return `${e.from}\u0000${e.to}`;
}

export function shift(b: Box, by: Box, dy: number): Box {
  return { x: b.x + by.x, y: b.y + by.y + dy, width: b.width, height: b.height };
}

export function center(b: Box): { x: number; y: number } {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** The middle of a polyline's middle segment. */
export function halfway(points: ReadonlyArray<{ x: number; y: number }>): { x: number; y: number } | undefined {
  const i = Math.floor((points.length - 1) / 2);
  const a = points[i];
  const b = points[i + 1] ?? a;
  return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : undefined;
}

/** Where the line from the box's centre towards `p` leaves the box. */
export function border(b: Box, p: { x: number; y: number }): { x: number; y: number } {
  const c = center(b);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : b.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/**
 * A left-to-right layered layout (dagre) of boxes: top-left positions, edge routes, size.
 * Should dagre fail on some graph, the boxes go in a grid with straight edges: a map
 * drawn plainly beats no map.
 */
export function layered(
  nodes: ReadonlyArray<{ id: string; width: number; height: number }>,
  edges: ReadonlyArray<{ from: string; to: string; label: string }>,
  margin: number,
): {
  nodes: Map<string, Box>;
  points: Map<string, Array<{ x: number; y: number }>>;
  labels: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
} {
  try {
    const g = new graphlib.Graph({ multigraph: false });
    // network-simplex ranks best but grows with nodes × edges (a 1,500-node star took minutes);
    // tight-tree is near linear and good enough for graphs that big.
    const ranker = nodes.length + edges.length > 400 ? 'tight-tree' : 'network-simplex';
    g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: margin, marginy: margin, ranker });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
    for (const e of edges) {
      // A labelled edge gets a label box dagre keeps clear of nodes and other labels.
      if (e.label) g.setEdge(e.from, e.to, { minlen: 1, width: Math.min(200, 8 + 6 * e.label.length), height: 14, labelpos: 'c' });
      else g.setEdge(e.from, e.to, { minlen: 1 });
    }
    chainLoose(g, nodes, edges);
    dagreLayout(g);
    const out = new Map<string, Box>();
    for (const n of nodes) {
      const p = g.node(n.id);
      out.set(n.id, { x: (p.x ?? 0) - n.width / 2, y: (p.y ?? 0) - n.height / 2, width: n.width, height: n.height });
    }
    const points = new Map<string, Array<{ x: number; y: number }>>();
    const labels = new Map<string, { x: number; y: number }>();
    for (const e of edges) {
      const routed = g.edge(e.from, e.to);
      points.set(
        edgeKey(e),
        (routed?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
      );
      if (e.label && typeof routed?.x === 'number' && typeof routed.y === 'number') labels.set(edgeKey(e), { x: routed.x, y: routed.y });
    }
    const graph = g.graph();
    if (nodes.length === 0) return { nodes: out, points, labels, width: 0, height: 0 };
    return { nodes: out, points, labels, width: graph.width ?? 0, height: graph.height ?? 0 };
  } catch {
    return grid(nodes, edges, margin);
  }
}

function grid(
  nodes: ReadonlyArray<{ id: string; width: number; height: number }>,
  edges: ReadonlyArray<{ from: string; to: string; label: string }>,
  margin: number,
): ReturnType<typeof layered> {
  const out = new Map<string, Box>();
  const cell = nodes.reduce((m, n) => Math.max(m, n.width), 0) + 30;
  let width = 0;
  let height = 0;
  nodes.forEach((n, i) => {
    const b = {
      x: margin + Math.floor(i / COLUMN) * cell,
      y: margin + (i % COLUMN) * GRID_ROW,
      width: n.width,
      height: n.height,
    };
    out.set(n.id, b);
    width = Math.max(width, b.x + b.width + margin);
    height = Math.max(height, b.y + b.height + margin);
  });
  const points = new Map<string, Array<{ x: number; y: number }>>();
  for (const e of edges) {
    const a = out.get(e.from);
    const b = out.get(e.to);
    if (a && b) points.set(edgeKey(e), [center(a), center(b)]);
  }
  return { nodes: out, points, labels: new Map(), width, height };
}

/**
 * Invisible edges between the nodes no edge touches, so they fill columns of `COLUMN`
 * instead of one endless column. Not returned as edges.
 */
function chainLoose(g: graphlib.Graph, nodes: ReadonlyArray<{ id: string }>, edges: ReadonlyArray<{ from: string; to: string }>): void {
  const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
  const loose = nodes.filter((n) => !touched.has(n.id));
  for (let i = COLUMN; i < loose.length; i++) g.setEdge(loose[i - COLUMN]!.id, loose[i]!.id, { minlen: 1, weight: 0 });
}
