import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export function cli(...argv: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A temporary folder tree from `{ relativePath: content }`; removed by `cleanup`. */
export function tree(files: Record<string, string>): { root: string; p: (rel: string) => string; cleanup: () => void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-cli-')));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return { root, p: (rel) => path.join(root, rel), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * A hardened Pod (restricted profile, every default rule) plus what `containerExtra` adds to
 * its container's securityContext, followed by its ServiceAccount and a default-deny
 * NetworkPolicy so the cross-object rules have nothing to say either.
 */
export function pod(name: string, opts: { namespace?: string; containerExtra?: string[]; comment?: string } = {}): string {
  const ns = opts.namespace ?? 'shop';
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  serviceAccountName: app',
    '  automountServiceAccountToken: false',
    '  securityContext:',
    '    runAsNonRoot: true',
    '    runAsUser: 10001',
    '    runAsGroup: 10001',
    '    seccompProfile:',
    '      type: RuntimeDefault',
    '  containers:',
    '    - name: app',
    '      image: registry.example.com/app:1.2.3',
    '      imagePullPolicy: Always',
    '      resources:',
    '        requests: { cpu: 100m, memory: 64Mi }',
    '        limits: { memory: 128Mi }',
    '      securityContext:',
    '        allowPrivilegeEscalation: false',
    '        readOnlyRootFilesystem: true',
    '        capabilities:',
    '          drop: [ALL]',
    ...(opts.comment ? [`        ${opts.comment}`] : []),
    ...(opts.containerExtra ?? []).map((l) => `        ${l}`),
    // What the cross-object rules look for: the ServiceAccount it names, a default-deny policy.
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    '  name: app',
    `  namespace: ${ns}`,
    'automountServiceAccountToken: false',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny',
    `  namespace: ${ns}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress, Egress]',
    '',
  ].join('\n');
}

/** Runs `fn` with the current folder set to `dir` (reports and diffs name files relative to it). */
export function inFolder<T>(dir: string, fn: () => T): T {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(cwd);
  }
}
