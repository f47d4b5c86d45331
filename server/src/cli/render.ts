import * as fs from 'fs';
import { escapeControl } from '../core/display';
import { renderChart } from '../core/sources/helm/helm/render';
import { buildKustomization } from '../core/sources/kustomize/build';
import type { BuildProblem, SourceFiles } from '../core/sources/types';
import { confinedFiles } from '../node/confinedFiles';
import { withNamedFiles } from './namedFiles';
import { valuesFlagFiles } from './valuesFlags';
import type { RenderArgs } from './args';
import type { CliIO } from './main';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * `kube-guardrails render <dir>`: what the objects of a Helm chart or a kustomization are, as
 * the real tools print them: `helm template` output for a chart (Chart.yaml in <dir>), the
 * built objects as YAML documents separated by `---` for a kustomization. Everything is read
 * through `confinedFiles(<dir>)`, so nothing else outside <dir> is read and nothing is fetched,
 * except the `-f`/`--set-file` files the user names, read where they are (as helm and
 * `scan --values` read them). A render error, or any part not built, goes to stderr and
 * exits 2; what was built is still printed.
 */
export function renderCommand(args: RenderArgs, io: CliIO): number {
  const dir = args.dir;
  const fail = (message: string): number => {
    io.stderr(`kube-guardrails render: ${printable(message)}\n`);
    return 2;
  };
  let files: SourceFiles;
  try {
    if (!fs.statSync(dir).isDirectory()) return fail(`${dir} is not a directory`);
    files = withNamedFiles(confinedFiles(dir), valuesFlagFiles(args));
  } catch (e) {
    return fail(`cannot read ${dir}: ${(e as Error).message}`);
  }

  const entries = files.list(dir) ?? [];
  if (entries.includes('Chart.yaml')) {
    const r = renderChart(files, dir, {
      releaseName: args.releaseName,
      namespace: args.namespace,
      kubeVersion: args.kubeVersion,
      apiVersions: args.apiVersions,
      valuesFiles: args.valuesFiles,
      set: args.set,
      setString: args.setString,
      setJson: args.setJson,
      setFile: args.setFile,
      setLiteral: args.setLiteral,
      includeCrds: args.includeCrds,
    });
    // A chart whose render failed is often one missing its dependencies: say so before the error it caused.
    if (r.error !== undefined) {
      reportProblems(
        r.problems.filter((p) => p.message !== r.error),
        io,
      );
      return fail(r.error);
    }
    io.stdout(r.output);
    return reportProblems(r.problems, io);
  }
  if (KUSTOMIZATION_FILES.some((n) => entries.includes(n))) {
    const r = buildKustomization(dir, files);
    io.stdout(r.documents.map((d) => (d.text.endsWith('\n') ? d.text : d.text + '\n')).join('---\n'));
    return reportProblems(r.problems, io);
  }
  return fail(`${dir} holds neither a Chart.yaml nor a kustomization (${KUSTOMIZATION_FILES.join(', ')})`);
}

function reportProblems(problems: BuildProblem[], io: CliIO): number {
  for (const p of problems) {
    const where = p.origin ? `${p.origin.file}: ` : '';
    io.stderr(`kube-guardrails render: ${printable(where + p.message)}\n`);
  }
  return problems.length > 0 ? 2 : 0;
}

/** Helm's messages span lines (schema errors): keep the line breaks, escape other control characters. */
function printable(message: string): string {
  return message.split('\n').map(escapeControl).join('\n');
}
