/**
 * The npm package is the CLI: `npm pack` of the repository, installed into an empty folder
 * with no network and an empty npm cache, runs `kube-guardrails` exactly as `node dist/cli.js`
 * does. Needs `npm run build` (dist/cli.js), as the other CLI-process tests do. The pack runs
 * with --ignore-scripts: its prepare would re-bundle dist/cli.js while other test files run it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import pkg from '../../package.json';
import { VERSION } from '../../server/src/core/version';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
// Every npm and CLI process below refuses network access, as this test process does.
const GUARD = path.join(ROOT, 'out', 'test', 'guard', 'noNetwork.js');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--require=${GUARD}`, npm_config_update_notifier: 'false', ...env },
  });
  if (r.error) throw r.error;
  return r;
}

test('the package declares no dependencies: dist/cli.js is one esbuild bundle', () => {
  // A dependency here would be installed by every `npm install kube-guardrails` and by the
  // pre-commit hook, though nothing reads it at run time (every entry point is bundled).
  assert.equal((pkg as Record<string, unknown>)['dependencies'], undefined);
  assert.deepEqual(pkg.bin, { 'kube-guardrails': 'dist/cli.js' });
  // `prepare` runs in every way the package is built from a checkout: npm pack, pre-commit's
  // npm install of the repository, and npm installing it from git (which runs only prepare).
  assert.equal(pkg.scripts.prepare, 'node scripts/bundle.mjs cli');
});

test('npm pack holds only the CLI; installed offline into an empty folder, npx kube-guardrails scans like dist/cli.js', () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pack-')));
  try {
    const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    assert.deepEqual(info.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);

    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    // An empty cache: nothing can come from anywhere but the tarball.
    const npmOffline = ['--offline', '--cache', path.join(tmp, 'cache'), '--no-audit', '--no-fund'];
    const installed = run('npm', ['install', ...npmOffline, path.join(tmp, info.filename)], app);
    assert.equal(installed.status, 0, installed.stderr);
    assert.deepEqual(
      fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['kube-guardrails'],
    );

    const version = run('npx', [...npmOffline, '--', 'kube-guardrails', '--version'], app);
    assert.deepEqual([version.status, version.stdout], [0, `${VERSION}\n`]);
    for (const format of ['stylish', 'sarif']) {
      const viaNpx = run('npx', [...npmOffline, '--', 'kube-guardrails', 'scan', '--format', format, EXAMPLES], app);
      const direct = run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', format, EXAMPLES], app);
      assert.equal(direct.status, 1, 'the examples hold error findings');
      assert.ok(direct.stdout.includes('pss-privileged'), format);
      assert.deepEqual([viaNpx.status, viaNpx.stdout, viaNpx.stderr], [direct.status, direct.stdout, direct.stderr], format);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
