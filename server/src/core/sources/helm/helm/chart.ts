/**
 * Loads a chart directory through `SourceFiles` (never the file system directly): Chart.yaml,
 * values.yaml, templates/, crds/, other files (for .Files), and subcharts under charts/
 * (directories and `.tgz` archives, see archive.ts). `.helmignore` rules are applied.
 */
import { compileGlobs } from '../../../config/globs';
import type { BuildProblem, SourceFiles } from '../../types';
import { isMap, TemplateExecError, type GoMap } from '../template/values';
import { archiveFiles, ArchiveError, readChartArchive } from './archive';
import { ChartLoadError, parseMap, parseRequirements, readChartYaml, unreadableFile } from './loadErrors';
import { readYaml } from './yaml';
import { validateMetadata } from './chartMetadata';

export interface ChartFile {
  name: string;
  path: string;
  text: string;
  /**
   * A link leading outside the folder (a file or a folder): Helm reads it, we never do. Reading
   * its text, or a `.Files` name or glob that may reach under it, fails the render then.
   */
  outside?: string | undefined;
}

export interface Dependency {
  name: string;
  alias?: string | undefined;
  condition?: string | undefined;
  tags: string[];
  importValues: unknown[];
}

export interface Chart {
  /** The chart's name as Helm uses it (its alias when a parent aliased it). */
  name: string;
  dir: string;
  metadata: GoMap;
  values: GoMap;
  valuesFile?: string | undefined;
  valuesText?: string | undefined;
  templates: ChartFile[];
  crds: ChartFile[];
  /** Every other file, by chart-relative name (for .Files). */
  files: ChartFile[];
  dependencies: Dependency[];
  subcharts: Chart[];
  schema?: string | undefined;
}

/** A chart file whose text is read on first use (an unreadable file by then reads as empty). */
function lazyFile(files: SourceFiles, name: string, path: string): ChartFile {
  let text: string | undefined;
  return {
    name,
    path,
    get text(): string {
      text ??= files.read(path) ?? '';
      return text;
    },
  };
}

/** A `.Files` entry leading outside the folder: the render fails only when a template reads it. */
function outsideFile(name: string, path: string, message: string): ChartFile {
  return {
    name,
    path,
    outside: message,
    get text(): string {
      throw new TemplateExecError(message);
    },
  };
}

function join(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : dir.replace(/\/$/, '') + '/' + name;
}

type Ignore = (rel: string, isDir: boolean) => boolean;

/** Helm's .helmignore: basename or path globs, `dir/` for directories, `!` negation. */
function helmIgnore(text: string | undefined): Ignore {
  const rules = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      let p = negate ? l.slice(1) : l;
      const dirOnly = p.endsWith('/');
      if (dirOnly) p = p.slice(0, -1);
      p = p.replace(/^\//, '');
      // filepath.Match-style glob: `*` and `?` never cross '/'; no braces or extglobs.
      return { negate, dirOnly, hasSlash: p.includes('/'), match: compileGlobs([p]) };
    });
  return (rel, isDir) => {
    if (rel === '.helmignore') return true;
    let ignored = false;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      const target = r.hasSlash ? rel : rel.slice(rel.lastIndexOf('/') + 1);
      if (r.match(target)) ignored = !r.negate;
    }
    return ignored;
  };
}

/** All files under `dir`, chart-relative names, sorted (Helm loads in lexical order). */
function walk(files: SourceFiles, dir: string, rel: string, out: string[], ignore: Ignore, depth = 0): void {
  if (depth > 20) return;
  const at = join(dir, rel);
  // With listEntries each entry comes with its kind: no file check per file (a large chart has hundreds).
  const entries = files.listEntries ? files.listEntries(at) : files.list(at)?.map((name) => ({ name, isDirectory: undefined }));
  if (!entries) return;
  for (const { name: e, isDirectory } of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = rel ? rel + '/' + e : e;
    const isDir = isDirectory ?? files.isDirectory(join(dir, r));
    if (ignore(r, isDir)) continue;
    if (isDir) {
      if (!rel && e === 'charts') continue;
      walk(files, dir, r, out, ignore, depth + 1);
    } else out.push(r);
  }
}

/**
 * A packaged subchart, read as a directory of its own entries (paths `<archive>/<name>`).
 * Helm applies `.helmignore` when packaging, never when loading an archive, and neither do we.
 */
function loadArchive(
  files: SourceFiles,
  archive: string,
  problems: BuildProblem[],
  read: Set<string>,
  opts: LoadOptions,
): Chart | undefined {
  const bytes = files.readBytes?.(archive);
  const origin = { file: archive, range: { start: 0, end: 0 }, via: { kind: 'literal' as const } };
  if (bytes === undefined) {
    problems.push({ message: `${archive}: packaged subchart could not be read`, origin });
    return undefined;
  }
  read.add(archive);
  let inner: SourceFiles;
  try {
    inner = archiveFiles(archive, readChartArchive(bytes));
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    problems.push({ message: `${archive}: ${e.message}`, origin });
    return undefined;
  }
  const innerRead = new Set<string>();
  return loadChart(inner, archive, problems, innerRead, { ...opts, archive: true });
}

export interface LoadOptions {
  /** An archive's entries: `.helmignore` was applied when it was packaged, not now. */
  archive?: boolean | undefined;
  /** How YAML is read (a RenderCache's memo); readYaml by default. */
  yaml?: ((text: string) => unknown) | undefined;
}

export function loadChart(
  files: SourceFiles,
  dir: string,
  problems: BuildProblem[],
  read: Set<string>,
  opts: LoadOptions = {},
): Chart | undefined {
  const yaml = opts.yaml ?? readYaml;
  // The folder's own entries, listed as Helm walks them: a listed Chart.yaml or values.yaml that
  // cannot be read fails the load; one not listed is absent.
  const top = new Set(files.list(dir) ?? []);
  const chartYamlPath = join(dir, 'Chart.yaml');
  const chartYaml = readChartYaml(files, chartYamlPath, 'Chart.yaml', top.has('Chart.yaml'));
  if (chartYaml === undefined) {
    problems.push({ message: `${dir}: Chart.yaml file is missing` });
    return undefined;
  }
  read.add(chartYamlPath);
  const metadata = parseMap(chartYaml, chartYamlPath, yaml, 'Chart.yaml');
  validateMetadata(metadata, chartYamlPath);
  const valuesPath = join(dir, 'values.yaml');
  const valuesText = readChartYaml(files, valuesPath, 'values.yaml', top.has('values.yaml'));
  if (valuesText !== undefined) read.add(valuesPath);
  const values = parseMap(valuesText, valuesPath, yaml, 'values.yaml');
  const all: string[] = [];
  walk(files, dir, '', all, opts.archive ? () => false : helmIgnore(files.read(join(dir, '.helmignore'))));
  const chart: Chart = {
    name: String(metadata.name ?? ''),
    dir,
    metadata,
    values,
    valuesFile: valuesText !== undefined ? valuesPath : undefined,
    valuesText,
    templates: [],
    crds: [],
    files: [],
    dependencies: [],
    subcharts: [],
  };
  for (const rel of all) {
    if (rel === 'Chart.yaml' || rel === 'values.yaml' || rel === 'requirements.lock' || rel === 'Chart.lock') continue;
    const path = join(dir, rel);
    const isData = !rel.startsWith('templates/') && rel !== 'values.schema.json' && rel !== 'requirements.yaml';
    /** A listed file that does not read: a `.Files`/`crds/` entry leading outside stays, unread; any other fails the load. */
    const unreadable = (): void => {
      const why = unreadableFile(files, path, rel);
      if (!why) return;
      // A template leading outside fails closed: we never read it, and rendering without it would not be Helm's render.
      if (!why.outside || !isData) throw new ChartLoadError(why.message);
      const f = outsideFile(rel, path, why.message);
      if (rel.startsWith('crds/')) chart.crds.push(f);
      chart.files.push(f);
    };
    if (files.isFile && isData) {
      // `.Files` and `crds/`: read when a template or --include-crds asks (kube-prometheus-stack
      // carries 5 MB of CRDs that a render without --include-crds never reads); known to be
      // readable now, so the chart's files and the files read are what reading them would give.
      if (!files.isFile(path)) {
        unreadable();
        continue;
      }
      read.add(path);
      const f = lazyFile(files, rel, path);
      if (rel.startsWith('crds/')) chart.crds.push(f);
      chart.files.push(f);
      continue;
    }
    const text = files.read(path);
    if (text === undefined) {
      unreadable();
      continue;
    }
    read.add(path);
    if (rel === 'values.schema.json') {
      chart.schema = text;
      continue;
    }
    if (rel === 'requirements.yaml') {
      metadata.dependencies ??= parseRequirements(text, path, problems, yaml).dependencies;
      continue;
    }
    const f = { name: rel, path, text };
    if (rel.startsWith('templates/')) chart.templates.push(f);
    else {
      if (rel.startsWith('crds/')) chart.crds.push(f);
      chart.files.push(f);
    }
  }
  const deps = Array.isArray(metadata.dependencies) ? metadata.dependencies : [];
  for (const d of deps) {
    if (!isMap(d)) continue;
    chart.dependencies.push({
      name: String(d.name ?? ''),
      alias: typeof d.alias === 'string' && d.alias ? d.alias : undefined,
      condition: typeof d.condition === 'string' ? d.condition : undefined,
      tags: Array.isArray(d.tags) ? d.tags.map(String) : [],
      importValues: Array.isArray(d['import-values']) ? d['import-values'] : [],
    });
  }
  const chartsDir = join(dir, 'charts');
  for (const e of [...(files.list(chartsDir) ?? [])].sort()) {
    const p = join(chartsDir, e);
    if (files.isDirectory(p)) {
      const sub = loadChart(files, p, problems, read, { yaml: opts.yaml });
      if (sub) chart.subcharts.push(sub);
    } else if (e.endsWith('.tgz')) {
      const sub = loadArchive(files, p, problems, read, opts);
      if (sub) chart.subcharts.push(sub);
    }
  }
  return chart;
}
