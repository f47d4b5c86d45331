import { minOf } from '../../arrays';
import type { OffsetRange } from '../../types';
import type { Origin } from '../types';
import { isKMap, isKSeq, type KNode } from './node';

/**
 * An inline patch is YAML inside a YAML string of the kustomization. When that string is a
 * literal block (`patch: |-`), each line of the patch sits in the file at the block's
 * indentation, so patch positions map back to exact file positions and a finding can point
 * at the `privileged: true` inside the kustomization. Otherwise (quoted or folded strings,
 * where escapes and folding break the line-for-line relation) the whole string is the origin.
 */
export function inlinePatchOrigins(n: KNode, source: Origin | undefined, fileText: string | undefined, value: string): KNode {
  const whole: Origin | undefined = source ? { ...source, via: { kind: 'patch' } } : undefined;
  const map = source && fileText !== undefined ? literalBlockMap(fileText, source.range, value) : undefined;
  const visit = (node: KNode) => {
    const r = node.origin?.range;
    node.origin = whole && map && r ? { file: whole.file, range: { start: map(r.start), end: map(r.end) }, via: whole.via } : whole;
    if (isKMap(node)) for (const v of node.entries.values()) visit(v);
    if (isKSeq(node)) for (const v of node.items) visit(v);
  };
  visit(n);
  return n;
}

/** Offset in the block's value → offset in the file, or undefined when the lines do not line up. */
function literalBlockMap(fileText: string, range: OffsetRange, value: string): ((offset: number) => number) | undefined {
  const raw = fileText.slice(range.start, range.end);
  const headerEnd = raw.indexOf('\n');
  if (!raw.startsWith('|') || headerEnd < 0) return undefined;
  const fileLines = raw.slice(headerEnd + 1).split('\n');
  const indents = fileLines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  if (!indents.length) return undefined;
  const indent = minOf(indents);
  const valueLines = value.split('\n');
  if (valueLines.length > fileLines.length) return undefined;
  const fileStarts: number[] = [];
  const valueStarts: number[] = [];
  let f = range.start + headerEnd + 1;
  let v = 0;
  for (let k = 0; k < valueLines.length; k++) {
    if (fileLines[k]!.slice(indent) !== valueLines[k]) return undefined;
    fileStarts.push(f + indent);
    valueStarts.push(v);
    f += fileLines[k]!.length + 1;
    v += valueLines[k]!.length + 1;
  }
  return (offset: number) => {
    let k = valueStarts.length - 1;
    while (k > 0 && valueStarts[k]! > offset) k--;
    return fileStarts[k]! + (offset - valueStarts[k]!);
  };
}
