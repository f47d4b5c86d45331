import * as assert from 'node:assert/strict';
import * as path from 'path';
import { analyzeText } from '../server/src/core/engine/analyze';
import type { Finding } from '../server/src/core/engine/finding';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../server/src/core/engine/options';
import { defineWorkspaceRule, type WorkspaceRule } from '../server/src/core/workspace/types';
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
/** The LSP tests' one-finding document: a Pod whose container runs privileged (pss-privileged at 9:6-9:22). */
export const PRIVILEGED_POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx:1.27',
  '    securityContext:',
  '      privileged: true',
);

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

/** A container for `pod()` / `deployment()`: `lines` are its other keys as written, indented by the builder. */
export interface ContainerInput {
  name?: string;
  image?: string;
  lines?: string[];
}

/** What `pod()` and `deployment()` vary; everything else is the smallest valid manifest. */
export interface WorkloadInput {
  /** `metadata.name`; `p` for a Pod, `web` for a Deployment. */
  name?: string;
  namespace?: string;
  /** Pod spec keys written before `containers:`, relative to the pod spec's column. */
  spec?: string[];
  /** Default: one container `app` with image `example.com/app:1.0.0`. */
  containers?: ContainerInput[];
}

const DEFAULT_CONTAINER: ContainerInput = { name: 'app', image: 'example.com/app:1.0.0' };

/** The pod spec's lines at column `indent`: `spec` lines, then `containers:` in block style. */
function podSpecLines(input: WorkloadInput, indent: string): string[] {
  const out = (input.spec ?? []).map((l) => indent + l);
  out.push(`${indent}containers:`);
  for (const c of input.containers ?? [DEFAULT_CONTAINER]) {
    const keys = [
      ...(c.name === undefined ? [] : [`name: ${c.name}`]),
      ...(c.image === undefined ? [] : [`image: ${c.image}`]),
      ...(c.lines ?? []),
    ];
    keys.forEach((k, i) => out.push(`${indent}${i === 0 ? '- ' : '  '}${k}`));
  }
  return out;
}

function metadataLine(name: string, namespace: string | undefined): string {
  return namespace === undefined ? `metadata: {name: ${name}}` : `metadata: {name: ${name}, namespace: ${namespace}}`;
}

/**
 * A Pod manifest as YAML text, e.g. `pod({ spec: ['hostPID: true'], containers: [{ name: 'a', lines: ['securityContext: {privileged: true}'] }] })`:
 * ```
 * apiVersion: v1
 * kind: Pod
 * metadata: {name: p}
 * spec:
 *   hostPID: true
 *   containers:
 *   - name: a
 *     securityContext: {privileged: true}
 * ```
 */
export function pod(input: WorkloadInput = {}): string {
  return yaml('apiVersion: v1', 'kind: Pod', metadataLine(input.name ?? 'p', input.namespace), 'spec:', ...podSpecLines(input, '  '));
}

/**
 * A Deployment manifest as YAML text: block `metadata:` (as the rule fixtures write it), and
 * the same pod spec as `pod()` under `spec.template.spec`.
 */
export function deployment(input: WorkloadInput = {}): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${input.name ?? 'web'}`,
    ...(input.namespace === undefined ? [] : [`  namespace: ${input.namespace}`]),
    'spec:',
    '  template:',
    '    spec:',
    ...podSpecLines(input, '      '),
  );
}

/** A cross-file rule `ws-throws` that throws `boom`: what the CLI and the editor do when one fails. */
export function throwingWorkspaceRule(): WorkspaceRule {
  return defineWorkspaceRule({
    id: 'ws-throws',
    title: 'ws-throws',
    severity: 'warning',
    category: 'network',
    description: 'test rule',
    remediation: 'None.',
    checkWorkspace: () => {
      throw new Error('boom');
    },
  });
}
