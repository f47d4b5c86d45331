import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { runInThreads } from '../../server/src/cli/parallel/pool';
import { scanFile } from '../../server/src/cli/parallel/scanFile';
import type { WorkerStopped } from '../../server/src/cli/parallel/supervisor';
import { stoppedWarning } from '../../server/src/cli/parallel/stoppedWarning';
import { parseArgs, type ScanArgs } from '../../server/src/cli/args';
import { CliConfigs } from '../../server/src/cli/config';
import { scopeFactory } from '../../server/src/cli/scope';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';

const REALWORLD = path.join(SHARED, 'corpus', 'realworld');
const ENTRY = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const TODAY = '2026-12-04';

const DEATH_WARNING =
  'kube-guardrails: a scan worker thread ended before finishing (a crash, or out of memory); the main thread scanned the files it had not reported\n';

function scanWithDeath(how: 'exit' | 'throw', task: number) {
  let stdout = '';
  let stderr = '';
  const code = runCli(['scan', '--format', 'json', '--jobs', '2', REALWORLD], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    workerDeathForTest: { task, how },
    // A worker even on a 1-CPU runner.
    threadsForTest: { cores: 2 },
  });
  return { code, stdout, stderr };
}

test(
  'a worker that dies mid-scan (process.exit, an uncaught throw) never hangs the scan nor loses a file: same JSON as --jobs 1',
  { timeout: 300_000 },
  () => {
    const one = cli('scan', '--format', 'json', '--jobs', '1', REALWORLD);
    assert.equal(one.code, 1);
    assert.equal(one.stderr, '');
    for (const how of ['exit', 'throw'] as const) {
      // On its third task: it has claimed three and reported none (results go in batches of 64).
      const dead = scanWithDeath(how, 2);
      assert.equal(dead.code, one.code, how);
      assert.equal(dead.stdout, one.stdout, how);
      // A throw's text is kept (the worker posts it before it dies); process.exit leaves none.
      assert.equal(
        dead.stderr,
        how === 'exit'
          ? DEATH_WARNING
          : 'kube-guardrails: a scan worker thread ended before finishing (it threw: a scan worker died (test)); the main thread scanned the files it had not reported\n',
      );
    }
  },
);

const args = parseArgs(['scan', REALWORLD]) as ScanArgs;
const files = (fs.readdirSync(REALWORLD, { recursive: true }) as string[])
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .slice(0, 30)
  .map((n) => path.join(REALWORLD, n));
const tasks = files.map((file) => ({ file, lint: true }));

const undefinedAt = (outcomes: readonly unknown[]) => outcomes.flatMap((o, i) => (o === undefined ? [i] : []));

function inProcess(i: number) {
  const scopeOf = scopeFactory(args, new CliConfigs(args), TODAY);
  const here = scanFile(tasks[i]!.file, scopeOf(tasks[i]!.file), true);
  if (here.analysed?.findings) here.analysed.findings = here.analysed.findings.map(({ fix: _fix, ...f }) => f);
  return here;
}

test(
  'the tasks a dead worker claimed come back undefined (the caller redoes them), every other outcome as in-process',
  { timeout: 120_000 },
  () => {
    const stopped: WorkerStopped[] = [];
    const outcomes = runInThreads(
      ENTRY,
      2,
      { args, today: TODAY, tasks },
      {
        runHere: () => assert.fail('the main thread takes no task'),
        tick: () => undefined,
        stopped: (s) => stopped.push(s),
        mainTakesTasks: false,
        dieOnTask: { task: 2, how: 'exit' },
      },
    );
    // Worker 0 dies on its third task, with two done and unreported and the third claimed (tasks 0 to 2
    // are set aside for it); worker 1 does the rest.
    assert.deepEqual(stopped, [{ worker: 0 }]);
    assert.deepEqual(undefinedAt(outcomes), [0, 1, 2]);
    outcomes.forEach((o, i) => {
      if (o !== undefined) assert.deepEqual(o, inProcess(i), files[i]);
    });
  },
);

test(
  'workers that fail to start (their entry cannot load) end the wait: every task comes back undefined, both reported stopped',
  { timeout: 60_000 },
  () => {
    const stopped: WorkerStopped[] = [];
    const outcomes = runInThreads(
      path.join(REPO_ROOT, 'out', 'no-such-entry.js'),
      2,
      { args, today: TODAY, tasks },
      {
        runHere: () => assert.fail('the main thread takes no task'),
        tick: () => undefined,
        stopped: (s) => stopped.push(s),
        mainTakesTasks: false,
      },
    );
    assert.deepEqual(outcomes, new Array(tasks.length).fill(undefined));
    assert.deepEqual(stopped, [{ worker: 0 }, { worker: 1 }]);
  },
);

test('workers that fail to start while the main thread takes tasks: it scans every file itself', { timeout: 60_000 }, () => {
  const ran: number[] = [];
  const outcomes = runInThreads(
    path.join(REPO_ROOT, 'out', 'no-such-entry.js'),
    2,
    { args, today: TODAY, tasks },
    {
      runHere: (i) => {
        ran.push(i);
        return inProcess(i);
      },
      tick: () => undefined,
      stopped: () => undefined,
    },
  );
  assert.deepEqual(
    ran,
    tasks.map((_, i) => i),
  );
  outcomes.forEach((o, i) => assert.deepEqual(o, inProcess(i), files[i]));
});

/**
 * A preload (`--require`, which worker threads run too) that holds worker 0 for 3 s before it
 * loads: the other threads could finish every other task first, which must change nothing.
 */
const SLOW_WORKER_0 = `
const wt = require('worker_threads');
const d = wt.workerData;
if (!wt.isMainThread && d && d.kind === 'kube-guardrails-scan' && d.worker === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
`;

/** Both death scenarios above, run in a process whose worker 0 starts last; prints what they gave as JSON. */
const RUN_BOTH = (out: string, tasks: unknown) => `
const { runCli } = require(${JSON.stringify(path.join(out, 'server/src/cli/main.js'))});
const { runInThreads } = require(${JSON.stringify(path.join(out, 'server/src/cli/parallel/pool.js'))});
const { parseArgs } = require(${JSON.stringify(path.join(out, 'server/src/cli/args.js'))});
let stdout = '', stderr = '';
const io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), workerDeathForTest: { task: 2, how: 'exit' }, threadsForTest: { cores: 2 } };
const code = runCli(['scan', '--format', 'json', '--jobs', '2', ${JSON.stringify(REALWORLD)}], io);
const stopped = [];
const outcomes = runInThreads(${JSON.stringify(ENTRY)}, 2, { args: parseArgs(['scan', ${JSON.stringify(REALWORLD)}]), today: '${TODAY}', tasks: ${JSON.stringify(tasks)} }, {
  runHere: () => { throw new Error('the main thread takes no task'); },
  tick: () => undefined,
  stopped: (s) => stopped.push(s),
  mainTakesTasks: false,
  dieOnTask: { task: 2, how: 'exit' },
});
process.stdout.write(JSON.stringify({ code, stdout, stderr, stopped, undefinedAt: outcomes.flatMap((o, i) => (o === undefined ? [i] : [])) }));
`;

test(
  'a worker 0 that starts after the other threads did every other task still dies on its task: same outcomes',
  { timeout: 300_000 },
  () => {
    const t = tree({ 'slow.js': SLOW_WORKER_0, 'both.js': RUN_BOTH(path.join(REPO_ROOT, 'out'), tasks) });
    try {
      const r = spawnSync(process.execPath, ['--require', t.p('slow.js'), t.p('both.js')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as { code: number; stdout: string; stderr: string; stopped: unknown; undefinedAt: number[] };
      const one = cli('scan', '--format', 'json', '--jobs', '1', REALWORLD);
      assert.deepEqual(
        { code: got.code, stdout: got.stdout, stderr: got.stderr },
        { code: one.code, stdout: one.stdout, stderr: DEATH_WARNING },
      );
      assert.deepEqual(got.stopped, [{ worker: 0 }]);
      assert.deepEqual(got.undefinedAt, [0, 1, 2]);
    } finally {
      t.cleanup();
    }
  },
);

test('stoppedWarning: one line for every stopped worker, by case (not started, threw, died), and whether files were redone', () => {
  assert.equal(stoppedWarning([], false), undefined);
  assert.equal(
    stoppedWarning([{ worker: 0 }], true),
    'a scan worker thread ended before finishing (a crash, or out of memory); the main thread scanned the files it had not reported',
  );
  assert.equal(
    stoppedWarning([{ worker: 0, error: 'boom' }], false),
    'a scan worker thread ended before finishing (it threw: boom); no file was left out of the report',
  );
  assert.equal(
    stoppedWarning(
      [
        { worker: 0, notStarted: 'Access to this API has been restricted' },
        { worker: 1, notStarted: 'Access to this API has been restricted' },
      ],
      false,
    ),
    '2 scan worker threads could not start (Access to this API has been restricted); no file was left out of the report',
  );
  assert.equal(
    stoppedWarning([{ worker: 0, notStarted: 'no threads' }, { worker: 1, error: 'boom' }, { worker: 2 }], true),
    'a scan worker thread could not start (no threads); 2 scan worker threads ended before finishing (a crash, or out of memory); the main thread scanned the files they had not reported',
  );
});

test('workers the permission model forbids (ERR_ACCESS_DENIED): one warning with its reason, the same report', { timeout: 300_000 }, () => {
  const t = tree({
    'scan.js': `
const { runCli } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js'))});
let stdout = '', stderr = '';
const code = runCli(['scan', '--format', 'json', '--jobs', '3', ${JSON.stringify(REALWORLD)}], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), threadsForTest: { cores: 3 } });
process.stdout.write(JSON.stringify({ code, stdout, stderr }));
`,
  });
  try {
    // Node 23.5 renamed the flag (--experimental-permission before).
    const permission = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const r = spawnSync(process.execPath, [permission, '--allow-fs-read=*', '--no-warnings', t.p('scan.js')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.equal(r.status, 0, r.stderr);
    const one = cli('scan', '--format', 'json', '--jobs', '1', REALWORLD);
    assert.deepEqual(JSON.parse(r.stdout), {
      code: one.code,
      stdout: one.stdout,
      stderr:
        'kube-guardrails: 2 scan worker threads could not start (Access to this API has been restricted); no file was left out of the report\n',
    });
  } finally {
    t.cleanup();
  }
});
