import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';

/**
 * The CPU time (user + system, ms) of the children this process has waited for, on Linux: the
 * `cutime` and `cstime` fields of `/proc/self/stat`. A child's worker threads and V8's
 * background threads (concurrent compilation, GC helpers) are threads of that child, so they
 * count. Undefined elsewhere (no /proc): the benchmark then leaves its CPU columns out.
 */
function childrenCpuMs(): number | undefined {
  // First: the first call runs `getconf`, a child whose own CPU time must not land between two readings.
  const perSecond = clockTicks();
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  const ticks = childrenTicks(stat);
  if (ticks === undefined) return undefined;
  return (ticks * 1000) / perSecond;
}

/**
 * The waited-for children's user + system clock ticks (`cutime` + `cstime`) in the text of a
 * `/proc/<pid>/stat` file; undefined if it is not of that form.
 */
export function childrenTicks(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses: count the
  // fields after its last ")". After it, state is field 3, so cutime (16) and cstime (17) are the 14th and 15th.
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isInteger(cutime) && Number.isInteger(cstime) && fields.length >= 15 ? cutime + cstime : undefined;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on every common Linux build). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    ticksPerSecond = r.status === 0 && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}

/** One child run: its wall-clock time and, on Linux, its CPU time (both ms). */
export interface ChildRun {
  wallMs: number;
  cpuMs: number | undefined;
  result: SpawnSyncReturns<Buffer>;
}

/** Runs `command args` to completion with its output discarded, timing its wall clock and CPU. */
export function timeChild(command: string, args: readonly string[]): ChildRun {
  const cpuBefore = childrenCpuMs();
  const t = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const cpuAfter = childrenCpuMs();
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wallMs, cpuMs, result };
}
