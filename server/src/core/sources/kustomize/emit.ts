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

interface Span { start: number; end: number; origin: Origin | undefined }

export function emitDocument(root: KMap): { text: string; provenance: Provenance } {
  const out: string[] = [];
  let length = 0;
  const spans: Span[] = [];
  const write = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const span = (start: number, origin: Origin | undefined) => spans.push({ start, end: length, origin });

  const scalarText = (v: Scalar, indent: string): string => {
    if (v === null) return 'null';
    if (typeof v !== 'string') return String(v);
    if (PLAIN_SAFE.test(v) && !RESERVED.test(v)) return v;
    const s = stringify(v, { lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '');
    if (!s.includes('\n')) return s;
    if (/^[|>]/.test(s)) return s.replace(/\n(?=.)/g, '\n' + indent);
    return JSON.stringify(v);
  };
  const keyText = (k: string) => {
    if (PLAIN_SAFE.test(k) && !RESERVED.test(k)) return k;
    const s = stringify(k, { lineWidth: 0 }).replace(/\n$/, '');
    return s.includes('\n') ? JSON.stringify(k) : s;
  };

  /** Writes `n` as the value after "key:" or "- " (inline position), nested lines at `indent`. */
  const value = (n: KNode, indent: string, afterDash: boolean) => {
    if (n.t === 'scalar') {
      write(afterDash ? '' : ' ');
      const start = length;
      write(scalarText(n.value, indent + '  '));
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

/** Innermost span containing the offset; spans nest, so the shortest containing one is the innermost. */
function spanProvenance(spans: Span[]): Provenance {
  return {
    originAt(offset: number): Origin | undefined {
      let best: Span | undefined;
      for (const s of spans) {
        if (offset < s.start || offset >= s.end) continue;
        if (!best || s.end - s.start < best.end - best.start) best = s;
      }
      // A synthesised node (no origin) answers with its nearest enclosing node's origin.
      if (best && !best.origin) {
        let bestWithOrigin: Span | undefined;
        for (const s of spans) {
          if (!s.origin || offset < s.start || offset >= s.end) continue;
          if (!bestWithOrigin || s.end - s.start < bestWithOrigin.end - bestWithOrigin.start) bestWithOrigin = s;
        }
        return bestWithOrigin?.origin;
      }
      return best?.origin;
    },
  };
}
