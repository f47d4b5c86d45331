import type { Severity } from '../core/types';
import { takeValue, UsageError } from './argv';

/**
 * `scan`'s report and exit-policy flags (`--fail-on`, `--max-warnings`, `--quiet`, `--output`)
 * and its fix flags (`--fix`, `--fix-dry-run`), kept apart from the analysis flags in args.ts.
 */
export interface OutputArgs {
  /** Exit 1 when a finding at or above this severity remains (default error). */
  failOn: Severity;
  /** Exit 1 when more than this many warnings remain (reported or not); undefined: no limit. */
  maxWarnings?: number | undefined;
  /** Report error-severity findings only (the exit policy still counts every finding). */
  quiet: boolean;
  /** Write the report to this file instead of standard output. */
  output?: string | undefined;
  /** Apply every verified fix in place, then report what remains. */
  fix: boolean;
  /** Print the verified fixes as a unified diff instead of the report; change nothing; exit as `--fix` would. */
  fixDryRun: boolean;
}

export const DEFAULT_OUTPUT_ARGS: OutputArgs = { failOn: 'error', quiet: false, fix: false, fixDryRun: false };

/**
 * Parses one of the flags above at `argv[i]` into `out`: the index of the last argument it
 * used, or undefined when `flag` is none of them. Throws a UsageError on a bad value.
 */
export function parseOutputFlag(flag: string, argv: readonly string[], i: number, out: OutputArgs): number | undefined {
  switch (flag) {
    case '--fix':
      out.fix = true;
      return i;
    case '--fix-dry-run':
      out.fixDryRun = true;
      return i;
    case '--quiet':
      out.quiet = true;
      return i;
    case '--fail-on': {
      const [v, j] = takeValue(argv, i, flag);
      if (v !== 'error' && v !== 'warning' && v !== 'info') throw new UsageError(`--fail-on must be error, warning or info, not "${v}"`);
      out.failOn = v;
      return j;
    }
    case '--max-warnings': {
      const [v, j] = takeValue(argv, i, flag);
      // A count, as ESLint takes it: digits only (no "1e3", no "-1", no "0x10").
      if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--max-warnings must be a whole number (0 or more), not "${v}"`);
      out.maxWarnings = Number(v);
      return j;
    }
    case '--output':
    case '-o': {
      const [v, j] = takeValue(argv, i, flag);
      out.output = outputFileName(flag, v);
      return j;
    }
    default:
      return undefined;
  }
}

/** Combinations that cannot work, checked once every flag is read. */
export function checkOutputArgs(out: OutputArgs, paths: readonly string[]): void {
  if (out.fix && out.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  // Like ESLint: a stream has no file to write back to; the diff shows what --fix would change.
  if (out.fix && paths.includes('-'))
    throw new UsageError('--fix cannot write to standard input; use --fix-dry-run to print the fixes as a diff');
}

/**
 * The file an `--output` flag names. `-` is refused rather than written as a file named `-`
 * (where a user who meant standard output would not look) or taken as standard output (which
 * is already where the report goes without the flag; `--fix-dry-run` prints its diff there).
 */
export function outputFileName(flag: string, value: string): string {
  if (value === '') throw new UsageError(`${flag} needs a file name`);
  if (value === '-') throw new UsageError(`${flag} -: the report goes to standard output without ${flag}; for a file named -, write ./-`);
  return value;
}
