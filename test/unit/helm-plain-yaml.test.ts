/**
 * readYaml's fast reader (helm/plainYaml.ts) against the `yaml` library it stands in for: the
 * constructs it reads give the library's exact values, everything else is left to the library
 * (readPlainYaml returns undefined), and over every document of the Helm corpus's expected
 * output (what manifestHead reads) and its values files both readings agree.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { manifestHead } from '../../server/src/core/sources/helm/helm/manifests';
import { readPlainYaml } from '../../server/src/core/sources/helm/helm/plainYaml';
import { readYaml, readYamlArray, readYamlDocument } from '../../server/src/core/sources/helm/helm/yaml';
import { isMap, newMap } from '../../server/src/core/sources/helm/template/values';
import { HELM_CORPUS } from './helm-corpus-cases';

/** The fast reader alone, with hooks that mark typed scalars (whether it read the text is what matters). */
const fast = (text: string) => readPlainYaml(text, { resolve: (s) => `<${s}>`, value: (x) => x, key: String, map: newMap });

/** readYaml's result or its error message. */
function outcome(read: (t: string) => unknown, text: string): unknown {
  try {
    return { value: read(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function assertSame(text: string): void {
  assert.deepStrictEqual(outcome(readYaml, text), outcome(readYamlDocument, text), JSON.stringify(text));
}

const READ = [
  'a: 1\nb: true\nc: yes\nd: ~\ne:\nf: 0x1F\ng: 1.5e3\nh: .inf\ni: 012\nj: 1_000\nk: 1:20\nl: 2001-12-14\nm: "007"\n',
  '1: a\ntrue: b\nnull: c\n12345678901234567890: d\n"q": e\n\'s\': f\n',
  'list:\n- a\n- b: 1\n  c: 2\n-\n- - x\n'.replace('- - x\n', '-   y\n'),
  'outer:\n  inner:\n    - name: x\n      value: "a \\"b\\" \\\\ c\\n"\n  other: \'it\'\'s\'\n',
  'text: |\n  line one\n\n  line three\nstrip: |-\n  kept\n    indented\nempty: |\nafter: 1\n',
  "folded: a long plain value that go-yaml\n  folded over two lines\nquoted: 'a quoted value\n  folded\n\n  with a blank line'\n",
  'indicator: |2-\n\n    starts with spaces\n  back\n',
  'resources:\n  {}\nrules:\n\n# a comment\n- apiGroups: ["", apps, "x.io"]\n  verbs: [get, list]\n  none: []\n',
  'a: b # comment\nc: "d" # comment\n# only a comment\n   # indented comment\ne: f#not a comment\n',
  'url: http://x.io:80/path\nk:v: w\nneg: -1\ndash: -x\nunicode: café ☕\n',
  '[]',
  '{}',
  'word',
  'key:value\n',
  '',
  '# only comments\n',
  '  indented: root\n  map: 1\n',
  // Anchors on scalars and their aliases (redis-ha's and alertmanager's values files use them).
  'a: &x 1\nb: *x\n',
  'port: &port 9121\nname: &name "exporter"\nlist:\n- &item 012\n- *item\n- *port\nnext:\n  *name\n',
  'a: &x first\nb: *x\na2: &x second # redefined\nc: *x\n',
  'empty: { }\nalso: {}\n',
  // One-line flow maps of scalars (label selectors), and a value starting with `:` (a recording rule's name).
  'sel:\n- {key: app.kubernetes.io/name, operator: In, values: [prometheus]}\n- { a: 1 , b: "q", c: true, 2: null }\nm: {x: y} # c\nn:\n  {k: v}\nr: :node_memory:sum\n',
  'a: {b: 1}\n',
  // Plain scalars starting with a document marker are strings, not documents (helm: "---", "--- x", ["..."]).
  'a: ---\nb: --- x\nc:\n  - ...\nd: &x ...\ne: *x\nf: ... y\nm:\n  ---: k\n',
  // Integers go-yaml reads by strconv.ParseInt(s, 0, 64), resolved by the library's tag (yaml.ts).
  'a: 0o17\nb: 0O1_7\nc: -0X1F\nd: 0B11\n0o17: key\nl:\n- 0o7\n',
];

test('the fast reader reads block maps, sequences and one-line scalars exactly as the yaml library does', () => {
  for (const text of READ) {
    assert.notEqual(fast(text), undefined, `read by the fast reader: ${JSON.stringify(text)}`);
    assertSame(text);
  }
  assert.deepStrictEqual(readYaml('a: [1, x]\nb: |\n  t\n'), Object.assign(newMap(), { a: [1, 'x'], b: 't\n' }));
});

const LEFT_TO_THE_LIBRARY = [
  'a: &x\n  b: 1\nc: *x\n',
  'a: &x [1]\nb: *x\n',
  'a: &x |\n  t\nb: *x\n',
  '&x a: 1\n',
  'a: &x.y 1\n',
  `a: &x 1\n${Array.from({ length: 1001 }, (_, i) => `b${i}: *x\n`).join('')}`,
  'a: !!str 1\n',
  '<<: {a: 1}\n',
  'a: {b: {c: 1}}\n',
  'a: {b: c d}\n',
  'a: {b:c}\n',
  'a: {b: 1,}\n',
  'a: {"b": 1}\n',
  '- {a: 1}: x\n',
  ':a: 1\n',
  'a: [b, [c]]\n',
  'a: >\n  folded\n',
  'a: |+\n  kept\n\n',
  'a: "multi\n  line"\n',
  'a: "\\x41"\n',
  'a:\tb\n',
  'a: b\r\nc: d\r\n',
  '---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  '%YAML 1.1\n---\na: 1\n',
  '? a\n: b\n',
  '- - a\n',
  // Errors: the library's message is Helm's.
  'a: b: c\n',
  'a: *unknown\n',
  'a:\n  b: 1\n c: 2\n',
  'a: "unclosed\n',
  'a: 1\n  b: 2\n',
  'a: b\n  - c: d\n',
  '- a\nb: c\n',
  'a: |\n    x\n  y\n',
  '\ufeffa: 1\n',
];

test("what the fast reader does not know (anchored collections, tags, flow maps, folded blocks, errors, CR, tabs) is the library's", () => {
  for (const text of LEFT_TO_THE_LIBRARY) {
    assert.equal(fast(text), undefined, `left to the library: ${JSON.stringify(text)}`);
    assertSame(text);
  }
  assert.throws(() => readYaml('a: b: c\n'), /Nested mappings are not allowed in compact mappings/);
});

test('readYamlArray: a sequence from the fast reader, anything else as the library reads it', () => {
  assert.deepStrictEqual(readYamlArray('- a\n- 1\n'), ['a', 1]);
  assert.deepStrictEqual(readYamlArray(''), []);
  assert.deepStrictEqual(readYamlArray('# nothing\n'), []);
  assert.throws(() => readYamlArray('a: 1\n'), /cannot unmarshal object/);
});

test('over the Helm corpus (every expected document, every values file) both readings agree', () => {
  let read = 0;
  let documents = 0;
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/^values.*\.ya?ml$/.test(e.name) || (dir.endsWith('expected') && e.name.endsWith('.yaml'))) {
        for (const doc of fs.readFileSync(p, 'utf8').split(/^---\n/m)) {
          documents++;
          if (fast(doc)) read++;
          assertSame(doc);
        }
      }
    }
  };
  visit(HELM_CORPUS);
  // Most of what a render reads takes the fast path (the point of it); the rest still agrees.
  assert.ok(documents > 1000 && read / documents > 0.8, `${read} of ${documents} read by the fast reader`);
});

/** The fast reader keeping only Helm's SimpleHead keys, as manifestHead reads a manifest. */
const HEAD = { kind: true, metadata: { annotations: true } } as const;
const fastHead = (text: string) => readPlainYaml(text, { resolve: (s) => `<${s}>`, value: (x) => x, key: String, map: newMap }, HEAD);

test('with kept keys the fast reader builds only those keys, still reading (and judging) the whole text', () => {
  const manifest = [
    'apiVersion: v1',
    'spec:',
    '  x: &k Deployment',
    '  list:',
    '  - a: [1, b]',
    '    c: {}',
    '  text: |',
    '    line',
    'kind: *k',
    'metadata:',
    '  name: n',
    '  annotations:',
    '    helm.sh/hook: pre-install',
    '    extra:',
    '      deep: [x]',
    '',
  ].join('\n');
  assert.deepStrictEqual(fastHead(manifest), {
    value: Object.assign(newMap(), {
      kind: 'Deployment',
      metadata: Object.assign(newMap(), {
        annotations: Object.assign(newMap(), { 'helm.sh/hook': 'pre-install', extra: Object.assign(newMap(), { deep: ['x'] }) }),
      }),
    }),
  });
  // A sequence's items are maps read with the same keys kept; a later duplicate key still wins.
  assert.deepStrictEqual(fastHead('- kind: A\n  spec: 1\n'), { value: [Object.assign(newMap(), { kind: 'A' })] });
  assert.deepStrictEqual(fastHead('kind: A\nkind: B\n'), { value: Object.assign(newMap(), { kind: 'B' }) });
  // Whether the fast reader reads a text at all (errors are the library's) does not depend on what it keeps.
  for (const text of [...READ, ...LEFT_TO_THE_LIBRARY])
    assert.equal(fastHead(text) === undefined, fast(text) === undefined, JSON.stringify(text));
});

test("over the Helm corpus's expected documents manifestHead reads what a full reading holds", () => {
  let documents = 0;
  for (const c of fs.readdirSync(HELM_CORPUS, { withFileTypes: true })) {
    const expected = path.join(HELM_CORPUS, c.name, 'expected');
    if (!c.isDirectory() || !fs.existsSync(expected)) continue;
    for (const f of fs.readdirSync(expected).filter((x) => x.endsWith('.yaml'))) {
      for (const doc of fs.readFileSync(path.join(expected, f), 'utf8').split(/^---\n/m)) {
        documents++;
        assert.equal(fastHead(doc) === undefined, fast(doc) === undefined, doc.slice(0, 200));
        const full = outcome(readYamlDocument, doc) as { value?: unknown };
        const h = isMap(full.value) ? full.value : newMap();
        const md = h.metadata;
        const ann = isMap(md) && isMap(md.annotations) ? md.annotations : undefined;
        const want = {
          kind: typeof h.kind === 'string' ? h.kind : '',
          hook: !!ann && ann['helm.sh/hook'] !== undefined && ann['helm.sh/hook'] !== null,
        };
        assert.deepStrictEqual(outcome(manifestHead, doc), 'value' in full ? { value: want } : full, doc.slice(0, 200));
      }
    }
  }
  assert.ok(documents > 1000, `${documents} documents`);
});
