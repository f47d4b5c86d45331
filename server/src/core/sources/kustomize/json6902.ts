import { clone, deepEqual, getString, isKMap, isKSeq, type KMap, type KNode } from './node';

/**
 * RFC 6902 JSON patch on the build tree. Each operation is a map node of the patch document,
 * so an added or replaced value keeps the patch's origin. Throws on a failed operation (a
 * missing path, a failed `test`), which the build reports as a problem.
 */
export function applyJsonPatch(doc: KMap, ops: KNode): void {
  if (!isKSeq(ops)) throw new Error('a JSON 6902 patch must be a list of operations');
  for (const op of ops.items) {
    if (!isKMap(op)) throw new Error('a JSON 6902 operation must be a map');
    const name = getString(op, ['op']);
    const path = parsePointer(getString(op, ['path']) ?? '');
    const value = op.entries.get('value');
    switch (name) {
      case 'add':
        insert(doc, path, need(value, 'add'), false);
        break;
      case 'replace':
        insert(doc, path, need(value, 'replace'), true);
        break;
      case 'remove':
        remove(doc, path);
        break;
      case 'move': {
        const from = parsePointer(getString(op, ['from']) ?? '');
        insert(doc, path, remove(doc, from), false);
        break;
      }
      case 'copy': {
        const from = parsePointer(getString(op, ['from']) ?? '');
        insert(doc, path, clone(lookup(doc, from)), false);
        break;
      }
      case 'test':
        if (!deepEqual(lookup(doc, path), need(value, 'test'))) throw new Error(`test failed at ${getString(op, ['path'])}`);
        break;
      default:
        throw new Error(`unknown JSON patch operation: ${String(name)}`);
    }
  }
}

function need(v: KNode | undefined, op: string): KNode {
  if (!v) throw new Error(`"${op}" needs a value`);
  return clone(v);
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`bad JSON pointer: ${p}`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lookup(doc: KNode, path: string[]): KNode {
  let cur: KNode | undefined = doc;
  for (const seg of path) {
    if (isKMap(cur)) cur = cur.entries.get(seg);
    else if (isKSeq(cur)) cur = cur.items[index(seg, cur.items.length - 1)];
    else cur = undefined;
    if (!cur) throw new Error(`no such path: /${path.join('/')}`);
  }
  return cur;
}

function index(seg: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) throw new Error(`bad list index: ${seg}`);
  const i = Number(seg);
  if (i > max) throw new Error(`list index out of range: ${seg}`);
  return i;
}

function insert(doc: KMap, path: string[], value: KNode, mustExist: boolean): void {
  if (path.length === 0) throw new Error('cannot replace the whole object');
  const parent = lookup(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isKMap(parent)) {
    if (mustExist && !parent.entries.has(last)) throw new Error(`no such path: /${path.join('/')}`);
    parent.entries.set(last, value);
  } else if (isKSeq(parent)) {
    if (mustExist) parent.items[index(last, parent.items.length - 1)] = value;
    else if (last === '-') parent.items.push(value);
    else parent.items.splice(index(last, parent.items.length), 0, value);
  } else throw new Error(`no such path: /${path.join('/')}`);
}

function remove(doc: KMap, path: string[]): KNode {
  const found = lookup(doc, path);
  const parent = lookup(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isKMap(parent)) parent.entries.delete(last);
  else if (isKSeq(parent)) parent.items.splice(index(last, parent.items.length - 1), 1);
  return found;
}
