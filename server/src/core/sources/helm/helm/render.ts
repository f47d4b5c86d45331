/**
 * `helm template` in-process: loads the chart, computes values, parses every template once
 * (define precedence as Helm orders them), executes each non-partial template, splits and
 * orders the documents as Helm does, and assembles Helm's output. Each document carries a
 * source map back to template text, template actions and values keys.
 */
import type { BuildProblem, BuildResult, SourceFiles } from '../../types';
import { GoTemplateError, Executor, lineCol, type NamedTemplate } from '../template/exec';
import { Output, OutputLimitError } from '../template/output';
import { TemplateSyntaxError, type parseTemplate } from '../template/parser';
import { TemplateExecError, isMap, newMap, type GoMap } from '../template/values';
import { deepCopy } from '../sprig/collections';
import { loadChart, type Chart } from './chart';
import { ChartLoadError } from './loadErrors';
import { HELM_ERR, helmFuncs } from './funcs';
import { capabilitiesObject, chartObject, filesObject } from './objects';
import { manifestHead, orderManifests, type RenderedFile } from './manifests';
import { HelmProvenance, ValuesOrigins } from './provenance';
import { compileSchema, validateSchemas } from './schema';
import { userValues } from './userValues';
import { coalesce, importValues, processDependencies } from './values';
import { RenderCache } from './renderCache';

export interface RenderOptions {
  releaseName?: string | undefined;
  namespace?: string | undefined;
  kubeVersion?: string | undefined;
  apiVersions?: string[] | undefined;
  /** `-f` files, read through the same SourceFiles. */
  valuesFiles?: string[] | undefined;
  /** `--set` expressions. */
  set?: string[] | undefined;
  /** `--set-string` expressions (every value a string). */
  setString?: string[] | undefined;
  /** `--set-json` expressions (`key=<json>`, or a whole JSON object). */
  setJson?: string[] | undefined;
  /** `--set-file` expressions (`key=<path>`; the path is read through the same SourceFiles). */
  setFile?: string[] | undefined;
  /** `--set-literal` expressions (`key=<the rest, as it is>`). */
  setLiteral?: string[] | undefined;
  /**
   * Values options applied before the ones above, each layer in helm's order: any flag above
   * beats any entry of a layer (a config's `helm.charts` values under the command line's flags).
   */
  valuesLayers?: ValuesOptions[] | undefined;
  includeCrds?: boolean | undefined;
  /** Seed of the deterministic stand-ins for random functions. */
  seed?: number | undefined;
  timeBudgetMs?: number | undefined;
  maxOutput?: number | undefined;
  /** What earlier renders parsed (templates, YAML): only files whose text changed are parsed again. */
  cache?: RenderCache | undefined;
}

/** The options that give the chart its user values (helm's `-f` and `--set*` flags). */
export type ValuesOptions = Pick<RenderOptions, 'valuesFiles' | 'set' | 'setString' | 'setJson' | 'setFile' | 'setLiteral'>;

export interface RenderResult extends BuildResult {
  /** What `helm template` prints on stdout (empty when the render failed). */
  output: string;
  /** Helm's error message when the render failed, e.g. "execution error at (...): ...". */
  error?: string | undefined;
}

/**
 * Nesting limit of template calls (include/template/tpl). Helm allows 1000 nested includes;
 * real charts nest a few dozen, and a lower bound keeps well clear of the JS stack.
 */
const MAX_INCLUDE_DEPTH = 200;

interface Job {
  chart: Chart;
  path: string;
  values: GoMap;
  file: { name: string; path: string; text: string };
}

export function renderChart(files: SourceFiles, chartDir: string, opts: RenderOptions = {}): RenderResult {
  const problems: BuildProblem[] = [];
  const read = new Set<string>();
  const fail = (message: string, origin?: BuildProblem['origin']): RenderResult => {
    problems.push({ message, origin });
    return { documents: [], problems, filesRead: [...read], output: '', error: message };
  };
  // A render without a cache still gets one of its own: charts read the same text more than
  // once in a render (istio-base runs fromYaml twice on each 100 KB CRD).
  const cache = opts.cache ?? new RenderCache();
  cache.begin();
  const yaml = cache.readYaml;
  let chart: Chart | undefined;
  try {
    chart = loadChart(files, chartDir, problems, read, { yaml });
  } catch (e) {
    if (!(e instanceof ChartLoadError)) throw e;
    return fail(e.message, e.file === undefined ? undefined : { file: e.file, range: { start: 0, end: 0 }, via: { kind: 'literal' } });
  }
  if (!chart) return fail(problems.pop()?.message ?? 'chart not loaded');

  const given = userValues(files, opts, yaml, read);
  if ('error' in given) return fail(given.error);
  const user = given.values;
  const userFiles = given.files;
  const missing = processDependencies(chart, user);
  for (const m of missing) problems.push({ message: `found in Chart.yaml, but missing in charts/ directory: ${m}` });
  importValues(chart);
  const values = coalesce(chart, deepCopy(user) as GoMap);
  const schemaError = validateSchemas(chart, values, problems, (text) => cache.memo('schema', text, compileSchema));
  if (schemaError) return fail(schemaError);

  const release = Object.assign(newMap(), {
    Name: opts.releaseName ?? 'release-name',
    Namespace: opts.namespace ?? 'default',
    IsInstall: true,
    IsUpgrade: false,
    Revision: 1n,
    Service: 'Helm',
  });
  const caps = capabilitiesObject(opts.kubeVersion ?? '1.33', opts.apiVersions ?? []);
  const jobs: Job[] = [];
  const collect = (c: Chart, path: string, vals: GoMap) => {
    for (const file of c.templates) jobs.push({ chart: c, path, values: vals, file });
    for (const sub of c.subcharts) collect(sub, `${path}/charts/${sub.name}`, isMap(vals[sub.name]) ? (vals[sub.name] as GoMap) : newMap());
  };
  collect(chart, chart.name, values);
  // Helm parses deepest paths first (reverse lexical within a depth): later defines win.
  const keys = new Map(jobs.map((j) => [j, { name: `${j.path}/${j.file.name}`, depth: `${j.path}/${j.file.name}`.split('/').length }]));
  jobs.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return kb.depth - ka.depth || (ka.name < kb.name ? 1 : ka.name > kb.name ? -1 : 0);
  });

  const templates = new Map<string, NamedTemplate>();
  const parsed = new Map<string, ReturnType<typeof parseTemplate>>();
  for (const job of jobs) {
    const name = `${job.path}/${job.file.name}`;
    try {
      const t = cache.parse(name, job.file.path, job.file.text);
      parsed.set(name, t);
      templates.set(name, { body: t.root, tmpl: t });
      for (const [n, body] of t.defines) templates.set(n, { body, tmpl: t });
    } catch (e) {
      // Go's parser nests as deep as memory allows (only parentheses are capped, at 10,000); ours
      // is bounded by the JavaScript stack: a template nested deeper fails, never crashes.
      if (isStackOverflow(e))
        return fail(`parse error at (${name}): template nested too deeply to parse`, {
          file: job.file.path,
          range: { start: 0, end: 0 },
          via: { kind: 'template-action' },
        });
      if (!(e instanceof TemplateSyntaxError)) throw e;
      const { line } = lineCol(job.file.text, e.pos);
      // Helm's cleanupParseError keeps only the last ": "-separated part of Go's message.
      return fail(`parse error at (${name}:${line}): ${e.message.split(': ').pop() ?? ''}`, {
        file: job.file.path,
        range: { start: e.pos, end: e.pos },
        via: { kind: 'template-action' },
      });
    }
  }

  const exec = new Executor(helmFuncs(opts.seed ?? 1, { yaml, parse: cache.parseText }), templates, {
    maxDepth: MAX_INCLUDE_DEPTH,
    maxOutput: opts.maxOutput ?? 50_000_000,
    deadline: Date.now() + (opts.timeBudgetMs ?? 30_000),
  });
  const pathsRegistered = new WeakSet<object>();
  registerPaths(exec, pathsRegistered, values, []);
  const subcharts = newMap();
  const rendered: RenderedFile[] = [];
  const fileOf = new Map<string, string>();
  const tops = new Map<string, GoMap>();
  for (const job of jobs) {
    const name = `${job.path}/${job.file.name}`;
    fileOf.set(name, job.file.path);
    const base = job.file.name.slice(job.file.name.lastIndexOf('/') + 1);
    if (base.startsWith('_') || job.file.name === 'templates/NOTES.txt') continue;
    // One top-level map per chart, shared by its templates as Helm shares it: a template that
    // replaces `.Values` (istio's zzz_profile.yaml does) changes what later templates see.
    let top = tops.get(job.path);
    if (!top) {
      top = Object.assign(newMap(), {
        Values: job.values,
        Release: release,
        Chart: chartObject(job.chart.metadata, job.chart.name, job.chart === chart),
        Capabilities: caps,
        Files: filesObject(job.chart.files),
        Subcharts: subcharts,
      });
      tops.set(job.path, top);
    }
    top.Template = Object.assign(newMap(), { Name: name, BasePath: `${job.path}/templates` });
    const out = new Output(exec.limits.maxOutput);
    const t = parsed.get(name)!;
    try {
      exec.run(t.root, t, name, { v: top }, out);
    } catch (e) {
      const msg = helmMessage(e);
      if (msg === undefined) throw e;
      const origin =
        e instanceof GoTemplateError
          ? {
              file: fileOfTemplate(e.templateFile, fileOf, jobs),
              range: { start: e.pos, end: e.pos },
              via: { kind: 'template-action' as const },
            }
          : undefined;
      return fail(msg, origin);
    }
    rendered.push({ name, text: out.text(), segments: out.segments });
  }

  let ordered;
  try {
    ordered = orderManifests(rendered, (c) => cache.memo('head', c, manifestHead));
  } catch (e) {
    return fail((e as Error).message);
  }
  const origins = new ValuesOrigins(chart, userFiles, given.set);
  let output = '';
  try {
    if (opts.includeCrds) for (const c of crdsOf(chart, chart.name)) output += `---\n# Source: ${c.name}\n${c.text}\n`;
  } catch (e) {
    // A CRD file leading outside the folder (chart.ts): never read.
    if (!(e instanceof TemplateExecError)) throw e;
    return fail(e.message);
  }
  const documents = ordered.map((m) => {
    output += `---\n# Source: ${m.name}\n${m.content}\n`;
    return {
      text: m.content,
      provenance: new HelmProvenance(m.content, m.segments, (name) => fileOfTemplate(name, fileOf, jobs), origins),
    };
  });
  cache.sweep();
  return { documents, problems, filesRead: [...read], output };
}

function crdsOf(c: Chart, path: string): { name: string; text: string }[] {
  return [
    ...c.crds.map((f) => ({ name: `${path}/${f.name}`, text: f.text })),
    ...c.subcharts.flatMap((s) => crdsOf(s, `${path}/charts/${s.name}`)),
  ];
}

function fileOfTemplate(name: string, fileOf: Map<string, string>, jobs: Job[]): string {
  return fileOf.get(name) ?? jobs.find((j) => `${j.path}/${j.file.name}` === name)?.file.path ?? name;
}

/** Gives the executor each values map's and list's path. */
function registerPaths(exec: Executor, seen: WeakSet<object>, v: unknown, path: (string | number)[]): void {
  if (!(Array.isArray(v) || isMap(v)) || seen.has(v)) return;
  seen.add(v);
  exec.objectPaths.set(v, path);
  if (Array.isArray(v)) v.forEach((x, i) => registerPaths(exec, seen, x, [...path, i]));
  else for (const k of Object.keys(v)) registerPaths(exec, seen, v[k], [...path, k]);
}

/** The message `helm template` prints (after "Error: ") for a render failure; undefined for a defect. */
function helmMessage(e: unknown): string | undefined {
  if (e instanceof GoTemplateError) {
    const i = e.message.indexOf(HELM_ERR);
    if (i >= 0) {
      const loc = /^template: ([^ ]+:\d+:\d+): /.exec(e.message)?.[1] ?? '';
      const inner = e.message.slice(i + HELM_ERR.length, e.message.indexOf(HELM_ERR, i + HELM_ERR.length));
      return `execution error at (${loc}): ${inner}`;
    }
    return e.message;
  }
  if (e instanceof OutputLimitError || e instanceof TemplateExecError) return e.message;
  if (isStackOverflow(e)) return 'rendering exceeded the maximum nesting depth';
  // Any other RangeError is a defect of ours (a bad code point, a string too long): an error, never a crash.
  if (e instanceof RangeError) return `rendering failed: ${e.message}`;
  return undefined;
}

/** V8's "Maximum call stack size exceeded". */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('call stack');
}
