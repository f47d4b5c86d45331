import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { REPO_ROOT } from '../helpers';

/**
 * The layout contract of rule folders (ARCHITECTURE.md, "Adding a rule"): every file in a
 * rules folder outside `_lib/` is named after the id of the one rule it default-exports,
 * and the folder's `index.ts` array lists exactly the rules of its files, so a rule file
 * left out of the index (or an index entry without its own file) fails here.
 */

const SOURCE_CORE = path.join(REPO_ROOT, 'server', 'src', 'core');
// The compiled twin of server/src/core (this file runs from out/test/unit).
const COMPILED_CORE = path.join(__dirname, '..', '..', 'server', 'src', 'core');

interface RuleLike {
  id: string;
  check?: unknown;
  checkWorkspace?: unknown;
}

/** A built-in rule (`check`) or a workspace rule (`checkWorkspace`). */
function isRule(v: unknown): v is RuleLike {
  if (typeof v !== 'object' || v === null || typeof (v as RuleLike).id !== 'string') return false;
  return typeof (v as RuleLike).check === 'function' || typeof (v as RuleLike).checkWorkspace === 'function';
}

/** `rules/<category>/` folders and `workspace/rules/`, relative to core. */
function ruleFolders(): string[] {
  const categories = fs
    .readdirSync(path.join(SOURCE_CORE, 'rules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join('rules', e.name));
  return [...categories, path.join('workspace', 'rules')];
}

function load(relative: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(COMPILED_CORE, relative)) as Record<string, unknown>;
}

test('the rules folders are the nine categories and the workspace rules', () => {
  assert.deepEqual(
    ruleFolders().map((f) => f.split(path.sep).join('/')),
    [
      'rules/cluster',
      'rules/exposure',
      'rules/host',
      'rules/network',
      'rules/pss',
      'rules/rbac',
      'rules/secrets',
      'rules/serviceaccount',
      'rules/tls',
      'rules/workload',
      'workspace/rules',
    ],
  );
});

for (const folder of ruleFolders()) {
  const files = fs
    .readdirSync(path.join(SOURCE_CORE, folder), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts')
    .map((e) => e.name.slice(0, -'.ts'.length))
    .sort();

  test(`${folder}: each file is named after the id of the one rule it exports`, () => {
    assert.ok(files.length > 0);
    for (const name of files) {
      const exports = load(path.join(folder, name));
      assert.ok(isRule(exports.default), `${folder}/${name}.ts has no default-exported rule (helpers go in ${folder}/_lib/)`);
      assert.equal(exports.default.id, name, `${folder}/${name}.ts exports rule "${exports.default.id}"`);
      const others = Object.entries(exports).filter(([key, v]) => key !== 'default' && isRule(v));
      assert.deepEqual(
        others.map(([key]) => key),
        [],
        `${folder}/${name}.ts exports more than one rule`,
      );
    }
  });

  test(`${folder}: index.ts lists exactly the rules of the folder's files`, () => {
    const arrays = Object.values(load(path.join(folder, 'index'))).filter(Array.isArray);
    assert.equal(arrays.length, 1, `${folder}/index.ts must export one rule array`);
    const listed = (arrays[0] as unknown[]).map((r) => (isRule(r) ? r.id : String(r))).sort();
    assert.deepEqual(listed, files);
  });

  const lib = path.join(SOURCE_CORE, folder, '_lib');
  if (fs.existsSync(lib)) {
    test(`${folder}/_lib: helpers export no rule`, () => {
      for (const f of fs.readdirSync(lib).filter((n) => n.endsWith('.ts'))) {
        const exports = load(path.join(folder, '_lib', f.slice(0, -'.ts'.length)));
        const rules = Object.entries(exports).filter(([, v]) => isRule(v));
        assert.deepEqual(
          rules.map(([key]) => key),
          [],
          `${folder}/_lib/${f} exports a rule`,
        );
      }
    });
  }
}

test('the registries hold exactly the rules of the rule files', () => {
  const fileIds = (folders: string[]): string[] =>
    folders.flatMap((folder) =>
      fs
        .readdirSync(path.join(SOURCE_CORE, folder))
        .filter((n) => n.endsWith('.ts') && n !== 'index.ts')
        .map((n) => n.slice(0, -'.ts'.length)),
    );
  const folders = ruleFolders();
  assert.deepEqual(RULES.map((r) => r.id).sort(), fileIds(folders.filter((f) => f.startsWith('rules'))).sort());
  assert.deepEqual(WORKSPACE_RULES.map((r) => r.id).sort(), fileIds(folders.filter((f) => f.startsWith('workspace'))).sort());
});
