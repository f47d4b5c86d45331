import { isCollection, isMap, isPair, isScalar, YAMLParseError, type Document, type Node } from 'yaml';

/**
 * Duplicate map keys, found in linear time. The `yaml` parser's own check (`uniqueKeys`)
 * compares every key with every earlier key of its map, so 50,000 keys in one map took
 * 35 s; it is switched off (PARSE_OPTIONS) and this adds the very same error, with the
 * parser's code, message and position (the key's start), in position order among the
 * document's other errors. Keys are equal as the parser's default compares them: the same
 * node, or scalars with the same value.
 */
export function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  // An explicit stack: nesting is bounded by the pre-scan, but recursion is not needed.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!isCollection(node)) continue;
    if (isMap(node)) checkMap(node.items, found);
    for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  if (found.length === 0) return;
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  doc.errors = mergeByPosition(doc.errors, found);
}

function checkMap(items: readonly unknown[], found: YAMLParseError[]): void {
  const seen = new Set<unknown>();
  for (const item of items) {
    if (!isPair(item)) continue;
    const key = item.key as Node | null;
    // Scalars compare by value (NaN never equals itself, as with the parser's `===`); other keys by identity.
    const id = isScalar(key) ? key.value : key;
    if (typeof id === 'number' && Number.isNaN(id)) continue;
    if (seen.has(id)) {
      const start = key?.range?.[0];
      if (start !== undefined) found.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
    } else seen.add(id);
  }
}

/** Both lists in position order, `existing` first where positions tie (stable). */
function mergeByPosition(existing: YAMLParseError[], added: YAMLParseError[]): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  let j = 0;
  for (const e of existing) {
    for (let a = added[j]; a && a.pos[0] < e.pos[0]; a = added[++j]) out.push(a);
    out.push(e);
  }
  for (const a of added.slice(j)) out.push(a);
  return out;
}
