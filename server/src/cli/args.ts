import { parsePssVersion } from '../core/engine/options';
import { pushAll } from '../core/arrays';
import type { PssLevel } from '../core/types';
import { takeValue, UsageError } from './argv';
import { parseReportArgs, REPORT_COMMANDS, REPORT_OPTIONS, type ReportArgs } from './reportArgs';
import { checkOutputArgs, DEFAULT_OUTPUT_ARGS, parseOutputFlag, type OutputArgs } from './outputArgs';
import { parseShard, type Shard } from './shard';
import { noValuesFlags, takeValuesFlag, type ValuesFlags } from './valuesFlags';

export type OutputFormat = 'stylish' | 'json' | 'sarif' | 'github';

export interface ScanArgs extends OutputArgs, ValuesFlags {
  command: 'scan';
  paths: string[];
  format: OutputFormat;
  profile?: PssLevel;
  pssVersion?: number;
  config?: string;
  noConfig: boolean;
  /** Strict mode: ignore inline suppression comments and annotations. */
  disableInlineSuppressions: boolean;
  /** `auto`: directories holding a kustomization are analysed as their build; `off`: every file alone. */
  kustomize: 'auto' | 'off';
  /** `auto`: a folder with Chart.yaml is rendered like `helm template` and its objects analysed; `off`: not. */
  helm: 'auto' | 'off';
  /** `scan -`: the name standard input goes by (config lookup, reports); default `<stdin>`. */
  stdinFilename?: string;
  /** `--jobs N`: threads for the per-file analysis (main + N-1 workers); undefined: the cores, for scans of 200+ files. */
  jobs?: number;
  /** `--shard i/n`: report only this shard's files (every file is still indexed). */
  shard?: Shard;
}

export interface RulesArgs {
  command: 'rules';
  format: 'text' | 'json';
  config?: string;
  noConfig: boolean;
}

/** `render <dir>`: `helm template`'s flags, for a chart; none apply to a kustomization. */
export interface RenderArgs extends ValuesFlags {
  command: 'render';
  dir: string;
  releaseName: string;
  namespace: string;
  kubeVersion?: string | undefined;
  apiVersions: string[];
  includeCrds: boolean;
}

/** `init [dir] [--force]`: write a starter config file. */
export interface InitArgs {
  command: 'init';
  dir: string;
  force: boolean;
}

export type CliArgs = ScanArgs | RulesArgs | RenderArgs | ReportArgs | InitArgs | { command: 'help' } | { command: 'version' };

export { UsageError };

/** Parses argv (without node and script). Throws UsageError with a user-facing message. */
export function parseArgs(argv: string[]): CliArgs {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'rules') {
    const out: RulesArgs = { command: 'rules', format: 'text', noConfig: false };
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      if (arg === undefined) break;
      const flag = arg.split('=')[0];
      if (flag === '--format') {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format for rules must be text or json, not "${v}"`);
        out.format = v;
      } else if (flag === '--config') {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        out.config = v;
      } else if (arg === '--no-config') out.noConfig = true;
      else throw new UsageError(`unknown option for rules: ${arg}`);
    }
    if (out.noConfig && out.config !== undefined) throw new UsageError('--config and --no-config cannot be used together');
    return out;
  }
  if (command === 'render') return parseRenderArgs(rest);
  if (command === 'report') return parseReportArgs(rest);
  if (command === 'init') return parseInitArgs(rest);
  if (command !== 'scan') throw new UsageError(`unknown command "${command}" (expected scan, render, report, rules or init)`);
  const out: ScanArgs = {
    command: 'scan',
    paths: [],
    format: 'stylish',
    noConfig: false,
    disableInlineSuppressions: false,
    kustomize: 'auto',
    helm: 'auto',
    ...noValuesFlags(),
    ...DEFAULT_OUTPUT_ARGS,
  };
  let onlyPaths = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === undefined) break;
    if (onlyPaths || !a.startsWith('-') || a === '-') {
      out.paths.push(a);
      continue;
    }
    if (a === '--') {
      onlyPaths = true;
      continue;
    }
    const flag = a.split('=')[0];
    switch (flag) {
      case '--format':
      case '-f': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (v !== 'stylish' && v !== 'json' && v !== 'sarif' && v !== 'github') {
          throw new UsageError(`--format must be stylish, json, sarif or github, not "${v}"`);
        }
        out.format = v;
        break;
      }
      case '--profile': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (v !== 'baseline' && v !== 'restricted') throw new UsageError(`--profile must be baseline or restricted, not "${v}"`);
        out.profile = v;
        break;
      }
      case '--pss-version': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        const n = parsePssVersion(v);
        if (n === undefined) throw new UsageError(`--pss-version must be latest or v1.N (for example v1.30), not "${v}"`);
        out.pssVersion = n;
        break;
      }
      case '--config': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        out.config = v;
        break;
      }
      case '--no-config':
        out.noConfig = true;
        break;
      case '--disable-inline-suppressions':
        out.disableInlineSuppressions = true;
        break;
      case '--stdin-filename': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        out.stdinFilename = v;
        break;
      }
      case '--helm': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (v !== 'auto' && v !== 'off') throw new UsageError(`--helm must be auto or off, not "${v}"`);
        out.helm = v;
        break;
      }
      case '--jobs':
      case '-j': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (!/^\d{1,4}$/.test(v) || Number(v) < 1) throw new UsageError(`--jobs must be a whole number from 1, not "${v}"`);
        out.jobs = Number(v);
        break;
      }
      case '--shard': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        const shard = parseShard(v);
        if (!shard) throw new UsageError(`--shard must be i/n with 1 <= i <= n (for example 2/4), not "${v}"`);
        out.shard = shard;
        break;
      }
      case '--kustomize': {
        const [v, j] = takeValue(rest, i, flag);
        i = j;
        if (v !== 'auto' && v !== 'off') throw new UsageError(`--kustomize must be auto or off, not "${v}"`);
        out.kustomize = v;
        break;
      }
      default: {
        const j = takeValuesFlag(flag ?? a, rest, i, out, false) ?? parseOutputFlag(flag ?? a, rest, i, out);
        if (j === undefined) throw new UsageError(`unknown option ${a}`);
        i = j;
      }
    }
  }
  if (out.paths.length === 0) throw new UsageError('scan needs at least one file or directory');
  if (out.noConfig && out.config !== undefined) throw new UsageError('--config and --no-config cannot be used together');
  checkOutputArgs(out, out.paths);
  return out;
}

function parseInitArgs(rest: string[]): InitArgs {
  const dirs = rest.filter((a) => a !== '--force');
  const unknown = dirs.find((a) => a.startsWith('-'));
  if (unknown !== undefined) throw new UsageError(`unknown option for init: ${unknown}`);
  if (dirs.length > 1) throw new UsageError('init takes at most one directory');
  return { command: 'init', dir: dirs[0] ?? '.', force: rest.includes('--force') };
}

/** helm's flag names; -f and --api-versions split at commas as helm's string-slice flags do. */
function parseRenderArgs(rest: string[]): RenderArgs {
  const out: RenderArgs = {
    command: 'render',
    dir: '',
    ...noValuesFlags(),
    releaseName: 'release-name',
    namespace: 'default',
    apiVersions: [],
    includeCrds: false,
  };
  const dirs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === undefined) break;
    if (!a.startsWith('-')) {
      dirs.push(a);
      continue;
    }
    const flag = a.split('=')[0] ?? a;
    if (flag === '--include-crds') {
      out.includeCrds = true;
      continue;
    }
    const valuesEnd = takeValuesFlag(flag, rest, i, out, true);
    if (valuesEnd !== undefined) {
      i = valuesEnd;
      continue;
    }
    const known = ['--api-versions', '-a', '--release-name', '--namespace', '-n', '--kube-version'].includes(flag);
    if (!known) throw new UsageError(`unknown option for render: ${a}`);
    const [v, j] = takeValue(rest, i, flag);
    i = j;
    if (flag === '--api-versions' || flag === '-a') pushAll(out.apiVersions, v.split(','));
    else if (flag === '--release-name') out.releaseName = v;
    else if (flag === '--kube-version') out.kubeVersion = v;
    else out.namespace = v;
  }
  if (dirs.length !== 1) throw new UsageError('render needs exactly one chart or kustomization directory');
  out.dir = dirs[0]!;
  return out;
}

export const USAGE = `Usage:
  kube-guardrails scan [options] <path...>   scan files or directories (*.yaml, *.yml); - reads standard input
  kube-guardrails rules [--format text|json] [--config <file> | --no-config]
                                             list every rule, with the config's custom rules
  kube-guardrails render [options] <dir>     print what a Helm chart (like \`helm template\`) or a
                                             kustomization (like \`kubectl kustomize\`) produces
${REPORT_COMMANDS}
  kube-guardrails init [--force] [<dir>]     write a commented starter .kube-guardrails.yaml in <dir>
                                             (default .); an existing one is kept unless --force

Scan options:
  -f, --format stylish|json|sarif|github
                                    output format (default stylish); github: workflow-command
                                    annotations (::error file=...,line=...::message)
  --profile baseline|restricted     Pod Security Standards level to check (default restricted)
  --pss-version latest|v1.N         Pod Security policy version (default latest)
  --config <file>                   use this config file for every scanned file
  --no-config                       ignore any .kube-guardrails.yaml
  --disable-inline-suppressions     ignore suppression comments and annotations
  --kustomize auto|off              auto (default): a folder with a kustomization is analysed as
                                    what it builds, findings placed in the files that wrote them;
                                    off: every file is analysed on its own
  --helm auto|off                   auto (default): a folder with Chart.yaml is rendered like
                                    helm template and its objects analysed, findings placed on
                                    the template line or values key; off: charts are not rendered
  --values <file>, --set, --set-string, --set-json, --set-file, --set-literal <key=value>
                                    values for the charts rendered (each may repeat), as helm
                                    template's flags; --values and --set-file files are read
                                    where they are
  --stdin-filename <path>           the name standard input (-) goes by: config lookup and reports
  --fix                             apply every verified fix in place (as the editor's fix-all),
                                    then report what remains; not with - (standard input)
  --fix-dry-run                     print the verified fixes as a unified diff instead of the
                                    report (a patch for git apply); change nothing; exit as
                                    --fix would
  --fail-on error|warning|info      exit 1 when a finding at or above this severity remains
                                    (default error)
  --max-warnings <n>                exit 1 when more than n warnings remain
  --quiet                           report error-severity findings only (the exit code still
                                    counts every finding)
  -o, --output <file>               write the report to <file> instead of standard output
  -j, --jobs <N>                    threads analysing files: the main one and N-1 workers
                                    (default and most: one per core; no worker for scans under
                                    200 files by default, where starting one costs more than it
                                    saves); the output is the same for any N; --fix analyses
                                    in one thread
  --shard <i/n>                     CI sharding: report only shard i of n (files assigned by a
                                    hash of their path; every file is still read for the
                                    cross-file rules); the shards' reports together are one scan's
A stylish scan running over a second shows its progress on stderr when that is a terminal.

Render options (charts; helm template's flags, each may repeat):
  -f, --values <file>               values file (read inside <dir> only)
  --set, --set-string, --set-json, --set-file, --set-literal <key=value>
  --release-name <name>             release name (default release-name)
  -n, --namespace <ns>              release namespace (default default)
  --kube-version <v>                Kubernetes version for .Capabilities (default 1.33)
  -a, --api-versions <group/version>  extra API versions for .Capabilities
  --include-crds                    print the charts' crds/ too
Nothing is fetched and nothing outside <dir> is read; errors go to stderr with exit code 2.

${REPORT_OPTIONS}

Configuration: for each file, the nearest .kube-guardrails.yaml (or .yml) in its folder or
above is used, unless --config or --no-config is given; flags override the file.

Exit codes: 0 no finding at or above --fail-on (default error) and no more warnings than
--max-warnings, 1 otherwise, 2 a file or document that could not be (fully) analysed (listed
as errors; 2 wins over 1), a usage error or an invalid configuration file. With --fix, the
findings that remain after fixing count (--fix-dry-run: as if fixed).`;
