// What the browser-driven checks (ui-check.mjs, map-check.mjs) share: a fresh workbench to run
// in, recording each step as a test result, running the steps in order (the rest are "not run"
// once one fails, with a screenshot of the failure), and their command-line entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureEditor, repoRoot } from './install.mjs';
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

const STEP_TIMEOUT = 60_000;

export const SCREENSHOT_DIR = path.join(repoRoot, 'artifacts');

/** Test results titled `<prefix>: <step>`, in the shape run.mjs reports. */
function checkResults(prefix) {
  const tests = [];
  const record = (title, error) => {
    tests.push(
      error
        ? { title: `${prefix}: ${title}`, state: 'failed', error: error.stack ?? String(error) }
        : { title: `${prefix}: ${title}`, state: 'passed' },
    );
  };
  const summary = () => ({
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    tests,
  });
  return { record, summary };
}

/** Runs `[title, fn]` steps in order; after a failure (screenshot `failureShot`) the rest are recorded as not run. */
async function runSteps(steps, record, { what, failureShot }) {
  let failed = false;
  for (const [title, fn] of steps) {
    if (failed) {
      record(title, new Error(`not run: an earlier ${what} step failed`));
      continue;
    }
    try {
      await fn();
      record(title);
    } catch (e) {
      failed = true;
      await failureShot().catch(() => {});
      record(title, e);
    }
  }
}

/**
 * Runs a check's steps in a fresh workbench: a sandbox with the packaged extension installed as
 * a user installs it, the e2e workspace (test/e2e/workspace), a light theme, code-server and
 * headless Chromium, all torn down afterwards. `stepsOf(page, shot)` returns the `[title, fn]`
 * steps that follow the first one (the workbench shows the workspace); `shot(name)` saves a
 * screenshot in artifacts/. The server's log is artifacts/e2e/<prefix>-server.log.
 */
export async function withWorkbench({ prefix, what, chromium, vsix }, stepsOf) {
  const { record, summary } = checkResults(prefix);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const sandbox = makeSandbox(`kg-${prefix}-`);
  let server;
  let browser;
  try {
    installVsix(sandbox, vsix);
    copyWorkspace(path.join(repoRoot, 'test', 'e2e', 'workspace'), sandbox.workspace);
    writeUserSettings(sandbox.userData, { 'workbench.colorTheme': 'Default Light Modern', 'window.commandCenter': false });
    server = await startServer(sandbox, { logFile: path.join(repoRoot, 'artifacts', 'e2e', `${prefix}-server.log`) });
    browser = await launchBrowser(sandbox, chromium);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(server, sandbox.workspace));
    const shot = (name) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
    const opened = [
      'the workbench opens the workspace (explorer rows visible)',
      async () => {
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      },
    ];
    await runSteps([opened, ...stepsOf(page, shot)], record, { what, failureShot: () => shot(`${prefix}-failure.png`) });
  } catch (e) {
    record('start the workbench', e);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    removeSandbox(sandbox);
  }
  return summary();
}

/** `node <check>.mjs [--vsix file]`: runs the check and prints its results; exit 1 on a failure or nothing passed. */
export async function runCheckFromCommandLine(run) {
  const vsixArg = process.argv.indexOf('--vsix');
  const vsix = vsixArg > 0 ? path.resolve(process.argv[vsixArg + 1]) : defaultVsixPath();
  const { chromium } = ensureEditor();
  const r = await run({ chromium, vsix });
  for (const t of r.tests)
    console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'}  ${t.title}${t.error ? `\n      ${t.error.split('\n').join('\n      ')}` : ''}`);
  console.log(`screenshots in ${path.relative(repoRoot, SCREENSHOT_DIR)}/`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed > 0 || r.passed === 0 ? 1 : 0;
}
