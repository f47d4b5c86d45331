// Runner 2 of the e2e suite: desktop VS Code (Electron) through @vscode/test-electron, for a
// developer machine or CI with internet access. It downloads a VS Code build into
// .cache/vscode-test/ on first use, so it cannot run on a machine that reaches only the npm
// registry (there use `npm run test:e2e`, the code-server runner). Same compiled suite,
// same packaged extension: the .vsix is unpacked into a fresh extensions dir and used as the
// extension development path, so a file missing from the package fails the tests here too.
// Usage: node scripts/e2e/run-electron.mjs [--vsix file] [--vscode-version stable|1.100.3]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './install.mjs';
import { defaultVsixPath } from './vscodeServer.mjs';

const ARGO_CD = path.resolve(repoRoot, '..', 'shared', 'corpus', 'realworld', 'argo-cd', 'install.yaml');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const { runTests } = await import('@vscode/test-electron');
  const vsix = path.resolve(arg('--vsix', defaultVsixPath()));
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run \`npm run package\` first.`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-e2e-electron-'));
  const extDir = path.join(root, 'extension');
  const workspace = path.join(root, 'workspace');
  const resultsFile = path.join(root, 'results.json');
  try {
    // A .vsix is a zip whose extension/ folder is the installed extension.
    fs.mkdirSync(path.join(root, 'vsix'), { recursive: true });
    execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', path.join(root, 'vsix')]);
    fs.renameSync(path.join(root, 'vsix', 'extension'), extDir);
    fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    if (fs.existsSync(ARGO_CD)) {
      fs.mkdirSync(path.join(workspace, 'large'), { recursive: true });
      fs.copyFileSync(ARGO_CD, path.join(workspace, 'large', 'argo-cd-install.yaml'));
    }
    const code = await runTests({
      version: arg('--vscode-version', '1.100.3'),
      cachePath: path.join(repoRoot, '.cache', 'vscode-test'), // git-ignored, reused between runs
      extensionDevelopmentPath: extDir,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
      extensionTestsEnv: { KG_E2E_RESULTS: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(root, 'user-data')}`,
        `--extensions-dir=${path.join(root, 'extensions')}`,
      ],
    }).catch((e) => {
      console.error(e);
      return 1;
    });
    let results = { passed: 0, failed: 0 };
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      results.failed = 1;
    }
    if (code !== 0 && results.failed === 0) results.failed = 1;
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exitCode = results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
