import type { LayoutNode, MapLayout } from './layout';
import type { MapWorkload, SecurityMap } from './model';
import { isPodGroupId, podGroupLabel } from './podGroups';

/** Text and attribute values from the workspace, escaped so a name cannot inject markup. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Characters XML 1.0 forbids even escaped (C0 controls other than tab and line breaks, lone surrogates). */
function clean(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      out += s.slice(i, i + 2);
      i++;
    } else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || high || low || c === 0xfffe || c === 0xffff) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

function text(s: string, max = 36): string {
  const t = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return escapeXml(clean(t));
}

function attr(s: string): string {
  return escapeXml(clean(s));
}

/**
 * Colours are CSS custom properties with defaults, so the page is readable standalone and a
 * webview can map them to its theme (`--kg-fg: var(--vscode-foreground)`…).
 */
const STYLE = `
.kg-map { font: 12px sans-serif; }
.kg-map text { fill: var(--kg-fg, #222); }
.kg-ns rect { fill: var(--kg-ns-bg, #f3f5f8); stroke: var(--kg-ns-border, #9aa5b1); stroke-dasharray: 4 3; }
.kg-ns text { font-weight: bold; }
.kg-node rect { fill: var(--kg-node-bg, #fff); stroke: var(--kg-node-border, #5b6b7b); stroke-width: 1.2; }
.kg-node .kg-sub { fill: var(--kg-muted, #667); font-size: 10px; }
.kg-entry rect, .kg-anywhere rect, .kg-cidr rect { fill: var(--kg-outside-bg, #fff4e5); stroke: var(--kg-outside, #c77700); }
.kg-pods rect { fill: var(--kg-ns-bg, #f3f5f8); stroke: var(--kg-edge, #6b7785); stroke-width: 1.5; stroke-dasharray: 2 2; }
.kg-edge.kg-group-edge path { stroke-dasharray: 2 2; }
.kg-grant rect { fill: var(--kg-danger-bg, #fdecec); stroke: var(--kg-danger, #c62828); }
.kg-unisolated rect { stroke: var(--kg-warn, #c77700); stroke-width: 2.5; stroke-dasharray: 6 3; }
.kg-psa-fail rect { stroke: var(--kg-danger, #c62828); stroke-width: 2.5; }
.kg-badge circle { fill: var(--kg-danger, #c62828); }
.kg-badge text { fill: var(--kg-badge-fg, #fff); font-size: 10px; font-weight: bold; }
.kg-marker { font-size: 10px; font-weight: bold; }
.kg-marker.kg-psa { fill: var(--kg-danger, #c62828); }
.kg-marker.kg-open { fill: var(--kg-warn, #c77700); }
.kg-edge path { fill: none; stroke: var(--kg-edge, #6b7785); stroke-width: 1.3; }
.kg-edge.kg-entry-edge path { stroke: var(--kg-outside, #c77700); }
.kg-edge.kg-plain path { stroke-dasharray: 5 3; }
.kg-edge text { fill: var(--kg-muted, #667); font-size: 10px; }
.kg-arrow { fill: var(--kg-edge, #6b7785); }
`;

function nodeClasses(n: LayoutNode, w: MapWorkload | undefined): string {
  const c = ['kg-node', `kg-${n.type}`];
  if (w) {
    if (!w.isolated.ingress) c.push('kg-unisolated');
    if (w.podSecurity.violations.length > 0) c.push('kg-psa-fail');
    if (w.exposed) c.push('kg-exposed');
    if (w.grants.length > 0) c.push('kg-has-grants');
  }
  return c.join(' ');
}

function nodeSvg(n: LayoutNode, w: MapWorkload | undefined, groups: SecurityMap['groups']): string {
  const parts = [
    `<g class="${nodeClasses(n, w)}" data-id="${attr(n.id)}" transform="translate(${r(n.x)},${r(n.y)})">`,
    `<title>${text(n.type === 'pods' ? podGroupTitle(n.id, groups) : n.id, 300)}</title>`,
    `<rect width="${r(n.width)}" height="${r(n.height)}" rx="5"/>`,
    `<text x="8" y="16">${text(n.label)}</text>`,
    `<text class="kg-sub" x="8" y="31">${text(n.sublabel)}</text>`,
  ];
  if (w) {
    // Markers top right: PSA failure, not isolated; a badge with the number of dangerous grants.
    const marks: string[] = [];
    if (w.podSecurity.violations.length > 0) marks.push('<tspan class="kg-marker kg-psa">PSA✗</tspan>');
    if (!w.isolated.ingress) marks.push('<tspan class="kg-marker kg-open">open</tspan>');
    if (marks.length > 0) parts.push(`<text class="kg-marker" x="${r(n.width - 6)}" y="31" text-anchor="end">${marks.join(' ')}</text>`);
    if (w.grants.length > 0) {
      const labels = [...new Set(w.grants.map((g) => g.label))].join(', ');
      parts.push(
        `<g class="kg-badge" transform="translate(${r(n.width)},0)"><title>${text(`ServiceAccount ${w.serviceAccount}: ${labels}`, 300)}</title><circle r="9"/><text text-anchor="middle" y="3.5">${w.grants.length}</text></g>`,
      );
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** A pod group's tooltip: an edge at it is one-sided (model.ts), which the drawing must not hide. */
function podGroupTitle(id: string, groups: SecurityMap['groups']): string {
  return `${id}: ${podGroupLabel(id, groups)} (not on the host network). An edge from or to it is what the workload's own policy rule allows; each other pod's own policy must allow the traffic too.`;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The map as a self-contained SVG: no script, no external reference, every node a
 * `<g class="kg-node kg-<type> …" data-id="<id>">`, every edge a
 * `<g class="kg-edge …" data-from data-to>` with its ports (`kg-group-edge` at a pod group), namespaces as boxes titled with
 * their Pod Security levels. Workspace text is escaped (names are attacker-controlled input).
 */
export function renderMapSvg(map: SecurityMap, layout: MapLayout, view: 'network' | 'rbac'): string {
  const workloads = new Map(map.workloads.map((w) => [w.id, w]));
  const entries = new Map(map.entries.map((e) => [e.id, e]));
  const namespaces = new Map(map.namespaces.map((n) => [n.name, n]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="kg-map kg-view-${view}" width="${r(layout.width)}" height="${r(layout.height)}" viewBox="0 0 ${r(layout.width)} ${r(layout.height)}">`,
    `<style>${STYLE}</style>`,
    '<defs><marker id="kg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="kg-arrow" d="M0,0L10,5L0,10z"/></marker></defs>',
  ];
  for (const g of layout.groups) {
    const ps = namespaces.get(g.namespace)?.podSecurity ?? {};
    const levels = (['enforce', 'warn', 'audit'] as const).filter((m) => ps[m]).map((m) => `${m}: ${ps[m]}`);
    const title = `${g.namespace}${levels.length ? ` · ${levels.join(', ')}` : ' · no Pod Security labels'}`;
    out.push(
      `<g class="kg-ns" data-namespace="${attr(g.namespace)}"><rect x="${r(g.x)}" y="${r(g.y)}" width="${r(g.width)}" height="${r(g.height)}" rx="8"/><text x="${r(g.x + 8)}" y="${r(g.y + 16)}">${text(title, 90)}</text></g>`,
    );
  }
  for (const e of layout.edges) {
    const entry = entries.get(e.from);
    const cls = ['kg-edge'];
    if (entry) cls.push('kg-entry-edge', entry.tls ? 'kg-tls' : 'kg-plain');
    if (isPodGroupId(e.from) || isPodGroupId(e.to)) cls.push('kg-group-edge');
    const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join('');
    const at = e.labelAt ?? e.points[Math.floor(e.points.length / 2)];
    const label = e.label && at ? `<text x="${r(at.x)}" y="${r(at.y + 4)}" text-anchor="middle">${text(e.label, 40)}</text>` : '';
    out.push(
      `<g class="${cls.join(' ')}" data-from="${attr(e.from)}" data-to="${attr(e.to)}"><title>${text(`${e.from} → ${e.to}${e.label ? ` (${e.label})` : ''}`, 300)}</title><path d="${d}" marker-end="url(#kg-arrow)"/>${label}</g>`,
    );
  }
  for (const n of layout.nodes) out.push(nodeSvg(n, workloads.get(n.id), map.groups));
  if (layout.omittedEdges > 0) {
    out.push(
      `<text class="kg-omitted" x="8" y="${r(layout.height - 8)}">${layout.omittedEdges} more connections not drawn (too many to read); the tables list them.</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
