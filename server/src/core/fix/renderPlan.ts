import { isMap, isPair, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../types';
import type { ParsedFile } from '../yaml/parseFile';
import { normalizeEdits } from './edits';
import type { PlanState } from './plan';
import {
  isPlainObject,
  renderFlow,
  renderFlowItems,
  renderNested,
  renderPairLines,
  renderScalar,
  renderSeqLines,
  type PlainObject,
} from './renderValue';
import { columnOf, dashOf, detectStyle, type FileStyle } from './style';
import { ancestors, colonAfterKey, contentEnd, documentOf, isEmptyNull, isFlow, linksOf, type Collection } from './tree';
import { pushAll } from '../arrays';

/** An edit plus how deep its target sits, to order insertions that land on the same offset. */
interface DepthEdit extends TextEdit {
  depth: number;
}

class Unrenderable extends Error {}

function fail(why: string): never {
  throw new Unrenderable(why);
}

/** Turns a plan into minimal text edits against the original text, or undefined. */
export function renderPlan(parsed: ParsedFile, plan: PlanState): TextEdit[] | undefined {
  try {
    return new Renderer(parsed, plan).render();
  } catch (e) {
    if (e instanceof Unrenderable) return undefined;
    throw e;
  }
}

/** Start of an item for removal purposes: a pair's key, or the node itself. */
function itemStart(item: unknown): number {
  const n = (isPair(item) ? item.key : item) as Node | null;
  const s = n?.range?.[0];
  if (s === undefined) fail('item without source');
  return s;
}

function itemEnd(item: unknown): number {
  const e = contentEnd(item);
  if (e === undefined) fail('item without source');
  return e;
}

class Renderer {
  private readonly text: string;
  private readonly style: FileStyle;
  private readonly edits: DepthEdit[] = [];

  constructor(
    private readonly parsed: ParsedFile,
    private readonly plan: PlanState,
  ) {
    this.text = parsed.text;
    this.style = detectStyle(parsed);
  }

  render(): TextEdit[] | undefined {
    this.checkRemovalConflicts();
    for (const [map, obj] of this.plan.adds) this.renderAdds(map, obj);
    for (const [pair, value] of this.plan.fills) this.renderFill(pair, value);
    for (const [scalar, value] of this.plan.replaces) {
      const r = scalar.range;
      if (!r) fail('scalar without source');
      this.push(r[0], r[1], renderScalar(value, this.inFlow(scalar)), this.depthOf(scalar));
    }
    for (const [seq, values] of this.plan.appends) this.renderAppends(seq, values);
    for (const [map, pairs] of this.plan.removes) this.renderRemovals(map, map.items, pairs, '{}');
    for (const [seq, indexes] of this.plan.removeItems) {
      this.renderRemovals(seq, seq.items, new Set([...indexes].map((i) => seq.items[i])), '[]');
    }
    return normalizeEdits(this.edits);
  }

  private push(start: number, end: number, newText: string, depth: number): void {
    this.edits.push({ start, end, newText, depth });
  }

  private docOf(node: Node) {
    const d = documentOf(this.parsed, node);
    if (!d) fail('node not in this parse');
    return d;
  }

  private depthOf(node: Node): number {
    return ancestors(this.docOf(node).doc, node).length;
  }

  private parentOf(node: Node): { parent?: Collection; pair?: Pair } {
    return linksOf(this.docOf(node).doc).get(node) ?? {};
  }

  private inFlow(node: Node): boolean {
    const p = this.parentOf(node).parent;
    return !!p && isFlow(p);
  }

  private line(offset: number): number {
    return this.parsed.lines.positionAt(offset).line;
  }

  /** Inserts whole lines after the line holding `end - 1`. */
  private insertLinesAfter(end: number, lines: string[], depth: number): void {
    const { eol } = this.style;
    const line = this.line(Math.max(0, end - 1));
    if (line + 1 < this.parsed.lines.lineCount) {
      this.push(this.parsed.lines.lineStart(line + 1), this.parsed.lines.lineStart(line + 1), lines.join(eol) + eol, depth);
    } else {
      this.push(this.text.length, this.text.length, eol + lines.join(eol), depth);
    }
  }

  /** The whole lines `first..last`, with the line break that ends them. */
  private lineBlock(first: number, last: number): [number, number] {
    const lines = this.parsed.lines;
    const start = lines.lineStart(first);
    const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : this.text.length;
    return [start, end];
  }

  private allRemoved(node: Collection): boolean {
    if (isMap(node)) {
      const r = this.plan.removes.get(node);
      return !!r && r.size === node.items.length;
    }
    const r = this.plan.removeItems.get(node as YAMLSeq);
    return !!r && r.size === node.items.length;
  }

  private renderAdds(map: YAMLMap, obj: PlainObject): void {
    const depth = this.depthOf(map);
    if (!Object.keys(obj).length) return;
    const emptied = map.items.length > 0 && this.allRemoved(map);
    if (isFlow(map)) {
      const r = map.range;
      if (!r) fail('map without source');
      if (emptied) {
        // Every old item goes: the new ones take the place of the first.
        const at = itemStart(map.items[0]);
        this.push(at, at, renderFlowItems(obj), depth);
      } else if (!map.items.length) {
        if (this.text[r[0]] !== '{') fail('unexpected flow map source');
        this.push(r[0], r[1], renderFlow(obj), depth);
      } else {
        this.push(itemEnd(map.items[map.items.length - 1]), itemEnd(map.items[map.items.length - 1]), `, ${renderFlowItems(obj)}`, depth);
      }
      return;
    }
    const first = map.items[0];
    if (!first) fail('empty block map');
    const col = columnOf(this.parsed, itemStart(first));
    const lines: string[] = [];
    for (const [k, v] of Object.entries(obj)) pushAll(lines, renderPairLines(k, v, col, this.style));
    this.insertLinesAfter(itemEnd(map), lines, depth);
  }

  private renderFill(pair: Pair, value: unknown): void {
    const node = pair.value as Node;
    const depth = this.depthOf(node);
    const inFlow = this.inFlow(node);
    const collection = (Array.isArray(value) && value.length > 0) || (isPlainObject(value) && Object.keys(value).length > 0);
    if (isEmptyNull(node)) {
      const colon = colonAfterKey(this.text, pair);
      if (colon === undefined) fail('no colon after key');
      if (collection && !inFlow) {
        const keyStart = itemStart(pair);
        const line = this.line(keyStart);
        const lines = renderNested(value, columnOf(this.parsed, keyStart), this.style);
        const at = this.parsed.lines.lineEnd(line);
        this.push(at, at, this.style.eol + lines.join(this.style.eol), depth);
      } else {
        this.push(colon + 1, colon + 1, ` ${renderFlow(value)}`, depth);
      }
      return;
    }
    const r = node.range;
    if (!r) fail('null without source');
    this.push(r[0], r[1], collection ? renderFlow(value) : renderScalar(value, inFlow), depth);
  }

  private renderAppends(seq: YAMLSeq, values: unknown[]): void {
    const depth = this.depthOf(seq);
    const emptied = seq.items.length > 0 && this.allRemoved(seq);
    if (isFlow(seq)) {
      const r = seq.range;
      if (!r) fail('sequence without source');
      if (emptied) {
        const at = itemStart(seq.items[0]);
        this.push(at, at, renderFlowItems(values), depth);
      } else if (!seq.items.length) {
        if (this.text[r[0]] !== '[') fail('unexpected flow sequence source');
        this.push(r[0], r[1], renderFlow(values), depth);
      } else {
        const end = itemEnd(seq.items[seq.items.length - 1]);
        this.push(end, end, `, ${renderFlowItems(values)}`, depth);
      }
      return;
    }
    const last = seq.items[seq.items.length - 1] as Node | null;
    const dash = last ? dashOf(this.text, last) : undefined;
    if (dash === undefined) fail('no dash');
    this.insertLinesAfter(itemEnd(seq), renderSeqLines(values, columnOf(this.parsed, dash), this.style), depth);
  }

  private renderRemovals(node: Collection, items: readonly unknown[], removed: Set<unknown>, empty: '{}' | '[]'): void {
    const depth = this.depthOf(node);
    const n = items.length;
    if (isFlow(node)) {
      if (removed.size === n) {
        this.push(itemStart(items[0]), itemEnd(items[n - 1]), '', depth);
        return;
      }
      for (let i = 0; i < n; i++) {
        if (!removed.has(items[i])) continue;
        let j = i;
        while (j + 1 < n && removed.has(items[j + 1])) j++;
        if (j < n - 1) this.push(itemStart(items[i]), itemStart(items[j + 1]), '', depth);
        else this.push(itemEnd(items[i - 1]), itemEnd(items[j]), '', depth);
        i = j;
      }
      return;
    }
    // Emptied for good: leave `{}`/`[]`. Emptied and refilled (replace `*` by a list of
    // verbs): remove item by item; the new items are inserted where the old ones were.
    const refilled = isMap(node) ? this.plan.adds.has(node) : this.plan.appends.has(node as YAMLSeq);
    if (removed.size === n && !refilled) {
      this.renderEmptied(node, items, empty, depth);
      return;
    }
    for (let i = 0; i < n; i++) {
      const item = items[i];
      if (!removed.has(item)) continue;
      const start = this.removalStart(node, item);
      const prefix = this.text.slice(this.parsed.lines.lineStart(this.line(start)), start);
      if (/^[ \t]*$/.test(prefix)) {
        const [a, b] = this.lineBlock(this.line(start), this.line(itemEnd(item) - 1));
        this.push(a, b, '', depth);
        continue;
      }
      // The first pair of a map that is a sequence item shares its line with the `- `:
      // remove up to the next kept pair, which then takes the dash's line.
      if (isMap(node) && /^[ \t]*-[ \t]+$/.test(prefix)) {
        let j = i;
        while (j + 1 < n && removed.has(items[j + 1])) j++;
        if (j + 1 >= n) fail('sequence item map emptied and refilled');
        this.push(start, itemStart(items[j + 1]), '', depth);
        i = j;
        continue;
      }
      fail('item shares its line with other content');
    }
  }

  /** Where a block item's removal starts: its dash for a sequence item, its key for a pair. */
  private removalStart(node: Collection, item: unknown): number {
    if (isSeq(node)) {
      const dash = dashOf(this.text, item as Node);
      if (dash === undefined) fail('no dash');
      return dash;
    }
    return itemStart(item);
  }

  /** Every item of a block collection removed: leave `{}` / `[]` so the YAML stays what it was. */
  private renderEmptied(node: Collection, items: readonly unknown[], empty: string, depth: number): void {
    const { pair, parent } = this.parentOf(node);
    const start = this.removalStart(node, items[0]);
    const firstLine = this.line(start);
    const lastLine = this.line(itemEnd(items[items.length - 1]) - 1);
    const prefix = this.text.slice(this.parsed.lines.lineStart(firstLine), start);
    if (pair && parent && isMap(parent) && !isFlow(parent) && /^[ \t]*$/.test(prefix)) {
      const colon = colonAfterKey(this.text, pair);
      if (colon === undefined) fail('no colon after key');
      if (this.line(colon) >= firstLine) fail('collection starts on its key line');
      this.push(colon + 1, colon + 1, ` ${empty}`, depth);
      const [a, b] = this.lineBlock(firstLine, lastLine);
      this.push(a, b, '', depth);
      return;
    }
    this.push(start, this.parsed.lines.lineEnd(lastLine), empty, depth);
  }

  /** A change inside something another op removes cannot be rendered sensibly. */
  private checkRemovalConflicts(): void {
    const removed = new Set<Node>();
    for (const pairs of this.plan.removes.values()) for (const p of pairs) if (p.value) removed.add(p.value as Node);
    for (const [seq, idx] of this.plan.removeItems) for (const i of idx) removed.add(seq.items[i] as Node);
    if (!removed.size) return;
    const touched: Node[] = [
      ...this.plan.adds.keys(),
      ...[...this.plan.fills.keys()].map((p) => p.value as Node),
      ...this.plan.replaces.keys(),
      ...this.plan.appends.keys(),
      ...this.plan.removes.keys(),
      ...this.plan.removeItems.keys(),
    ];
    for (const t of touched) {
      if (removed.has(t)) fail('edit inside removed item');
      for (const a of ancestors(this.docOf(t).doc, t)) if (removed.has(a)) fail('edit inside removed item');
    }
  }
}
