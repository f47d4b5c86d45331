import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { activeRules, analyzeDocument, analyzeText, type FileAnalysis } from '../../server/src/core/engine/analyze';
import { DocumentCache } from '../../server/src/core/engine/documentCache';
import { compareFindings, type Finding } from '../../server/src/core/engine/finding';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { RULES } from '../../server/src/core/rules/registry';
import { splitDocuments, sniffKind } from '../../server/src/core/yaml/chunks';
import { parseFile } from '../../server/src/core/yaml/parseFile';
import { rng, SHARED } from '../helpers';

const REALWORLD = path.join(SHARED, 'corpus', 'realworld');

function realworldFiles(): string[] {
  assert.ok(fs.existsSync(REALWORLD), `corpus missing: ${REALWORLD}`);
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(REALWORLD);
  return out;
}

/** The reference: parse the whole text at once and analyse every document. */
function analyzeWhole(text: string, options: AnalysisOptions): Finding[] {
  const parsed = parseFile(text);
  const active = activeRules(options, RULES);
  const findings = parsed.documents.flatMap((d) => analyzeDocument(d, text, active, options).findings);
  return findings.sort(compareFindings);
}

/** What must agree between two analyses (fix proposals hold AST nodes, compared by title). */
function comparable(findings: Finding[]): unknown[] {
  return findings.map((f) => [f.ruleId, f.severity, f.range.start, f.range.end, f.message, f.documentIndex, f.fix?.title ?? null]);
}

function summary(a: FileAnalysis): unknown[] {
  return comparable(a.findings);
}

test('splitting at document markers is exact: chunked analysis equals parsing the whole file', () => {
  const files = realworldFiles();
  assert.ok(files.length >= 100, `expected the realworld corpus, found ${files.length} files`);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    assert.deepEqual(comparable(analyzeText(text, DEFAULT_OPTIONS).findings), comparable(analyzeWhole(text, DEFAULT_OPTIONS)), file);
  }
});

test('document splitting handles markers, comments, directives and bare documents', () => {
  assert.deepEqual(splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n'), [
    { start: 0, end: 5 },
    { start: 5, end: 14 },
    { start: 14, end: 27 },
  ]);
  assert.deepEqual(splitDocuments('a: "x\n ---y"\n----\n'), [{ start: 0, end: 18 }], '`----` and indented `---` are not markers');
  assert.equal(splitDocuments('%YAML 1.2\n---\na: 1\n'), undefined, 'directives: parse whole');
  const bare = 'kind: A\napiVersion: v1\n...\nkind: B\napiVersion: v1\n---\nkind: C\napiVersion: v1\n';
  assert.deepEqual(comparable(analyzeText(bare, DEFAULT_OPTIONS).findings), comparable(analyzeWhole(bare, DEFAULT_OPTIONS)));
});

test('kind sniffing is certain or silent', () => {
  assert.deepEqual(sniffKind('apiVersion: v1\nkind: ConfigMap # c\r\ndata: {}\n'), { apiVersion: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(sniffKind('---\nkind: "CustomResourceDefinition"\napiVersion: apiextensions.k8s.io/v1\n'), {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
  });
  assert.equal(sniffKind('{apiVersion: v1, kind: ConfigMap}'), undefined, 'flow style: parse');
  assert.equal(sniffKind('apiVersion: v1\nkind: ConfigMap\nkind: Pod\n'), undefined, 'duplicates: parse');
  assert.equal(sniffKind('apiVersion: v1\nkind: !!str ConfigMap\n'), undefined, 'tags: parse');
  assert.equal(sniffKind('apiVersion: v1\n  kind: ConfigMap\n'), undefined, 'not top level');
});

test('documents of kinds no rule inspects are not parsed', () => {
  const text = fs.readFileSync(path.join(REALWORLD, 'argo-cd', 'install.yaml'), 'utf8');
  const r = analyzeText(text, DEFAULT_OPTIONS);
  const kinds = new Set(r.unparsed.map((u) => u.kind));
  assert.ok(kinds.has('CustomResourceDefinition'), 'the CRDs are recognised and skipped');
  assert.ok(!r.parsed.documents.some((d) => d.doc.get('kind') === 'CustomResourceDefinition'));
  assert.equal(r.parsed.documents.length + r.unparsed.length, parseFile(text).documents.length, 'every document is accounted for');
});

/** A random edit of `text`: [start, end) replaced by `insert`. */
function randomEdit(text: string, random: () => number, alphabet: readonly string[]): { start: number; end: number; insert: string } {
  const at = Math.floor(random() * text.length);
  const op = random();
  if (op < 0.45) return { start: at, end: at, insert: alphabet[Math.floor(random() * alphabet.length)]! };
  if (op < 0.9) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(random() * 40)), insert: '' };
  // Replace a whole line: also exercises edits that change a document's kind.
  const ls = text.lastIndexOf('\n', at) + 1;
  const le = text.indexOf('\n', at);
  return { start: ls, end: le < 0 ? text.length : le, insert: alphabet[Math.floor(random() * alphabet.length)]! };
}

test('incremental analysis equals a fresh analysis after every random edit', () => {
  const files = ['argo-cd/install.yaml', 'kube-prometheus/all-manifests.yaml', 'ingress-nginx/deploy-cloud.yaml', 'istio/bookinfo.yaml'];
  const alphabet = [
    'a',
    ' ',
    '\n',
    ':',
    '-',
    '---\n',
    '\n---\n',
    'true',
    'privileged: true\n',
    '#',
    '"',
    '{',
    '}',
    '  ',
    'kind: Pod\n',
    'apiVersion: v1\n',
  ];
  const random = rng(20261123);
  let edits = 0;
  for (const name of files) {
    let text = fs.readFileSync(path.join(REALWORLD, name), 'utf8');
    // One cache matches chunks by content; the other is told each edit, as the editor does.
    const byContent = new DocumentCache();
    const tracked = new DocumentCache({ tracksEdits: true });
    analyzeText(text, DEFAULT_OPTIONS, RULES, byContent);
    analyzeText(text, DEFAULT_OPTIONS, RULES, tracked);
    for (let i = 0; i < 40; i++) {
      // Sometimes two edits land before the next analysis (typing faster than the debounce).
      for (let k = random() < 0.25 ? 2 : 1; k > 0; k--) {
        const { start, end, insert } = randomEdit(text, random, alphabet);
        text = text.slice(0, start) + insert + text.slice(end);
        tracked.noteEdit(start, end, insert.length);
      }
      edits++;
      const fresh = summary(analyzeText(text, DEFAULT_OPTIONS));
      assert.deepEqual(summary(analyzeText(text, DEFAULT_OPTIONS, RULES, byContent)), fresh, `${name} after edit ${i} (by content)`);
      assert.deepEqual(summary(analyzeText(text, DEFAULT_OPTIONS, RULES, tracked)), fresh, `${name} after edit ${i} (tracked)`);
    }
    // Parsing the whole 5.6 MB bundle is the slow path this design avoids: compare with it
    // once per file, after all the edits. Syntax errors are left out of this one comparison:
    // parsing the whole text, `yaml` lets an unclosed quote run on past a `---` line (which
    // YAML forbids inside a scalar), so where the error lands legitimately differs from the
    // per-section parse, which reports it in the section where the quote opened.
    const noSyntax = (fs: Finding[]) => fs.filter((f) => f.ruleId !== 'yaml-syntax');
    assert.deepEqual(
      comparable(noSyntax(analyzeText(text, DEFAULT_OPTIONS, RULES, tracked).findings)),
      comparable(noSyntax(analyzeWhole(text, DEFAULT_OPTIONS))),
      `${name}: whole parse`,
    );
  }
  assert.equal(edits, 160);
});

test('a tracked edit that adds a directive, a marker or a document is planned like a fresh split', () => {
  const pod = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: true}\n`;
  let text = `${pod('a')}---\n${pod('b')}---\n${pod('c')}`;
  const cache = new DocumentCache({ tracksEdits: true });
  const edit = (start: number, end: number, insert: string) => {
    text = text.slice(0, start) + insert + text.slice(end);
    cache.noteEdit(start, end, insert.length);
    const r = analyzeText(text, DEFAULT_OPTIONS, RULES, cache);
    assert.deepEqual(summary(r), comparable(analyzeWhole(text, DEFAULT_OPTIONS)), JSON.stringify(insert));
    assert.equal(r.parsed.documents.length, parseFile(text).documents.length, JSON.stringify(insert));
    return r;
  };
  analyzeText(text, DEFAULT_OPTIONS, RULES, cache);
  const second = text.indexOf('---\n') + 4;
  assert.equal(
    edit(second, second, '%YAML 1.2\n---\n').parsed.documents.length,
    4,
    'a directive: parsed whole (the empty document before it included)',
  );
  edit(second, second + '%YAML 1.2\n---\n'.length, '');
  assert.equal(edit(second, second, `${pod('x')}---\n`).parsed.documents.length, 4, 'a new document between two others');
  assert.equal(edit(0, text.length, pod('only')).parsed.documents.length, 1, 'the whole text replaced');
  // A NUL typed into the middle of a document: only the edit is screened, and it is caught.
  const mid = text.indexOf('spec:');
  text = text.slice(0, mid) + '\u0000' + text.slice(mid);
  cache.noteEdit(mid, mid, 1);
  assert.equal(analyzeText(text, DEFAULT_OPTIONS, RULES, cache).skipped?.reason, 'binary');
  text = text.slice(0, mid) + text.slice(mid + 1);
  cache.noteEdit(mid, mid + 1, 0);
  assert.deepEqual(
    summary(analyzeText(text, DEFAULT_OPTIONS, RULES, cache)),
    comparable(analyzeWhole(text, DEFAULT_OPTIONS)),
    'the NUL removed',
  );
  // Edits the cache was not told of: a length that does not add up means match by content.
  text = `${pod('p')}---\n${pod('q')}`;
  assert.deepEqual(summary(analyzeText(text, DEFAULT_OPTIONS, RULES, cache)), comparable(analyzeWhole(text, DEFAULT_OPTIONS)));
});

test('changing options invalidates the cache', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: true}\n';
  const cache = new DocumentCache();
  assert.equal(analyzeText(text, DEFAULT_OPTIONS, RULES, cache).findings.filter((f) => f.ruleId === 'pss-privileged').length, 1);
  const off = { ...DEFAULT_OPTIONS, rules: { 'pss-privileged': 'off' as const } };
  assert.equal(analyzeText(text, off, RULES, cache).findings.filter((f) => f.ruleId === 'pss-privileged').length, 0);
});
