import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { Progress } from '../../server/src/cli/progress';
import { REPO_ROOT } from '../helpers';
import { cli } from './cli-helpers';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CLEAR = '\r\x1b[K';

/** Runs the CLI with a fake terminal on stderr and a clock that moves `step` ms per reading; every write in order. */
function runWithTerminal(argv: string[], step: number, isTTY = true): { code: number; writes: Array<['out' | 'err', string]> } {
  const writes: Array<['out' | 'err', string]> = [];
  let t = 0;
  const io: CliIO = {
    stdout: (s) => writes.push(['out', s]),
    stderr: (s) => writes.push(['err', s]),
    stderrIsTTY: isTTY,
    now: () => (t += step),
  };
  return { code: runCli(argv, io), writes };
}

const progressLines = (writes: Array<['out' | 'err', string]>) => writes.filter(([, s]) => s.startsWith(CLEAR)).map(([, s]) => s);

test('a slow stylish scan on a terminal shows files done/total and the phase on stderr, then erases the line before the report', () => {
  const plain = cli('scan', EXAMPLES);
  const { code, writes } = runWithTerminal(['scan', '--jobs', '1', EXAMPLES], 400);
  assert.equal(code, plain.code);
  const lines = progressLines(writes);
  const files = lines.filter((l) => / \d+\/\d+ files, analysing files$/.test(l));
  assert.ok(files.length > 0, lines.join('\n'));
  // The counts go up to the files scanned alone (6: the rest of examples/ is read by its kustomization and chart).
  const total = 6;
  assert.equal(lines.filter((l) => l === `${CLEAR}kube-guardrails: ${total}/${total} files, analysing files`).length, 1, lines.join('\n'));
  assert.ok(lines.includes(`${CLEAR}kube-guardrails: ${total}/${total} files, builds and cross-file rules`), lines.join('\n'));
  // Erased (a bare clear) right before the report, which is unchanged.
  const firstOut = writes.findIndex(([k]) => k === 'out');
  assert.deepEqual(writes[firstOut - 1], ['err', CLEAR]);
  assert.equal(
    writes
      .filter(([k]) => k === 'out')
      .map(([, s]) => s)
      .join(''),
    plain.stdout,
  );
  // Nothing else on stderr: examples/ has no error.
  assert.equal(
    writes
      .filter(([k, s]) => k === 'err' && !s.startsWith(CLEAR))
      .map(([, s]) => s)
      .join(''),
    '',
  );
});

test('progress with worker threads names the number of jobs', () => {
  const { writes } = runWithTerminal(['scan', '--jobs', '2', EXAMPLES], 400);
  const lines = progressLines(writes);
  assert.ok(
    lines.some((l) => l.startsWith(CLEAR) && /^kube-guardrails: (\d+\/6 files, )?analysing files \(2 jobs\)$/.test(l.slice(CLEAR.length))),
    lines.join('\n'),
  );
});

test('no progress: in json or sarif, when stderr is not a terminal, or when the scan takes under a second', () => {
  for (const [argv, step, tty] of [
    [['scan', '--format', 'json', EXAMPLES], 400, true],
    [['scan', '--format', 'sarif', EXAMPLES], 400, true],
    [['scan', EXAMPLES], 400, false],
    [['scan', EXAMPLES], 0.001, true],
  ] as const) {
    const { writes } = runWithTerminal([...argv], step, tty);
    assert.deepEqual(
      writes.filter(([, s]) => s.includes('\r') || s.includes('\x1b')),
      [],
      argv.join(' '),
    );
  }
});

test('Progress: throttled redraws, forced on a phase change, and no erase when nothing was drawn', () => {
  const out: string[] = [];
  let t = 0;
  const p = new Progress(
    (s) => out.push(s),
    () => t,
  );
  p.files(1, 10);
  t = 1000;
  p.files(2, 10);
  t = 1050;
  p.files(3, 10); // under 100 ms since the last redraw: skipped
  t = 1060;
  p.phase('cross-file rules'); // a new phase is always drawn
  t = 1200;
  p.files(10, 10);
  p.end();
  p.end(); // erased once
  assert.deepEqual(out, [
    `${CLEAR}kube-guardrails: 2/10 files, reading files`,
    `${CLEAR}kube-guardrails: 3/10 files, cross-file rules`,
    `${CLEAR}kube-guardrails: 10/10 files, cross-file rules`,
    CLEAR,
  ]);
  const quiet: string[] = [];
  const q = new Progress(
    (s) => quiet.push(s),
    () => 0,
  );
  q.files(5, 5);
  q.end();
  assert.deepEqual(quiet, []);
});
