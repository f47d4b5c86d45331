import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyEdits, explainFix } from '../../server/src/core/fix';
import type { FixOp } from '../../server/src/core/rules/types';
import { parseFile, PARSE_OPTIONS } from '../../server/src/core/yaml/parseFile';
import { REPO_ROOT } from '../helpers';

/*
 * An oracle for the renderer independent of any rule: for every map and sequence of every
 * rule fixture, each op (set a new nested key, set an existing scalar, remove each key,
 * remove each item, append) is rendered, applied, and the re-parsed document must equal
 * the original data with the same change made on plain JS objects. Comments and layout
 * are covered by the exact-text tests; this covers breadth of real shapes.
 */

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

type Seg = string | number;
interface Target {
  node: YAMLMap | YAMLSeq;
  path: Seg[];
}

function targets(root: unknown): Target[] {
  const out: Target[] = [];
  const visit = (node: unknown, p: Seg[]): void => {
    if (isMap(node)) {
      out.push({ node, path: p });
      for (const item of node.items) {
        if (isPair(item) && isScalar(item.key) && typeof item.key.value === 'string') visit(item.value, [...p, item.key.value]);
      }
    } else if (isSeq(node)) {
      out.push({ node, path: p });
      node.items.forEach((item, i) => visit(item, [...p, i]));
    }
  };
  visit(root, []);
  return out;
}

function at(obj: unknown, p: readonly Seg[]): any {
  let cur: any = obj;
  for (const s of p) cur = cur[s];
  return cur;
}

function ops(t: Target): Array<{ op: FixOp; apply: (js: any) => void; name: string }> {
  const list: Array<{ op: FixOp; apply: (js: any) => void; name: string }> = [];
  if (isMap(t.node)) {
    const map = t.node;
    list.push({
      name: 'set new nested',
      op: { op: 'set', map, path: ['zzNew', 'inner'], value: { flag: true, list: ['a b', 'c:d'], n: 3 } },
      apply: (js) => {
        const m = at(js, t.path);
        if (m.zzNew === undefined || m.zzNew === null) m.zzNew = {};
        m.zzNew.inner = { flag: true, list: ['a b', 'c:d'], n: 3 };
      },
    });
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key) || typeof item.key.value !== 'string') continue;
      const key = item.key.value;
      list.push({ name: `remove ${key}`, op: { op: 'remove', map, key }, apply: (js) => void delete at(js, t.path)[key] });
      if (isScalar(item.value) && item.value.value !== null && item.value.type !== 'BLOCK_LITERAL' && item.value.type !== 'BLOCK_FOLDED') {
        list.push({
          name: `set ${key}`,
          op: { op: 'set', map, path: [key], value: 'x, y: z' },
          apply: (js) => void (at(js, t.path)[key] = 'x, y: z'),
        });
      }
    }
  } else {
    const seq = t.node;
    seq.items.forEach((_, index) => {
      list.push({ name: `removeItem ${index}`, op: { op: 'removeItem', seq, index }, apply: (js) => void at(js, t.path).splice(index, 1) });
    });
    // Append goes through the parent map's key, as rules do.
    const parentKey = t.path[t.path.length - 1];
    if (typeof parentKey === 'string' && seq.items.every((i) => isScalar(i))) {
      list.push({
        name: 'append',
        op: { op: 'append', map: undefined as unknown as YAMLMap, path: [parentKey], values: ['zz-new', 7] },
        apply: (js) => void at(js, t.path).push('zz-new', 7),
      });
    }
  }
  return list;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

test('every op on every map and sequence of the rule fixtures changes the data exactly as intended', (t) => {
  let rendered = 0;
  const refused = new Map<string, number>();
  const failures: string[] = [];
  // Every fixture as written, and the firing ones again with CRLF line breaks.
  const inputs = walk(FIXTURES).flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return file.endsWith('firing.yaml') && !text.includes('\r')
      ? [
          { file, text },
          { file: `${file} (CRLF)`, text: text.replace(/\n/g, '\r\n') },
        ]
      : [{ file, text }];
  });
  for (const { file, text } of inputs) {
    const crlf = text.includes('\r\n');
    const parsed = parseFile(text);
    for (const d of parsed.documents) {
      if (d.error || /[&*!]/.test(text.slice(d.start, d.end).replace(/"[^"\n]*"|'[^'\n]*'|#.*$/gm, ''))) continue;
      const original = d.doc.toJS();
      // Maps under the parent of a sequence, for append.
      const all = targets(d.doc.contents);
      const mapAtPath = new Map(all.filter((t) => isMap(t.node)).map((t) => [JSON.stringify(t.path), t.node as YAMLMap]));
      for (const t of all) {
        for (const { op, apply, name } of ops(t)) {
          if (op.op === 'append') {
            const parent = mapAtPath.get(JSON.stringify(t.path.slice(0, -1)));
            if (!parent) continue;
            (op as { map: YAMLMap }).map = parent;
          }
          const where = `${path.relative(FIXTURES, file)}#${d.index} ${JSON.stringify(t.path)} ${name}`;
          const { edits, refused: why } = explainFix(parsed, { title: 't', ops: [op] });
          if (!edits) {
            if (why !== 'nothing to change') refused.set(why!, (refused.get(why!) ?? 0) + 1);
            continue;
          }
          rendered++;
          const out = applyEdits(text, edits);
          if (crlf && /[^\r]\n/.test(out)) failures.push(`${where}: a lone LF in a CRLF file`);
          const docs = parseAllDocuments(out, PARSE_OPTIONS);
          const after = Array.isArray(docs) ? docs[d.index] : undefined;
          if (!after || after.errors.length) {
            failures.push(`${where}: does not parse\n${out}`);
            continue;
          }
          const expected = structuredClone(original);
          apply(expected);
          try {
            assert.deepEqual(after.toJS(), expected);
          } catch {
            failures.push(`${where}: data differs\n${out.slice(d.start, d.end + 200)}`);
          }
        }
      }
    }
  }
  t.diagnostic(`${rendered} ops rendered; refused: ${JSON.stringify([...refused])}; failures: ${failures.length}`);
  assert.deepEqual(failures.slice(0, 5), []);
  // Refusals on plain data are only for shapes the renderer deliberately leaves alone.
  for (const why of refused.keys())
    assert.match(why, /shares its line|nested|emptied and refilled|starts on its key line/, `unexpected refusal: ${why}`);
  assert.ok(rendered > 2000, `expected thousands of rendered ops, got ${rendered}`);
});
