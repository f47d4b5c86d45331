import * as assert from 'node:assert/strict';
import * as path from 'path';
import { analyzeText } from '../server/src/core/engine/analyze';
import type { Finding } from '../server/src/core/engine/finding';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../server/src/core/engine/options';
import { LineIndex } from '../server/src/core/yaml/lineIndex';

/** Repository root (tests run from out/test/...). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** ../shared beside the checkout. */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

/** A finding reduced to what tests assert: rule id and exact 0-based range as `line:col-line:col`. */
export interface Brief {
  ruleId: string;
  range: string;
}

export function rangeString(text: string, r: { start: number; end: number }): string {
  const li = new LineIndex(text);
  const s = li.positionAt(r.start);
  const e = li.positionAt(r.end);
  return `${s.line}:${s.character}-${e.line}:${e.character}`;
}

export function analyze(text: string, options: Partial<AnalysisOptions> = {}): Finding[] {
  return analyzeText(text, { ...DEFAULT_OPTIONS, ...options, rules: { ...DEFAULT_OPTIONS.rules, ...(options.rules ?? {}) } }).findings;
}

/** Findings of one rule as briefs, for exact comparisons. */
export function briefs(text: string, ruleId: string, options: Partial<AnalysisOptions> = {}): Brief[] {
  return analyze(text, options)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ ruleId: f.ruleId, range: rangeString(text, f.range) }));
}

/**
 * The range of the `occurrence`-th (0-based) appearance of `needle` in `text`, as a
 * `line:col-line:col` string: lets fixtures state expected ranges by the text underlined.
 */
export function rangeOfText(text: string, needle: string, occurrence = 0): string {
  let idx = -1;
  for (let i = 0; i <= occurrence; i++) {
    idx = text.indexOf(needle, idx + 1);
    assert.ok(idx >= 0, `"${needle}" (occurrence ${occurrence}) not found in fixture`);
  }
  return rangeString(text, { start: idx, end: idx + needle.length });
}

/** Joins lines with LF: fixtures written as arrays keep their indentation visible. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** Deterministic PRNG (mulberry32), so a randomised test's failure reproduces from its seed. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 0-based line and character of an offset, counting LF line breaks. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}
