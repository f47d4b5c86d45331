import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { generateWorkspace } from './generatedRepo';
import { fmt, median, table, timeMs } from './stats';

/**
 * (h) `kube-guardrails scan` of the generated 10,000-file repository as CI runs it (a process,
 * JSON to a pipe), with `--jobs 1` and `--jobs 2`, against a bare read + `yaml` parse + toJS of
 * the same files in this process and the CLI's own start-up (`--version`). Wall-clock medians.
 */
export function benchCliScan(cliJs: string, runs: number): string {
  const dir = generateWorkspace(10_000);
  try {
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.yaml')).map((n) => path.join(dir, n));
    const bare = median(
      Array.from({ length: runs }, () =>
        timeMs(() => {
          for (const f of files) parseAllDocuments(fs.readFileSync(f, 'utf8')).forEach((d) => d.toJS());
        }),
      ),
    );
    const run = (args: string[]) =>
      median(
        Array.from({ length: runs }, () =>
          timeMs(() => {
            const r = spawnSync(process.execPath, [cliJs, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
            if (r.status !== 0 && r.status !== 1) throw new Error(`kube-guardrails ${args.join(' ')} exited ${r.status}`);
          }),
        ),
      );
    const start = run(['--version']);
    const one = run(['scan', '--format', 'json', '--jobs', '1', dir]);
    const two = run(['scan', '--format', 'json', '--jobs', '2', dir]);
    const perFile = (ms: number) => `${((ms * 1000) / files.length).toFixed(0)} µs`;
    return table(
      ['10,000 generated files', 'wall ms', 'per file', 'vs bare parse', 'vs --jobs 1'],
      [
        ['bare read + yaml parse + toJS (in-process)', fmt(bare), perFile(bare), '1.00x', ''],
        ['process start (--version)', fmt(start), '', '', ''],
        ['scan --jobs 1', fmt(one), perFile(one), `${(one / bare).toFixed(2)}x`, '1.00x'],
        ['scan --jobs 2', fmt(two), perFile(two), `${(two / bare).toFixed(2)}x`, `${(one / two).toFixed(2)}x faster`],
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
