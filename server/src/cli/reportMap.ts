import * as fs from 'fs';
import { resolveOptions } from '../core/config';
import { decodeBytes } from '../core/engine/decode';
import { escapeControl } from '../core/display';
import { lintFile, type FileScope } from '../core/lint';
import { buildSecurityMap, indexFailures } from '../core/map/buildMap';
import { placeBuiltLocs } from '../core/map/placeBuiltLocs';
import type { SecurityMap } from '../core/map/model';
import { namespaceEdges } from '../core/map/namespaceView';
import { reachability } from '../core/map/reachability';
import { rbacInNamespace } from '../core/map/rbacView';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { planBuilds } from './builds';
import { collectFiles } from './files';
import { CliConfigs, configsInvalid, configuredCharts, isConfigFile, isExcludedBy } from './config';
import { mapHtml } from './format/mapHtml';
import { mapMarkdown, reachabilityText } from './format/mapMarkdown';
import type { CliIO } from './main';
import type { ReportArgs } from './reportArgs';
import { writeOutputFile } from './outputFile';
import { noValuesFlags } from './valuesFlags';

type NotAnalysed = SecurityMap['notAnalysed'];

type Walked = ReturnType<typeof collectFiles>;

/**
 * Reads the files as `scan` does (directories walked, the config's `exclude` honoured,
 * kustomizations and charts read as what they build with the config's `helm.charts`
 * options, their parts not alone) into one workspace index. Fail closed: whatever could not
 * be read into it (unreadable or binary files, documents with YAML errors or over the limits,
 * incomplete builds) is listed, never silently left out of the map.
 */
function readWorkspace(
  args: ReportArgs,
  walked: Walked,
  configs: CliConfigs,
): { index: WorkspaceIndex; notAnalysed: NotAnalysed; placeLocs: (value: unknown) => void; buildsRead: ReadonlySet<string> } {
  const index = new WorkspaceIndex();
  const notAnalysed: NotAnalysed = [];
  for (const e of walked.errors) notAnalysed.push({ file: e.file ?? '', reason: e.message });
  // Built-in defaults, not the config's levels: this lint only finds what the index would
  // miss (YAML errors, limits), which a config turning `yaml-syntax` off must not hide.
  const scope: FileScope = { options: resolveOptions(undefined, undefined, {}), strict: false };
  const plan =
    args.kustomize === 'auto' || args.helm === 'auto'
      ? planBuilds(
          args.paths,
          // The config's `exclude` covers kustomizations and charts too, as in the editor.
          walked.files.filter((file) => !isExcludedBy(configs.forFile(file), file)),
          { kustomize: args.kustomize === 'auto', helm: args.helm === 'auto' },
          { ...noValuesFlags(), configured: configuredCharts(configs) },
        )
      : undefined;
  const take = (file: string, text: string, name: string) => {
    const lint = lintFile(text, scope);
    for (const n of lint.notAnalyzed) notAnalysed.push({ file, reason: n.message });
    for (const f of lint.findings) {
      // A document the parser rejected has no objects: the map would silently miss them.
      if (f.ruleId === 'yaml-syntax') notAnalysed.push({ file, reason: `YAML error, objects of this document are missing: ${f.message}` });
    }
    index.setFileText(name, text);
  };
  for (const file of walked.files) {
    if (isConfigFile(file) || isExcludedBy(configs.forFile(file), file) || plan?.parts.has(file)) continue;
    let decoded;
    try {
      decoded = decodeBytes(fs.readFileSync(file));
    } catch (e) {
      notAnalysed.push({ file, reason: `cannot read: ${(e as Error).message}` });
      continue;
    }
    if (!('text' in decoded)) {
      notAnalysed.push({ file, reason: decoded.skipped.message });
      continue;
    }
    take(file, decoded.text, file);
  }
  for (const build of plan?.builds ?? []) {
    for (const p of build.result.problems)
      notAnalysed.push({ file: p.origin?.file ?? build.file, reason: `build of ${build.label} is incomplete: ${p.message}` });
    take(build.file, build.built.text, build.indexName);
  }
  // Objects of a build are indexed under `<root>#build`: their map locations are moved to the
  // base, patch, template or values file that wrote them, as scan places its findings.
  const placeLocs = (value: unknown) => {
    if (plan && plan.builds.length > 0) placeBuiltLocs(value, plan.builtOf, readSourceText);
  };
  return { index, notAnalysed, placeLocs, buildsRead: plan?.read ?? new Set() };
}

/** A build part's text for placement (the parts were read by the build: inside the scanned tree). */
function readSourceText(file: string): string | undefined {
  try {
    const decoded = decodeBytes(fs.readFileSync(file));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only one namespace: its workloads, the edges the view draws (`namespaceEdges`: those
 * touching them, and the one-sided edges of the other workloads these bring in) and the
 * entries and groups they touch; RBAC: bindings in it or concerning its accounts (`rbacInNamespace`).
 */
function inNamespace(map: SecurityMap, ns: string): SecurityMap {
  const edges = namespaceEdges(map, ns);
  const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
  return {
    ...map,
    namespaces: map.namespaces.filter((n) => n.name === ns),
    workloads: map.workloads.filter((w) => w.namespace === ns || touched.has(w.id)),
    entries: map.entries.filter((e) => touched.has(e.id)),
    groups: map.groups.filter((g) => touched.has(g.id)),
    edges,
    rbac: rbacInNamespace(map.rbac, ns),
  };
}

/**
 * `kube-guardrails report`: the security map as a page, tables or JSON, or a reachability
 * verdict. Exit codes: 0 written (query: reachable), 1 (query only) not reachable, 2 when
 * something could not be read into the map (the report still lists it) or a usage error.
 */
export function reportCommand(args: ReportArgs, io: CliIO): number {
  // The configs as scan reads them: an unreadable or invalid one stops before any output.
  const configs = new CliConfigs(args);
  if (configs.explicitReadError) {
    io.stderr(`kube-guardrails: --config: ${escapeControl(configs.explicitReadError)}\n`);
    return 2;
  }
  const walked = collectFiles(args.paths);
  for (const file of walked.files) configs.forFile(file);
  if (configsInvalid(configs, io.stderr)) return 2;
  const { index, notAnalysed, placeLocs, buildsRead } = readWorkspace(args, walked, configs);
  // What --output must not overwrite: the walked files, what the builds read (a chart's helpers, a patch) and the configs.
  const read = [...walked.files, ...buildsRead, ...configs.filesRead()];
  // Everything missing from the answer: what could not be read, documents the index could not
  // take in, and the map's own limits (buildSecurityMap adds the last two).
  const incomplete = (missing: NotAnalysed) => {
    for (const n of missing) io.stderr(`kube-guardrails: ${escapeControl(n.file)}: ${escapeControl(n.reason)}\n`);
    return missing.length > 0;
  };
  if (args.from !== undefined && args.to !== undefined) {
    let verdict;
    try {
      verdict = reachability(index, args.from, args.to, args.port);
      placeLocs(verdict);
    } catch (e) {
      io.stderr(`kube-guardrails report: ${escapeControl((e as Error).message)}\n`);
      return 2;
    }
    io.stdout(inertControls(reachabilityText(verdict)));
    if (incomplete([...notAnalysed, ...indexFailures(index)])) return 2;
    return verdict.allowed ? 0 : 1;
  }
  const full = buildSecurityMap(index, notAnalysed);
  placeLocs(full);
  if (args.namespace !== undefined && !full.namespaces.some((n) => n.name === args.namespace)) {
    io.stderr(`kube-guardrails report: no namespace "${escapeControl(args.namespace)}" in the files read\n`);
    return 2;
  }
  const map = args.namespace === undefined ? full : inNamespace(full, args.namespace);
  const text =
    args.format === 'json'
      ? `${JSON.stringify(map, null, 2)}\n`
      : args.format === 'markdown'
        ? inertControls(mapMarkdown(map))
        : inertControls(mapHtml(map, args.namespace));
  if (args.output !== undefined) {
    const problem = writeOutputFile(args.output, text, read);
    if (problem !== undefined) {
      io.stderr(`kube-guardrails report: --output ${escapeControl(args.output)}: ${escapeControl(problem)}\n`);
      return 2;
    }
  } else io.stdout(text);
  return incomplete(map.notAnalysed) ? 2 : 0;
}

/**
 * Control characters of workspace names (a policy named with an escape sequence) shown
 * escaped, as scan shows them, so a report printed to a terminal cannot drive it; the
 * report's own line breaks stay. JSON needs none of this: JSON.stringify escapes them.
 */
function inertControls(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}
