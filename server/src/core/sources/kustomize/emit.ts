import { stringify } from 'yaml';
import type { Origin, Provenance } from '../types';
import type { KMap, KNode, Scalar } from './node';

/**
 * Serializes a built object as block YAML (the shape `kubectl kustomize` prints; byte identity
 * is not a goal) and records, for every node, the span of text it was written to, so
 * `originAt(offset)` can answer with the innermost node's origin.
 */
/** Strings that need no quoting (a fast path: the yaml library's stringify is slow per call). */
const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|True|False|TRUE|FALSE|Null|NULL|Yes|No|YES|NO|On|Off|ON|OFF|Y|N|\.inf|\.nan)$/i;

/**
 * The yaml library's spelling of a string that needs quoting or a block, kept between
 * documents and builds (the same values recur in every rebuild); bounded.
 */
const spelled = new Map<string, string>();
function quoted(v: string, as: 'key' | 'value'): string {
  const cacheKey = `${as}\u0000${v}`;
  let s = spelled.get(cacheKey);
  if (s === undefined) {
    s = stringify(v, as === 'key' ? { lineWidth: 0 } : { lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '');
    if (spelled.size >= 10_000) spelled.clear();
    if (v.length <= 10_000) spelled.set(cacheKey, s);
  }
  return s;
}

/** The text a node was written to; `children` are filled in when provenance is first asked. */
interface Span {
  start: number;
  end: number;
  origin: Origin | undefined;
  children: Span[];
}
const NO_CHILDREN: Span[] = [];

export function emitDocument(root: KMap): { text: string; provenance: Provenance } {
  const out: string[] = [];
  let length = 0;
  const spans: Span[] = [];
  const write = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const span = (start: number, origin: Origin | undefined) => spans.push({ start, end: length, origin, children: NO_CHILDREN });

  const scalarText = (v: Scalar, indent: string, raw?: string): string => {
    if (v === null) return 'null';
    // A number keeps its source spelling (1.20) when that reads back as the same value.
    if (typeof v !== 'string') return raw !== undefined && typeof v === 'number' && Number(raw) === v ? raw : String(v);
    if (PLAIN_SAFE.test(v) && !RESERVED.test(v)) return v;
    const s = quoted(v, 'value');
    if (!s.includes('\n')) return s;
    if (/^[|>]/.test(s)) return s.replace(/\n(?=.)/g, '\n' + indent);
    return JSON.stringify(v);
  };
  const keyText = (k: string) => {
    if (PLAIN_SAFE.test(k) && !RESERVED.test(k)) return k;
    const s = quoted(k, 'key');
    return s.includes('\n') ? JSON.stringify(k) : s;
  };

  /** Writes `n` as the value after "key:" or "- " (inline position), nested lines at `indent`. */
  const value = (n: KNode, indent: string, afterDash: boolean) => {
    if (n.t === 'scalar') {
      write(afterDash ? '' : ' ');
      const start = length;
      write(scalarText(n.value, indent + '  ', n.raw));
      span(start, n.origin);
      write('\n');
      return;
    }
    const empty = n.t === 'map' ? n.entries.size === 0 : n.items.length === 0;
    if (empty) {
      write(afterDash ? '' : ' ');
      const start = length;
      write(n.t === 'map' ? '{}' : '[]');
      span(start, n.origin);
      write('\n');
      return;
    }
    if (afterDash && n.t === 'map') {
      const start = length;
      block(n, indent + '  ', true);
      span(start, n.origin);
      return;
    }
    write('\n');
    const start = length;
    block(n, n.t === 'map' ? indent + '  ' : indent, false);
    span(start, n.origin);
  };

  /** Writes a non-empty map or seq as block lines at `indent` (the first line's indent already written if `inline`). */
  const block = (n: KNode, indent: string, inline: boolean) => {
    let first = inline;
    if (n.t === 'map') {
      for (const [k, v] of n.entries) {
        if (!first) write(indent);
        first = false;
        const start = length;
        write(keyText(k) + ':');
        value(v, indent, false);
        span(start, v.origin);
      }
    } else if (n.t === 'seq') {
      for (const item of n.items) {
        if (!first) write(indent);
        first = false;
        write('- ');
        if (item.t === 'seq' && item.items.length) {
          write('\n');
          const start = length;
          block(item, indent + '  ', false);
          span(start, item.origin);
        } else value(item, indent, true);
      }
    }
  };

  const start = length;
  if (root.entries.size) block(root, '', false);
  else write('{}\n');
  span(start, root.origin);
  const text = out.join('');
  return { text, provenance: spanProvenance(spans) };
}

/**
 * Spans nest like the nodes they were written for, and each is recorded when its text is
 * done, after every span inside it: a post-order walk of a tree, which one pass with a stack
 * turns back into the tree (the spans a new one encloses are the last ones still open). Of
 * two spans with the same extent the later one is the outer. `originAt` descends that tree,
 * picking the child that contains the offset by binary search, and remembers the deepest node
 * that has an origin (a node the build synthesised answers with its nearest enclosing origin).
 * The tree is made on the first question: most built documents are never asked one.
 */
function spanTree(spans: readonly Span[]): Span {
  const open: Span[] = [];
  for (const s of spans) {
    let first = open.length;
    while (first > 0 && open[first - 1]!.start >= s.start) first--;
    if (first < open.length) s.children = open.splice(first);
    open.push(s);
  }
  return { start: -Infinity, end: Infinity, origin: undefined, children: open };
}

function spanProvenance(spans: readonly Span[]): Provenance {
  let root: Span | undefined;
  return {
    originAt(offset: number): Origin | undefined {
      root ??= spanTree(spans);
      let found: Origin | undefined;
      let node: Span | undefined = root;
      while (node) {
        if (node.origin) found = node.origin;
        const kids: Span[] = node.children;
        let lo = 0;
        let hi = kids.length - 1;
        let pick = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (kids[mid]!.start <= offset) {
            pick = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        node = pick >= 0 && offset < kids[pick]!.end ? kids[pick] : undefined;
      }
      return found;
    },
  };
}
