import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyzeText, type FileAnalysis } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, computeFix, fixAll } from '../../server/src/core/fix';
import { splitDocuments } from '../../server/src/core/yaml/chunks';
import { SHARED } from '../helpers';

/**
 * Property-based fuzzing of the whole core: mutated corpus documents and generated
 * pod-shaped YAML must never make analysis throw, must analyse deterministically, and
 * every fix we would offer must still leave parseable YAML that no longer has the finding.
 * `FUZZ_RUNS` sets the number of runs per property (npm run fuzz uses many more).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

function corpusDocuments(): string[] {
  const pss = path.join(SHARED, 'corpus', 'pss', 'restricted', 'v1.37', 'fail');
  const rw = path.join(SHARED, 'corpus', 'realworld');
  assert.ok(fs.existsSync(pss) && fs.existsSync(rw), 'the shared corpus is required');
  const docs = fs
    .readdirSync(pss)
    .sort()
    .map((f) => fs.readFileSync(path.join(pss, f), 'utf8'));
  for (const f of ['istio/bookinfo.yaml', 'ingress-nginx/deploy-cloud.yaml', 'argo-cd/namespace-install.yaml']) {
    const text = fs.readFileSync(path.join(rw, f), 'utf8');
    for (const c of splitDocuments(text) ?? []) {
      const chunk = text.slice(c.start, c.end);
      if (chunk.length < 20_000) docs.push(chunk);
    }
  }
  return docs;
}

const TOKENS = [
  '\n',
  ' ',
  '  ',
  '- ',
  ': ',
  '---\n',
  '#',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!str ',
  '|\n',
  '>-\n',
  '\t',
  '\r\n',
  'true',
  'false',
  'null',
  '0',
  '~',
  'privileged: true\n',
  'hostNetwork: true\n',
  'securityContext: {}\n',
  '{{ .Values.x }}',
  '\ufeff',
  'é',
  '😀',
];

const mutation = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(30), insert: fc.constantFrom(...TOKENS) });

function mutate(text: string, muts: Array<{ at: number; remove: number; insert: string }>): string {
  for (const m of muts) {
    const i = Math.floor(m.at * text.length);
    text = text.slice(0, i) + m.insert + text.slice(i + m.remove);
  }
  return text;
}

const scalar = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom(
    'ALL',
    'NET_RAW',
    'SYS_ADMIN',
    'RuntimeDefault',
    'Unconfined',
    'Localhost',
    'runtime/default',
    'Default',
    'Unmasked',
    '',
    'x',
  ),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'privileged',
        'add',
        'drop',
        'type',
        'runAsUser',
        'runAsNonRoot',
        'hostPath',
        'path',
        'capabilities',
        'seccompProfile',
        'name',
      ),
      tie('v'),
      { maxKeys: 3 },
    ),
  ),
})).v;
const securityContext = fc.dictionary(
  fc.constantFrom(
    'privileged',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'runAsUser',
    'runAsGroup',
    'readOnlyRootFilesystem',
    'capabilities',
    'seccompProfile',
    'procMount',
    'seLinuxOptions',
    'appArmorProfile',
    'windowsOptions',
    'sysctls',
  ),
  value,
  { maxKeys: 5 },
);
const container = fc.record(
  {
    name: fc.constantFrom('app', 'side', 'init'),
    image: fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.27', 'r/x@sha256:' + 'a'.repeat(64)),
    securityContext,
    ports: fc.constantFrom(undefined, [{ containerPort: 80, hostPort: 80 }]),
  },
  { requiredKeys: ['name'] },
);
const podSpec = fc.record(
  {
    containers: fc.array(container, { maxLength: 2 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    securityContext,
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    volumes: fc.constantFrom(undefined, [
      { name: 'h', hostPath: { path: '/var/run/docker.sock' } },
      { name: 'e', emptyDir: {} },
    ]),
  },
  { requiredKeys: ['containers'] },
);
const manifest = fc.record({
  kind: fc.constantFrom('Pod', 'Deployment', 'CronJob', 'DaemonSet', 'Job'),
  spec: podSpec,
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  flow: fc.boolean(),
  crlf: fc.boolean(),
});

function render(m: { kind: string; spec: unknown; indent: number; indentSeq: boolean; flow: boolean; crlf: boolean }): string {
  const wrap = (spec: unknown): unknown => {
    switch (m.kind) {
      case 'Pod':
        return spec;
      case 'CronJob':
        return { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } };
      default:
        return { template: { spec } };
    }
  };
  const obj = { apiVersion: m.kind === 'Pod' ? 'v1' : 'apps/v1', kind: m.kind, metadata: { name: 'fuzz' }, spec: wrap(m.spec) };
  const text = stringify(obj, { indent: m.indent, indentSeq: m.indentSeq, collectionStyle: m.flow ? 'flow' : 'any' });
  return m.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function comparable(a: FileAnalysis): unknown {
  return a.findings.map((f) => [f.ruleId, f.severity, f.range.start, f.range.end, f.message, f.fix?.title ?? null]);
}

function parseErrors(a: FileAnalysis): number {
  return a.parsed.documents.filter((d) => d.error).length;
}

/** The properties every input must satisfy. */
function checkText(text: string): void {
  const first = analyzeText(text, DEFAULT_OPTIONS);
  const second = analyzeText(text, DEFAULT_OPTIONS);
  assert.deepEqual(comparable(second), comparable(first), 'deterministic');
  const reanalyze = (t: string) => analyzeText(t, DEFAULT_OPTIONS);
  for (const f of first.findings) {
    const edits = computeFix(first, f, reanalyze);
    if (!edits) continue;
    const after = reanalyze(applyEdits(text, edits));
    assert.ok(parseErrors(after) <= parseErrors(first), `fix "${f.fix?.title}" must not break the YAML`);
    const before = first.findings.filter((x) => x.ruleId === f.ruleId && x.documentIndex === f.documentIndex).length;
    const remaining = after.findings.filter((x) => x.ruleId === f.ruleId && x.documentIndex === f.documentIndex).length;
    assert.ok(remaining < before, `fix "${f.fix?.title}" must remove its ${f.ruleId} finding`);
  }
  const all = fixAll(first, reanalyze);
  if (all.edits.length)
    assert.ok(parseErrors(reanalyze(applyEdits(text, all.edits))) <= parseErrors(first), 'fix-all keeps the YAML parseable');
}

let runs = 0;

test(`fuzz: mutated corpus documents (${RUNS} runs, seed ${SEED})`, () => {
  const docs = corpusDocuments();
  fc.assert(
    fc.property(fc.nat(docs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, muts) => {
      runs++;
      checkText(mutate(docs[i]!, muts));
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test(`fuzz: generated pod specs in every style (${RUNS} runs, seed ${SEED})`, () => {
  fc.assert(
    fc.property(manifest, (m) => {
      runs++;
      checkText(render(m));
    }),
    { numRuns: RUNS, seed: SEED + 1 },
  );
});

/**
 * Hostile shapes (issue #13): deep nesting, wide maps, long arrays, control characters and
 * mixed line endings, placed in a privileged Pod. Properties: analysis never throws, finishes
 * (the test timeout), and fails closed: the file is skipped, a document is recorded as not
 * (fully) analysed, the YAML error is reported, or the privileged container is found.
 */
const HOSTILE_RUNS = Math.max(20, Math.min(500, Math.round(RUNS / 2)));
const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\ud800',
  '\t',
  '\r',
];
const hostilePayload = fc.oneof(
  fc.record({ kind: fc.constant('flow'), n: fc.integer({ min: 1, max: 3000 }), open: fc.constantFrom('[', '{a: ') }),
  fc.record({ kind: fc.constant('compact'), n: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('indent'), n: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('wide'), n: fc.integer({ min: 1, max: 5000 }), dup: fc.boolean() }),
  fc.record({ kind: fc.constant('long'), n: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({
    kind: fc.constant('control'),
    chars: fc.array(fc.constantFrom(...CONTROL), { minLength: 1, maxLength: 8 }),
    quoted: fc.boolean(),
  }),
);
const hostile = fc.record({
  payload: hostilePayload,
  breaks: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 3 }),
});

function hostileText(h: {
  payload: { kind: string; n?: number; open?: string; dup?: boolean; chars?: string[]; quoted?: boolean };
  breaks: string[];
}): string {
  const p = h.payload;
  const n = p.n ?? 0;
  let annotation = 'v';
  let extraContainers = '';
  if (p.kind === 'flow') annotation = p.open!.repeat(n) + (p.open === '[' ? ']' : '}').repeat(n);
  else if (p.kind === 'compact') annotation = '\n      ' + '- '.repeat(n) + 'x';
  else if (p.kind === 'indent') annotation = '\n' + Array.from({ length: n }, (_, i) => ' '.repeat(6 + i) + `k${i}:`).join('\n') + ' x';
  else if (p.kind === 'wide')
    annotation = '{' + Array.from({ length: n }, (_, i) => `k${p.dup && i === n - 1 ? 0 : i}: v`).join(', ') + '}';
  else if (p.kind === 'long') extraContainers = '  - {}\n'.repeat(n);
  else if (p.kind === 'control') annotation = p.quoted ? `"a${p.chars!.join('')}b"` : `a${p.chars!.join('')}b`;
  const text =
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      `    x: ${annotation}`,
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: nginx:1.27',
      '    securityContext:',
      '      privileged: true',
      '',
    ].join('\n') + extraContainers;
  let i = 0;
  return text.replace(/\n/g, () => h.breaks[i++ % h.breaks.length]!);
}

test(`fuzz: hostile shapes fail closed (${HOSTILE_RUNS} runs, seed ${SEED})`, { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(hostile, (h) => {
      runs++;
      const text = hostileText(h);
      const r = analyzeText(text, { ...DEFAULT_OPTIONS, documentBudgetMs: 60_000 });
      const ids = new Set(r.findings.map((f) => f.ruleId));
      const accounted = r.skipped !== undefined || r.ruleFailures.length > 0 || ids.has('yaml-syntax') || ids.has('pss-privileged');
      assert.ok(accounted, 'neither analysed (privileged found) nor reported as not analysed');
      for (const f of r.findings)
        assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, 'ranges inside the text');
    }),
    { numRuns: HOSTILE_RUNS, seed: SEED + 2 },
  );
});

test('fuzz: run count', () => {
  assert.equal(runs, 2 * RUNS + HOSTILE_RUNS);
  console.log(`fuzz: ${runs} runs, 0 failures`);
});
