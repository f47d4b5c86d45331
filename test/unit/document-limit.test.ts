import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ANALYSIS_LIMIT, analyzeText, MAX_CONTAINERS_PER_POD, MAX_DOCUMENTS_PER_FILE } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { DocumentCache } from '../../server/src/core/engine/documentCache';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { MAX_DOCUMENT_LINES } from '../../server/src/core/yaml/parseFile';
import { cli, tree } from './cli-helpers';

/** `n` privileged Pods, one per `---` document. */
function pods(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n`,
    );
  }
  return docs.join('---\n');
}

const OVER = MAX_DOCUMENTS_PER_FILE + 5;

test('a file is analysed up to MAX_DOCUMENTS_PER_FILE documents; the rest is recorded as not analysed, never dropped silently', () => {
  assert.equal(MAX_DOCUMENTS_PER_FILE, 2000);
  const text = pods(OVER);
  for (const cache of [undefined, new DocumentCache({ tracksEdits: false })]) {
    const a = analyzeText(text, DEFAULT_OPTIONS, undefined, cache);
    const privileged = a.findings.filter((f) => f.ruleId === 'pss-privileged');
    assert.equal(privileged.length, MAX_DOCUMENTS_PER_FILE);
    assert.equal(privileged.at(-1)?.object.name, `p${MAX_DOCUMENTS_PER_FILE - 1}`);
    assert.deepEqual(
      a.ruleFailures.filter((f) => f.ruleId === ANALYSIS_LIMIT),
      [
        {
          ruleId: ANALYSIS_LIMIT,
          documentIndex: MAX_DOCUMENTS_PER_FILE,
          message: `documents ${MAX_DOCUMENTS_PER_FILE + 1} and after (5 more) not analysed: a file is analysed up to ${MAX_DOCUMENTS_PER_FILE} documents; split it into smaller files`,
        },
      ],
    );
  }
  // At the limit, nothing is cut.
  assert.deepEqual(analyzeText(pods(MAX_DOCUMENTS_PER_FILE), DEFAULT_OPTIONS).ruleFailures, []);
});

test('the workspace index takes a file up to the same limit and lists the rest as a failure', () => {
  const index = new WorkspaceIndex();
  index.setFileText('/w/pods.yaml', pods(OVER));
  assert.deepEqual(index.failures(), [
    {
      file: '/w/pods.yaml',
      documentIndex: MAX_DOCUMENTS_PER_FILE,
      message: `documents ${MAX_DOCUMENTS_PER_FILE + 1} and after (5 more) not indexed: a file is analysed up to ${MAX_DOCUMENTS_PER_FILE} documents`,
    },
  ]);
});

test('CLI: a file over the document limit exits 2 with one error for the cut (the index does not repeat it)', () => {
  const t = tree({ 'pods.yaml': pods(OVER) });
  try {
    const r = cli('scan', '--no-config', '-f', 'json', t.root);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout).errors, [
      {
        file: t.p('pods.yaml'),
        documentIndex: MAX_DOCUMENTS_PER_FILE,
        reason: ANALYSIS_LIMIT,
        message: `document ${MAX_DOCUMENTS_PER_FILE + 1} not fully analysed: documents ${MAX_DOCUMENTS_PER_FILE + 1} and after (5 more) not analysed: a file is analysed up to ${MAX_DOCUMENTS_PER_FILE} documents; split it into smaller files`,
      },
    ]);
  } finally {
    t.cleanup();
  }
});

test('a pod with more than MAX_CONTAINERS_PER_POD containers: the first ones are analysed, the cut is recorded', () => {
  assert.equal(MAX_CONTAINERS_PER_POD, 1000);
  const containers = (n: number) =>
    Array.from({ length: n }, (_, i) => `  - {name: c${i}, image: nginx:1.27, securityContext: {privileged: true}}\n`).join('');
  const pod = (n: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\nspec:\n  containers:\n${containers(n)}`;
  const over = analyzeText(pod(MAX_CONTAINERS_PER_POD + 1), DEFAULT_OPTIONS);
  const privileged = over.findings.filter((f) => f.ruleId === 'pss-privileged');
  assert.equal(privileged.length, MAX_CONTAINERS_PER_POD);
  assert.equal(privileged.at(-1)?.message, `Container "c${MAX_CONTAINERS_PER_POD - 1}" of Pod "wide" is privileged.`);
  assert.deepEqual(over.ruleFailures, [
    {
      ruleId: ANALYSIS_LIMIT,
      documentIndex: 0,
      message: `document 1: only the first ${MAX_CONTAINERS_PER_POD} of its ${MAX_CONTAINERS_PER_POD + 1} containers are analysed`,
    },
  ]);
  const at = analyzeText(pod(MAX_CONTAINERS_PER_POD), DEFAULT_OPTIONS);
  assert.equal(at.findings.filter((f) => f.ruleId === 'pss-privileged').length, MAX_CONTAINERS_PER_POD);
  assert.deepEqual(at.ruleFailures, []);
});

test('a document longer than MAX_DOCUMENT_LINES lines is not parsed: recorded as not analysed and not indexed, in the file and the index', () => {
  assert.equal(MAX_DOCUMENT_LINES, 100_000);
  const head =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n';
  const long = head + '  - {}\n'.repeat(MAX_DOCUMENT_LINES);
  const text = `${pods(1)}---\n${long}`;
  const a = analyzeText(text, DEFAULT_OPTIONS);
  // The first document is analysed as usual; the long one not at all (no findings from it).
  assert.deepEqual(
    a.findings.filter((f) => f.ruleId === 'pss-privileged').map((f) => f.object.name),
    ['p0'],
  );
  const line = text.slice(0, text.indexOf('\n', text.indexOf(head) + 1)).split('\n').length + MAX_DOCUMENT_LINES - 1;
  assert.deepEqual(a.ruleFailures, [
    {
      ruleId: ANALYSIS_LIMIT,
      documentIndex: 1,
      message: `document 2 was not analysed: longer than ${MAX_DOCUMENT_LINES} lines (line ${line})`,
    },
  ]);
  const index = new WorkspaceIndex();
  index.setFileText('/w/long.yaml', text);
  assert.deepEqual(index.failures(), [
    { file: '/w/long.yaml', documentIndex: 1, message: `not indexed: longer than ${MAX_DOCUMENT_LINES} lines` },
  ]);
});
