import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point the extension host loads through `extensionTestsPath` (the code-server
 * runner and @vscode/test-electron both call `run()`). Runs every `*.e2e.js` file beside
 * this one with mocha's TDD interface. Output goes to console.log, which the workbench
 * forwards to the runner (`codeAutomationLog` in the browser, stdout on the desktop). When
 * KG_E2E_RESULTS names a file, a JSON summary is written there for the runner to count.
 */
export interface E2eTestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string | undefined;
}

export interface E2eResults {
  passed: number;
  failed: number;
  tests: E2eTestResult[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = __dirname;
  const only = process.env.KG_E2E_GREP;
  if (only) mocha.grep(only);
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.e2e.js'))
    .sort())
    mocha.addFile(path.join(dir, f));

  const results: E2eResults = { passed: 0, failed: 0, tests: [] };
  const write = (): void => {
    const file = process.env.KG_E2E_RESULTS;
    if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  };

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0 || results.passed === 0) reject(new Error(`${failures} e2e test(s) failed, ${results.passed} passed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.passed++;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      });
      runner.on('fail', (t, err: Error) => {
        results.failed++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
      });
    } catch (e) {
      results.failed++;
      results.tests.push({
        title: 'loading the e2e suite',
        state: 'failed',
        durationMs: 0,
        error: e instanceof Error ? e.stack : String(e),
      });
      write();
      reject(e);
    }
  });
}
