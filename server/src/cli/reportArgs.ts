import { takeValue, UsageError } from './argv';
import { outputFileName } from './outputArgs';

/** `report [paths] --format html|markdown|json [--output f] [--namespace ns]`, or `report [paths] --from A --to B [--port P]`. */
export interface ReportArgs {
  command: 'report';
  paths: string[];
  format: 'html' | 'markdown' | 'json';
  output?: string | undefined;
  namespace?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  port?: string | undefined;
  /** As `scan`: kustomizations and charts are read as what they build (auto) or not at all (off). */
  kustomize: 'auto' | 'off';
  helm: 'auto' | 'off';
  /** As `scan`: the config file for every file, or none; otherwise each file's nearest `.kube-guardrails.yaml`. */
  config?: string | undefined;
  noConfig: boolean;
}

export const REPORT_COMMANDS = `  kube-guardrails report [options] <path...>
                                             the security map (network, exposure, Pod Security,
                                             ServiceAccount power) as a page or tables
  kube-guardrails report <path...> --from <A> --to <B> [--port <P>]
                                             can workload A reach B? (exit 0 yes, 1 no)`;

export const REPORT_OPTIONS = `Report options:
  --format html|markdown|json       (default html) a self-contained page (no scripts), tables, or the map as data
  --output <file>                   write there instead of standard output (never over a file read)
  --namespace <ns>                  one namespace (and what has an edge to it; RBAC: its
                                    bindings and the bindings naming its ServiceAccounts)
  --from, --to <workload>           Kind/namespace/name, namespace/name or workload:<ns>/<Kind>/<name>
  --port <port>                     80, 53/UDP or a port name of B's containers (default: any port)
  --kustomize auto|off, --helm auto|off   as for scan
  --config <file>, --no-config      as for scan: the config's exclude and helm.charts apply
A file or document that could not be read into the map is listed in the report and the
exit code is 2 (the map may be missing objects).`;

export function parseReportArgs(rest: readonly string[]): ReportArgs {
  const out: ReportArgs = { command: 'report', paths: [], format: 'html', kustomize: 'auto', helm: 'auto', noConfig: false };
  const argv = [...rest];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) {
      out.paths.push(a);
      continue;
    }
    if (a === '--no-config') {
      out.noConfig = true;
      continue;
    }
    const flag = a.split('=')[0]!;
    const [v, j] = takeValue(argv, i, flag);
    i = j;
    switch (flag) {
      case '--format':
      case '-f':
        if (v !== 'html' && v !== 'markdown' && v !== 'json')
          throw new UsageError(`--format for report must be html, markdown or json, not "${v}"`);
        out.format = v;
        break;
      case '--output':
      case '-o':
        out.output = outputFileName(flag, v);
        break;
      case '--namespace':
      case '-n':
        out.namespace = v;
        break;
      case '--from':
        out.from = v;
        break;
      case '--to':
        out.to = v;
        break;
      case '--port':
        out.port = v;
        break;
      case '--config':
        out.config = v;
        break;
      case '--kustomize':
      case '--helm':
        if (v !== 'auto' && v !== 'off') throw new UsageError(`${flag} must be auto or off, not "${v}"`);
        if (flag === '--helm') out.helm = v;
        else out.kustomize = v;
        break;
      default:
        throw new UsageError(`unknown option for report: ${a}`);
    }
  }
  if (out.paths.length === 0) throw new UsageError('report needs at least one file or directory');
  if (out.noConfig && out.config !== undefined) throw new UsageError('--config and --no-config cannot be used together');
  if ((out.from === undefined) !== (out.to === undefined)) throw new UsageError('--from and --to go together');
  if (out.port !== undefined && out.from === undefined) throw new UsageError('--port needs --from and --to');
  return out;
}
