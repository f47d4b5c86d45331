import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DidOpenTextDocumentNotification, PublishDiagnosticsNotification, type Diagnostic } from 'vscode-languageserver/node';
import { withStdioServer } from '../lsp/stdioServer';
import { pathToUri } from '../../server/src/lsp/uris';
import { REPO_ROOT } from '../helpers';

/**
 * The shipped bundles parse with the same `yaml` build (scripts/bundle.mjs): dist/cli.js and
 * dist/server.js give the same findings, ranges and messages on a manifest whose fields rules
 * read carry YAML 1.1 tags (`!!binary`, `!!set`, `!!omap`, `!!timestamp`), whose values a
 * library build could hand over as different types (a `Buffer` or a `Uint8Array`).
 */

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

const TAGGED = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: tagged',
  '  namespace: shop',
  '  annotations:',
  '    created: !!timestamp 2001-12-14t21:59:43.10-05:00',
  'spec:',
  '  hostNetwork: !!binary dHJ1ZQ==',
  '  containers:',
  '    - name: app',
  '      image: !!binary bmdpbng6bGF0ZXN0',
  '      securityContext:',
  '        privileged: !!timestamp 2001-12-14',
  '        capabilities:',
  '          add: !!set {NET_ADMIN, SYS_ADMIN}',
  '      ports: !!omap [{containerPort: 80}, {hostPort: 80}]',
  '      env: !!omap [{name: PASSWORD}, {value: hunter2secret}]',
  '',
].join('\n');

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };
const line = (r: Range, rule: string, severity: number | undefined, message: string) =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${rule} ${severity} ${message}`;

function cliFindings(file: string): string[] {
  const run = spawnSync(process.execPath, [CLI, 'scan', '--no-config', '-f', 'json', file], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    findings: Array<{ ruleId: string; severity: string; message: string; range: Range }>;
    errors: unknown[];
  };
  assert.deepEqual(report.errors, []);
  return report.findings.map((f) => line(f.range, f.ruleId, SEVERITY[f.severity], f.message)).sort();
}

async function serverDiagnostics(file: string, text: string): Promise<Diagnostic[]> {
  return withStdioServer(SERVER, async (conn) => {
    const uri = pathToUri(file);
    // The document's first publish carries its own and (no workspace folder: the open documents are the workspace) its cross-file findings.
    const published = new Promise<Diagnostic[]>((resolve) =>
      conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri && p.diagnostics.some((d) => String(d.code).startsWith('netpol-'))) resolve(p.diagnostics);
      }),
    );
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return published;
  });
}

test(
  // Holds with either yaml build (rules do not tell a Buffer from a Uint8Array here): it shows the
  // two entry points agree end to end; the next test is the one that pins the build itself.
  'the CLI and the language server give the same findings, ranges and messages on a manifest with !!binary, !!set, !!omap and !!timestamp values',
  { timeout: 30000 },
  async () => {
    assert.ok(fs.existsSync(CLI) && fs.existsSync(SERVER), 'dist/ is missing: run `npm run build` first');
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-yaml-build-')));
    try {
      const file = path.join(dir, 'tagged.yaml');
      fs.writeFileSync(file, TAGGED);
      const fromCli = cliFindings(file);
      const fromServer = (await serverDiagnostics(file, TAGGED)).map((d) => line(d.range, String(d.code), d.severity, d.message)).sort();
      assert.deepEqual(fromServer, fromCli);
      // What both say about the tagged fields (a value that is no string or boolean is not read as one).
      assert.ok(
        fromCli.includes('14:8-14:20 pss-capabilities-restricted 2 Container "app" of Pod "tagged" does not drop ALL capabilities.'),
        fromCli.join('\n'),
      );
      assert.equal(fromCli.length, 13);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('dist/cli.js and dist/server.js bundle the same yaml build: the same !!binary resolver (the CommonJS one makes a Buffer)', () => {
  const resolverOf = (bundle: string) => {
    const text = fs.readFileSync(bundle, 'utf8');
    const at = text.indexOf('This environment does not support reading binary tags');
    assert.ok(at > 0, `${bundle} bundles yaml's !!binary tag`);
    // From the resolver's start (yaml's binary.js: `resolve(src, onError) {`) to its error message.
    return text.slice(text.lastIndexOf('resolve(src,onError){', at), at);
  };
  const fromCli = resolverOf(CLI);
  assert.ok(fromCli.startsWith('resolve(src,onError){if(typeof atob=="function")'), fromCli);
  assert.equal(resolverOf(SERVER), fromCli);
});
