import { isMap, isPair, isSeq, type Node } from 'yaml';
import { lineBreakOf } from '../yaml/lineIndex';
import type { ParsedFile } from '../yaml/parseFile';
import { isFlow } from './tree';

/** How a file writes YAML, so inserted text looks like its neighbours. */
export interface FileStyle {
  /** The file's line break (the first one found; LF when the file has none). */
  eol: '\n' | '\r\n' | '\r';
  /** Spaces per nesting level of a block map. */
  unit: number;
  /** Column of a block sequence's `- ` relative to its parent key (0 = not indented). */
  seqIndent: number;
}

const styleCache = new WeakMap<ParsedFile, FileStyle>();
/** Enough samples to decide; big files need not be walked to the end. */
const MAX_SAMPLES = 400;

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** Column of `offset` in its line. */
export function columnOf(parsed: ParsedFile, offset: number): number {
  return parsed.lines.positionAt(offset).character;
}

/** Offset of the `-` indicator of a block sequence item, or undefined. */
export function dashOf(text: string, item: Node): number | undefined {
  const start = item.range?.[0];
  if (start === undefined) return undefined;
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '-' ? i : undefined;
}

/**
 * Detects line breaks, the indent unit (most common step between a key and its nested
 * block map's keys) and whether block sequences under a key are indented (most common
 * step between a key and its sequence's dashes).
 */
export function detectStyle(parsed: ParsedFile): FileStyle {
  const cached = styleCache.get(parsed);
  if (cached) return cached;
  const text = parsed.text;
  const eol = lineBreakOf(text);
  const units = new Map<number, number>();
  const seqSteps = new Map<number, number>();
  let samples = 0;
  for (const d of parsed.documents) {
    if (samples >= MAX_SAMPLES) break;
    const stack: Node[] = d.doc.contents ? [d.doc.contents as Node] : [];
    while (stack.length && samples < MAX_SAMPLES) {
      const node = stack.pop()!;
      if (isSeq(node)) {
        for (const it of node.items) if (it && typeof it === 'object') stack.push(it as Node);
        continue;
      }
      if (!isMap(node) || isFlow(node)) continue;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const keyStart = key?.range?.[0];
        if (keyStart === undefined || !value) continue;
        if (isMap(value) && !isFlow(value) && value.items.length) {
          const first = value.items[0];
          const childStart = isPair(first) ? (first.key as Node | null)?.range?.[0] : undefined;
          if (childStart !== undefined) {
            const step = columnOf(parsed, childStart) - columnOf(parsed, keyStart);
            if (step > 0 && step <= 8) {
              units.set(step, (units.get(step) ?? 0) + 1);
              samples++;
            }
          }
        } else if (isSeq(value) && !isFlow(value) && value.items.length) {
          const first = value.items[0] as Node | null;
          const dash = first ? dashOf(text, first) : undefined;
          if (dash !== undefined) {
            const step = columnOf(parsed, dash) - columnOf(parsed, keyStart);
            if (step >= 0 && step <= 8) {
              seqSteps.set(step, (seqSteps.get(step) ?? 0) + 1);
              samples++;
            }
          }
        }
        stack.push(value);
      }
    }
  }
  const unit = mostCommon(units, 2);
  const style: FileStyle = { eol, unit, seqIndent: mostCommon(seqSteps, unit) };
  styleCache.set(parsed, style);
  return style;
}
