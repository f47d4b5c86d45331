// Runner 1 of the e2e suite: the real VS Code (code-server's VS Code server 1.100.3) with
// the PACKAGED extension, driven by headless Chromium through playwright-core.
//   1. installs Chromium + code-server when missing (install.mjs),
//   2. installs kube-guardrails.vsix (`npm run package`) into a fresh extensions dir,
//   3. starts the server on 127.0.0.1:<free port> with fresh user data and a fresh copy
//      of test/e2e/workspace (plus the argo-cd corpus file from ../shared),
//   4. opens the workbench with extensionTestsPath = out/test/e2e/suite/index.js, which
//      runs the mocha suite inside the extension host and writes a JSON results file,
//   5. runs the user's-eye check (ui-check.mjs: squiggle, Problems panel, quick-fix menu,
//      screenshots in artifacts/) and the security map check (map-check.mjs: the webview's
//      nodes and edges, click to open, reachability, light/dark screenshots),
//   6. prints "N passed, N failed" and exits non-zero on any failure or if nothing ran.
// Usage: node scripts/e2e/run.mjs [--vsix file] [--grep pattern] [--no-ui]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { ensureEditor, repoRoot } from './install.mjs';
import { runMapCheck } from './map-check.mjs';
import { runUiCheck } from './ui-check.mjs';
import { runReportCheck } from '../report-screenshot.mjs';
import {
  copyWorkspace,
  defaultVsixPath,
  installVsix,
  launchBrowser,
  makeSandbox,
  removeSandbox,
  startServer,
  workbenchUrl,
  writeUserSettings,
} from './vscodeServer.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;
const artifactsDir = path.join(repoRoot, 'artifacts', 'e2e');
/** Large real-world manifest the suite opens to check the extension host stays responsive. */
const ARGO_CD = path.resolve(repoRoot, '..', 'shared', 'corpus', 'realworld', 'argo-cd', 'install.yaml');

function parseArgs(argv) {
  const out = { vsix: defaultVsixPath(), grep: undefined, ui: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vsix') out.vsix = path.resolve(argv[++i]);
    else if (argv[i] === '--grep') out.grep = argv[++i];
    else if (argv[i] === '--no-ui') out.ui = false;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

/** Runs the mocha suite inside the extension host; returns the parsed results file. */
async function runSuite({ chromium, vsix, grep }) {
  const sandbox = makeSandbox();
  const resultsFile = path.join(sandbox.root, 'results.json');
  const extLog = path.join(artifactsDir, 'extension-host-console.log');
  fs.mkdirSync(artifactsDir, { recursive: true });
  const extOut = fs.createWriteStream(extLog);
  let server;
  let browser;
  const started = Date.now();
  try {
    const extDir = installVsix(sandbox, vsix);
    log(`installed ${path.basename(vsix)} as ${path.basename(extDir)}`);
    copyWorkspace(path.join(repoRoot, 'test', 'e2e', 'workspace'), sandbox.workspace);
    // The suite FAILS (not skips) when the corpus file is missing: it looks for this copy.
    if (fs.existsSync(ARGO_CD)) {
      fs.mkdirSync(path.join(sandbox.workspace, 'large'), { recursive: true });
      fs.copyFileSync(ARGO_CD, path.join(sandbox.workspace, 'large', 'argo-cd-install.yaml'));
    } else {
      log(`WARNING: ${ARGO_CD} is missing; the large-file test will fail`);
    }
    writeUserSettings(sandbox.userData);
    const env = { KG_E2E_RESULTS: resultsFile };
    if (grep) env.KG_E2E_GREP = grep;
    server = await startServer(sandbox, { env, logFile: path.join(artifactsDir, 'server.log') });
    log(`VS Code server on ${server.base} (${Date.now() - started} ms)`);

    browser = await launchBrowser(sandbox, chromium);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The workbench forwards console calls as (format, ...args), as console.log takes them.
      const text = format(...(Array.isArray(args) ? args : [args]));
      extOut.write(`${text}\n`);
      for (const line of text.split('\n')) console.log(`  | ${line}`);
    });
    page.on('pageerror', (e) => extOut.write(`[page error] ${e.message}\n`));
    // A crashed or closed page never calls codeAutomationExit: end the wait at once.
    page.on('crash', () => resolveExit('browser page crashed'));
    page.on('close', () => resolveExit('browser page closed'));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const url = workbenchUrl(server, sandbox.workspace, [
      ['extensionDevelopmentPath', remote(extDir)],
      ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url);
    log(`workbench loading (${Date.now() - started} ms)`);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), SUITE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (code === 'timeout') log(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    else log(`extension host test run exited with code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    let results;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      results = {
        passed: 0,
        failed: 1,
        tests: [
          {
            title: 'e2e suite',
            state: 'failed',
            error: `no results file (exit code ${code}); see ${path.relative(repoRoot, extLog)} and artifacts/e2e/server.log`,
          },
        ],
      };
    }
    if (code !== 0 && results.failed === 0) {
      results.failed++;
      results.tests.push({ title: 'e2e suite exit code', state: 'failed', error: `extension host test run exited with ${code}` });
    }
    return results;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    extOut.end();
    removeSandbox(sandbox);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const { chromium } = ensureEditor();
  log(`editor ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const suiteIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
  if (!fs.existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run \`npm run build\` first.`);

  const results = await runSuite({ chromium, vsix: args.vsix, grep: args.grep });
  if (args.ui && !args.grep) {
    const ui = await runUiCheck({ chromium, vsix: args.vsix });
    results.passed += ui.passed;
    results.failed += ui.failed;
    results.tests.push(...ui.tests);
  }
  // The security map's webview is checked from the browser (map-check.mjs); `--grep 'Security map'` runs it too.
  if (args.ui && (!args.grep || /security map/i.test(args.grep))) {
    const map = await runMapCheck({ chromium, vsix: args.vsix });
    results.passed += map.passed;
    results.failed += map.failed;
    results.tests.push(...map.tests);
  }
  if (!args.grep) {
    // `report --format html` rendered in the same Chromium (scripts/report-screenshot.mjs).
    const report = await runReportCheck({ chromium });
    results.passed += report.passed;
    results.failed += report.failed;
    results.tests.push(...report.tests);
  }

  console.log('');
  for (const t of results.tests) {
    const ms = typeof t.durationMs === 'number' ? ` (${t.durationMs} ms)` : '';
    console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'}  ${t.title}${ms}`);
    if (t.state !== 'passed' && t.error)
      console.log(
        t.error
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
  console.log(`(whole e2e run: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exitCode = results.failed > 0 || results.passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(`[e2e] ${e instanceof Error ? e.stack : String(e)}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
