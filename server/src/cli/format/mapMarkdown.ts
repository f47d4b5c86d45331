import type { SecurityMap } from '../../core/map/model';
import { namespaceRows, workloadRows } from './mapTables';

export { reachabilityText } from './mapTables';

/** Table cell text: pipes, backslashes, markup and line breaks of workspace names made inert. */
function cell(s: string): string {
  return s.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

function list(items: readonly string[]): string {
  return items.length ? items.map(cell).join('<br>') : '—';
}

/** The report's tables as Markdown (for a pull request comment or a CI summary). */
export function mapMarkdown(map: SecurityMap): string {
  const out: string[] = ['# Security map', ''];
  if (map.notAnalysed.length > 0) {
    out.push('## ⚠ Not in the map', '', 'These could not be read: the map and the tables below may be missing their objects.', '');
    for (const n of map.notAnalysed) out.push(`- ${cell(n.file)}: ${cell(n.reason)}`);
    out.push('');
  }
  out.push(
    '## Namespaces',
    '',
    '| namespace | enforce | warn | audit | workloads | violations of the enforce level |',
    '|---|---|---|---|---|---|',
  );
  for (const r of namespaceRows(map)) {
    out.push(`| ${cell(r.name)} | ${r.enforce} | ${r.warn} | ${r.audit} | ${r.workloads} | ${list(r.violations)} |`);
  }
  out.push(
    '',
    '## Workloads',
    '',
    '| workload | isolation | reachable from | exposure | ServiceAccount power | Pod Security |',
    '|---|---|---|---|---|---|',
  );
  for (const r of workloadRows(map)) {
    const power = r.power.length ? `${cell(r.serviceAccount)}: ${r.power.map(cell).join(', ')}` : `${cell(r.serviceAccount)}: none`;
    out.push(
      `| ${cell(r.workload)} | ${r.isolation} | ${list(r.reachableFrom)} | ${list(r.exposure)} | ${power} | ${cell(r.podSecurity)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
