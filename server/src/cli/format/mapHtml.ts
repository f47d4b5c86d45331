import { layoutMap } from '../../core/map/layout';
import type { SecurityMap } from '../../core/map/model';
import { escapeXml, renderMapSvg } from '../../core/map/svg';
import { namespaceRows, workloadRows } from './mapTables';

/** The map's colours for a page: light by default, dark when the reader's system is. */
const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --warn-bg: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --warn-bg: #3b2e00;
    --kg-fg: #e6edf3; --kg-muted: #9198a1; --kg-ns-bg: #161b22; --kg-ns-border: #3d444d; --kg-node-bg: #0d1117;
    --kg-node-border: #8b949e; --kg-outside-bg: #2d1f00; --kg-outside: #d29922; --kg-danger-bg: #3c1618; --kg-danger: #f85149;
    --kg-warn: #d29922; --kg-edge: #8b949e; }
}
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; margin: 24px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
.kg-scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); }
table { border-collapse: collapse; margin-top: 8px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; font-size: 13px; }
th { background: color-mix(in srgb, var(--line) 40%, transparent); }
.kg-warning { background: var(--warn-bg); border: 1px solid var(--line); padding: 8px 12px; }
.kg-legend { color: var(--muted); font-size: 13px; }
`;

function h(s: string): string {
  return escapeXml(s);
}

function cellList(items: readonly string[]): string {
  return items.length ? items.map(h).join('<br>') : '—';
}

/**
 * The report page: self-contained (inline SVG and CSS, no script, a Content-Security-Policy
 * that forbids loading anything), the network map, the RBAC map and the tables behind them.
 * Every workspace string is escaped.
 */
export function mapHtml(map: SecurityMap, namespace?: string): string {
  const scope = namespace === undefined ? 'all namespaces' : `namespace ${namespace}`;
  const network = renderMapSvg(map, layoutMap(map, 'network', namespace), 'network');
  const rbac = renderMapSvg(map, layoutMap(map, 'rbac', namespace), 'rbac');
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Security map — ${h(scope)}</title>`,
    `<style>${PAGE_STYLE}</style></head><body>`,
    `<h1>Security map — ${h(scope)}</h1>`,
    `<p class="kg-legend">${map.workloads.length} workloads, ${map.edges.length} allowed connections, ${map.entries.length} entries from outside the cluster. ` +
      'Dashed orange box: no NetworkPolicy isolates its ingress. Red box: fails its namespace’s Pod Security enforce level. ' +
      'Red badge: dangerous grants of its ServiceAccount. Dashed orange edge: entry without TLS. ' +
      'Dotted “every pod” node (a namespace’s in its box, the cluster’s outside): a rule naming every pod; its dotted edge is that workload’s own rule only, the other pod’s policy must allow the traffic too.</p>',
  ];
  if (map.notAnalysed.length > 0) {
    out.push(
      '<div class="kg-warning" id="kg-not-analysed"><strong>Not in the map:</strong> these could not be read, so their objects are missing.<ul>',
    );
    for (const n of map.notAnalysed) out.push(`<li>${h(n.file)}: ${h(n.reason)}</li>`);
    out.push('</ul></div>');
  }
  out.push('<h2>Network</h2>', `<div class="kg-scroll">${network}</div>`);
  out.push('<h2>RBAC: subjects → bindings → roles → dangerous grants</h2>', `<div class="kg-scroll">${rbac}</div>`);
  out.push(
    '<h2>Namespaces</h2><table id="kg-namespaces"><tr><th>namespace</th><th>enforce</th><th>warn</th><th>audit</th><th>workloads</th><th>violations of the enforce level</th></tr>',
  );
  for (const r of namespaceRows(map)) {
    out.push(
      `<tr><td>${h(r.name)}</td><td>${r.enforce}</td><td>${r.warn}</td><td>${r.audit}</td><td>${r.workloads}</td><td>${cellList(r.violations)}</td></tr>`,
    );
  }
  out.push(
    '</table>',
    '<h2>Workloads</h2><table id="kg-workloads"><tr><th>workload</th><th>isolation</th><th>reachable from</th><th>exposure</th><th>ServiceAccount power</th><th>Pod Security</th></tr>',
  );
  for (const r of workloadRows(map)) {
    const power = `${h(r.serviceAccount)}: ${r.power.length ? cellList(r.power) : 'none'}`;
    out.push(
      `<tr data-id="${h(r.id)}"><td>${h(r.workload)}</td><td>${r.isolation}</td><td>${cellList(r.reachableFrom)}</td><td>${cellList(r.exposure)}</td><td>${power}</td><td>${h(r.podSecurity)}</td></tr>`,
    );
  }
  out.push('</table></body></html>');
  return `${out.join('\n')}\n`;
}
