// What the browser-driven checks (ui-check.mjs, map-check.mjs) share: recording each step as
// a test result, running the steps in order (the rest are "not run" once one fails, with a
// screenshot of the failure), and their command-line entry.
import * as path from 'node:path';
import { ensureEditor, repoRoot } from './install.mjs';
import { defaultVsixPath } from './vscodeServer.mjs';

export const SCREENSHOT_DIR = path.join(repoRoot, 'artifacts');

/** Test results titled `<prefix>: <step>`, in the shape run.mjs reports. */
export function checkResults(prefix) {
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
export async function runSteps(steps, record, { what, failureShot }) {
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
