// The one step of the GitHub Action (action.yml at the repository root), also run as is by
// test/unit/action.test.ts with the environment GitHub gives it. It scans the `paths` input,
// always writes SARIF for github/codeql-action/upload-sarif, prints the `format` input's
// report to the log, and decides the step's exit code from the SARIF: 2 when the CLI could
// not analyse something (or was misused), else 1 when a result is at or above `fail-on`.
//
// Inputs (action.yml passes them as these variables): INPUT_PATHS (separated by spaces or
// new lines), INPUT_FORMAT (stylish | json | github | sarif: sarif prints no second report),
// INPUT_FAIL_ON (error | warning | info), INPUT_CONFIG (a config file; default: each file's
// nearest .kube-guardrails.yaml), INPUT_SARIF_FILE. Relative paths are relative to
// GITHUB_WORKSPACE (else the current folder), so SARIF locations map into the repository.
// Outputs (to GITHUB_OUTPUT): sarif-file (absolute), exit-code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = process.env.KUBE_GUARDRAILS_CLI || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const FORMATS = ['stylish', 'json', 'github', 'sarif'];
/** SARIF levels (kube-guardrails' info is SARIF's note) that fail the step, per fail-on. */
const FAILING_LEVELS = { error: ['error'], warning: ['error', 'warning'], info: ['error', 'warning', 'note'] };

const input = (name, fallback) => (process.env[`INPUT_${name}`] ?? '').trim() || fallback;

function fail(message) {
  // A workflow command: shown as an error annotation on the run. Its data is escaped as the
  // Actions toolkit does, so an input with a line break cannot start a second command.
  const data = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`::error title=kube-guardrails::${data}\n`);
  return 2;
}

function setOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  fs.appendFileSync(
    file,
    Object.entries(outputs)
      // A line break in a value (an input such as sarif-file) would start another output.
      .map(([k, v]) => `${k}=${String(v).replace(/[\r\n]/g, ' ')}\n`)
      .join(''),
  );
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const paths = input('PATHS', '.').split(/\s+/);
  const format = input('FORMAT', 'stylish');
  const failOn = input('FAIL_ON', 'error');
  const config = input('CONFIG', '');
  const sarifFile = path.resolve(workspace, input('SARIF_FILE', 'kube-guardrails.sarif'));
  if (!FORMATS.includes(format)) return fail(`format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  if (!Object.hasOwn(FAILING_LEVELS, failOn)) return fail(`fail-on must be error, warning or info, not "${failOn}"`);
  if (!fs.existsSync(CLI)) return fail(`the CLI is not built: ${CLI} is missing`);

  const scanArgs = (fmt) => [CLI, 'scan', '--format', fmt, ...(config ? ['--config', config] : []), '--', ...paths];
  // SARIF goes straight to the file (no size limit); the CLI's messages go to the log.
  fs.mkdirSync(path.dirname(sarifFile), { recursive: true });
  const fd = fs.openSync(sarifFile, 'w');
  const scan = spawnSync(process.execPath, scanArgs('sarif'), { cwd: workspace, stdio: ['ignore', fd, 'inherit'] });
  fs.closeSync(fd);
  setOutputs({ 'sarif-file': sarifFile });
  if (scan.error) return fail(`could not run the CLI: ${scan.error.message}`);
  if (format !== 'sarif') spawnSync(process.execPath, scanArgs(format), { cwd: workspace, stdio: ['ignore', 'inherit', 'ignore'] });

  let results;
  try {
    results = JSON.parse(fs.readFileSync(sarifFile, 'utf8')).runs.flatMap((run) => run.results);
  } catch {
    // No SARIF: a usage error or an invalid config file (the CLI said why on stderr).
    return scan.status === 2 ? 2 : fail(`the CLI exited with ${scan.status} and wrote no SARIF report`);
  }
  const count = (level) => results.filter((r) => r.level === level).length;
  const failing = results.filter((r) => FAILING_LEVELS[failOn].includes(r.level)).length;
  process.stdout.write(
    `kube-guardrails: ${count('error')} error(s), ${count('warning')} warning(s), ${count('note')} info; ` +
      `${failing} at or above fail-on=${failOn}; SARIF written to ${sarifFile}\n`,
  );
  // 2 (a file or document not analysed) wins: it may hide any finding.
  if (scan.status === 2) return 2;
  return failing > 0 ? 1 : 0;
}

const code = main();
setOutputs({ 'exit-code': code });
process.exitCode = code;
