/**
 * The layering of ARCHITECTURE.md, checked two ways:
 * - a backstop that needs no linter: every import of every file under server/src/core, read
 *   with the TypeScript pre-processor and resolved, must stay inside core (JSON data aside) and
 *   out of the editor and LSP packages, and only the config loader may reach the file system;
 * - the lint rule that makes the same thing a build error (eslint.config.mjs) must fire on a
 *   core file that breaks it, and stay quiet on one that does not.
 */
import test from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../helpers';

const CORE = path.join(REPO_ROOT, 'server', 'src', 'core');
const SERVER_SRC = path.join(REPO_ROOT, 'server', 'src');
/** The config loader: the core files allowed to touch the file system (find .kube-guardrails.yaml; confine reads to the workspace). */
const FS_ALLOWED = new Set(['config/load.ts', 'config/insideRoots.ts']);

function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFilesUnder(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier a file names: static imports, re-exports, `import()` and `require()`. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Why `specifier`, imported by core file `file` (relative to core/), breaks the layering, or undefined. */
function layeringViolation(file: string, specifier: string): string | undefined {
  if (/^vscode($|-)/.test(specifier)) return `imports the editor/LSP package '${specifier}'`;
  if (/^(node:)?child_process$/.test(specifier)) return `imports '${specifier}'`;
  if (/^(node:)?fs(\/promises)?$/.test(specifier) && !FS_ALLOWED.has(file)) return `reads the file system through '${specifier}'`;
  if (specifier.startsWith('.')) {
    const target = path.relative(SERVER_SRC, path.resolve(path.dirname(path.join(CORE, file)), specifier));
    const top = target.split(path.sep)[0];
    if (top === 'lsp' || top === 'cli') return `imports '${specifier}', which is in server/src/${top}`;
    // Data (the shipped JSON Schema, package.json) may come from anywhere; code only from core.
    if (top !== 'core' && !specifier.endsWith('.json')) return `imports '${specifier}', which is outside server/src/core`;
  }
  return undefined;
}

test('layering: no file under server/src/core imports lsp/, cli/, vscode*, child_process, or fs outside the config loader', () => {
  const files = tsFilesUnder(CORE);
  assert.ok(files.length > 50, `found only ${files.length} core files: the scan is not looking at server/src/core`);
  const violations: string[] = [];
  for (const full of files) {
    const file = path.relative(CORE, full).split(path.sep).join('/');
    for (const spec of importsOf(full)) {
      const why = layeringViolation(file, spec);
      if (why) violations.push(`core/${file} ${why}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('layering backstop: the classifier recognises each kind of break (so the scan above can fail)', () => {
  assert.equal(
    layeringViolation('engine/analyze.ts', '../../lsp/diagnostics'),
    "imports '../../lsp/diagnostics', which is in server/src/lsp",
  );
  assert.equal(
    layeringViolation('rules/pss/privileged.ts', '../../../cli/main'),
    "imports '../../../cli/main', which is in server/src/cli",
  );
  assert.equal(
    layeringViolation('engine/analyze.ts', 'vscode-languageserver/node'),
    "imports the editor/LSP package 'vscode-languageserver/node'",
  );
  assert.equal(layeringViolation('engine/analyze.ts', 'vscode'), "imports the editor/LSP package 'vscode'");
  assert.equal(layeringViolation('engine/analyze.ts', 'node:child_process'), "imports 'node:child_process'");
  assert.equal(layeringViolation('config/globs.ts', 'fs'), "reads the file system through 'fs'");
  assert.equal(layeringViolation('config/load.ts', 'fs'), undefined);
  assert.equal(layeringViolation('config/load.ts', 'path'), undefined);
  assert.equal(layeringViolation('rules/pss/privileged.ts', '../../model/podSpec'), undefined);
  assert.equal(
    layeringViolation('engine/analyze.ts', '../../../test/helpers'),
    "imports '../../../test/helpers', which is outside server/src/core",
  );
  assert.equal(layeringViolation('engine/analyze.ts', '../../server'), "imports '../../server', which is outside server/src/core");
  assert.equal(layeringViolation('version.ts', '../../../package.json'), undefined);
  // A folder merely named like an adapter inside core is not the adapter.
  assert.equal(layeringViolation('engine/analyze.ts', '../workspace/cli'), undefined);
});

/** Lints `code` as if it were the core file at `relPath`, with the repository's ESLint config. */
async function lintAsCoreFile(relPath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relPath) });
  assert.ok(result, 'ESLint returned no result');
  return result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
}

test(
  'lint: a core file importing the LSP adapter, the CLI, vscode* or fs is an error; the config loader may read files',
  { timeout: 60_000 },
  async () => {
    const bad = [
      "import { toDiagnostic } from '../../lsp/diagnostics';",
      "import { runCli } from '../../cli/main';",
      "import { Connection } from 'vscode-languageserver/node';",
      "import * as fs from 'fs';",
      "import { execFile } from 'node:child_process';",
      'export const uses = [toDiagnostic, runCli, Connection, fs, execFile];',
      '',
    ].join('\n');
    assert.deepEqual(await lintAsCoreFile('server/src/core/engine/layeringProbe.ts', bad), [
      "1:1 no-restricted-imports: '../../lsp/diagnostics' import is restricted from being used by a pattern. server/src/core may not import the LSP adapter (server/src/lsp).",
      "2:1 no-restricted-imports: '../../cli/main' import is restricted from being used by a pattern. server/src/core may not import the CLI adapter (server/src/cli).",
      "3:1 no-restricted-imports: 'vscode-languageserver/node' import is restricted from being used by a pattern. server/src/core knows nothing of the LSP: convert in server/src/lsp.",
      "4:1 no-restricted-imports: 'fs' import is restricted from being used. server/src/core reads no files; only the config loader (core/config/load.ts, insideRoots.ts) may.",
      "5:1 no-restricted-imports: 'node:child_process' import is restricted from being used. server/src/core never runs processes.",
    ]);

    const loader = ["import * as fs from 'fs';", "import * as path from 'path';", 'export const io = [fs, path];', ''].join('\n');
    assert.deepEqual(await lintAsCoreFile('server/src/core/config/load.ts', loader), []);
    // The same imports are fine in an adapter.
    assert.deepEqual(await lintAsCoreFile('server/src/cli/layeringProbe.ts', loader), []);
  },
);
