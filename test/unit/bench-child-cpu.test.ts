import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { childrenTicks } from '../../bench/childCpu';

// The benchmark's CPU column (bench/cliScan.ts) reads the waited-for children's CPU time from /proc/self/stat.

/** A /proc/<pid>/stat line of `comm` whose utime, stime, cutime and cstime (fields 14 to 17) are the given ticks. */
function statLine(comm: string, utime: number, stime: number, cutime: number, cstime: number): string {
  // Fields 3 to 13: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt.
  const before = 'R 1869 1869 24492 0 -1 4194304 97 0 0 0';
  return `1872 (${comm}) ${before} ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 3767515 3133440 384\n`;
}

test('childrenTicks adds cutime and cstime, not the process own utime and stime', () => {
  assert.equal(childrenTicks(statLine('node', 5, 7, 311, 29)), 340);
});

test('childrenTicks counts the fields after the last ")": a command name with spaces and parentheses', () => {
  assert.equal(childrenTicks(statLine('a (b) c) d', 1, 2, 40, 2)), 42);
});

test('childrenTicks: undefined for a text that is not a stat line', () => {
  assert.equal(childrenTicks(''), undefined);
  assert.equal(childrenTicks('1872 (node) R 1 2 3'), undefined);
  assert.equal(childrenTicks('1872 node R 1869 1869 24492 0 -1 4194304 97 0 0 0 1 2 3 4 20'), undefined);
});
