import type { ScanReport } from './report';

/** `--shard i/n`: this CI job is shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); undefined when malformed. */
export function parseShard(value: string): Shard | undefined {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(value);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Whether `shard` reports `file`: by a hash of the path as scanned (separators made `/`), so
 * a file stays in its shard when unrelated files are added or removed, and every shard of
 * every runner agrees without talking to each other. The union of the shards is every file,
 * each exactly once.
 */
export function ownsFile(shard: Shard | undefined, file: string): boolean {
  if (!shard || shard.count === 1) return true;
  return (fnv1a(file.replace(/\\/g, '/')) % shard.count) + 1 === shard.index;
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs, platforms and Node versions. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Keeps the shard's part of a full report: its files' findings (cross-file and build findings
 * included, placed where they were written) and errors. An error of no file (a cross-file rule
 * failed) concerns every shard's files: each shard keeps it.
 */
export function keepShard(report: ScanReport, shard: Shard): void {
  report.files = report.files.filter((f) => ownsFile(shard, f.file));
  report.errors = report.errors.filter((e) => e.file === undefined || ownsFile(shard, e.file));
}
