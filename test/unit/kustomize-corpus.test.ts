import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { ParseCache } from '../../server/src/core/sources/kustomize/load';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import { SHARED } from '../helpers';
import { snapshot } from './kustomize-helpers';

/**
 * Differential test against the real tool: every case of ../shared/corpus/kustomize is built
 * in-process and compared, as objects, with the stored `kubectl kustomize` output (Kustomize
 * v5.6.0): same objects in the same order, same fields and values, map key order ignored;
 * and every built line has an origin in a file the build read.
 * Each case is also built through a ParseCache shared by its group's builds (as the CLI and the
 * editor do: argo-cd's roots share their bases), twice, and must equal its cold build.
 * A case listed below must differ (for the reason given): the test fails if it starts to
 * pass, so the list stays true.
 */
const EXPECTED_DIFFERENCES: Record<string, string> = {};

const corpus = path.join(SHARED, 'corpus', 'kustomize');
interface Case {
  case: string;
  group: string;
  buildPath: string;
  expected: string;
}
const cases = (JSON.parse(fs.readFileSync(path.join(corpus, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;

/** Map keys sorted, so objects compare without regard to key order (lists keep theirs). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** One cache per group, kept across its cases and both passes. */
const caches = new Map<string, ParseCache>();
const cachedBuild = (c: Case) => {
  const groupDir = path.join(corpus, c.group);
  if (!caches.has(c.group)) caches.set(c.group, new ParseCache());
  return snapshot(buildKustomization(path.join(groupDir, c.buildPath), confinedFiles(groupDir), caches.get(c.group)));
};
const coldBuilds = new Map<string, ReturnType<typeof snapshot>>();

function compare(c: Case): { equal: boolean; detail: string } {
  const groupDir = path.join(corpus, c.group);
  const result = buildKustomization(path.join(groupDir, c.buildPath), confinedFiles(groupDir));
  coldBuilds.set(c.case, snapshot(result));
  const got = result.documents.map((d) => canonical(YAML.parse(d.text)));
  const expected = YAML.parseAllDocuments(fs.readFileSync(path.join(groupDir, c.expected), 'utf8'))
    .map((d) => canonical(d.toJS()))
    .filter((o) => o !== null && o !== undefined);
  const problems = result.problems.map((p) => p.message);
  // Provenance: the first character of every built line has an origin, in a file the build read.
  const read = new Set(result.filesRead);
  for (const d of result.documents) {
    for (let at = 0; at < d.text.length; at = d.text.indexOf('\n', at) + 1 || d.text.length) {
      const first = at + /^ */.exec(d.text.slice(at, at + 200))![0].length;
      const origin = d.provenance.originAt(first);
      if (!origin || !read.has(origin.file))
        problems.push(`no origin in a read file at ${first}: ${JSON.stringify(d.text.slice(first, first + 40))}`);
    }
  }
  const equal = problems.length === 0 && JSON.stringify(got) === JSON.stringify(expected);
  const first = expected.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(got[i]));
  return {
    equal,
    detail: `${got.length}/${expected.length} objects; problems: ${JSON.stringify(problems)}; first difference at object ${first}`,
  };
}

test('the corpus has the 52 cases the issue counts', () => {
  assert.equal(cases.length, 52);
  for (const name of Object.keys(EXPECTED_DIFFERENCES))
    assert.ok(
      cases.some((c) => c.case === name),
      `listed case ${name} is not in the corpus`,
    );
});

let equalCount = 0;
for (const c of cases) {
  test(`kubectl kustomize ${c.group}/${c.buildPath} (${c.case})`, () => {
    const { equal, detail } = compare(c);
    const reason = EXPECTED_DIFFERENCES[c.case];
    if (reason === undefined) assert.ok(equal, `built objects differ from kubectl kustomize: ${detail}`);
    else assert.ok(!equal, `listed as a known difference (${reason}) but now equal: remove it from the list`);
    if (equal) equalCount++;
    assert.deepEqual(cachedBuild(c), coldBuilds.get(c.case), 'built through the shared cache');
  });
}

test('a second pass through the same caches (bases kept, nothing re-parsed) gives the same builds', () => {
  for (const c of cases) assert.deepEqual(cachedBuild(c), coldBuilds.get(c.case), c.case);
  assert.ok(caches.get('argo-cd')!.subBuildsReused > 20, `argo-cd: ${caches.get('argo-cd')!.subBuildsReused} sub-builds reused`);
});

test('at least 50 of the 52 builds equal the real tool', () => {
  assert.equal(equalCount, cases.length - Object.keys(EXPECTED_DIFFERENCES).length);
  assert.ok(equalCount >= 50, `${equalCount} equal`);
});
