/**
 * How a string function's result keeps the source map of the string it was given, so text an
 * `include` or `toYaml` produced still maps to the helper line or values key after `nindent`,
 * `quote`, `trimSuffix`... A function declares the relation (FuncSpec.keep); functions that
 * rebuild the text (printf, replace, upper) declare none and their result maps to the action.
 */
import { sprintf } from './fmt';
import { movedSegment, sliceSegments, UNPLACED, type Segment, type StrMap, type ValuesPath } from './output';

/**
 * - `insert`: the result is the argument with characters inserted (indent, nindent, quote,
 *   squote: padding, quotes, escapes);
 * - `prefix` / `suffix` / `inner`: the result is a prefix (trimSuffix), a suffix (trimPrefix)
 *   or some substring (trim, trimAll, trunc) of the argument.
 */
export type KeepMap = 'insert' | 'prefix' | 'suffix' | 'inner';

/** The map of `result`, derived from `src` (with map `map`) by a `keep` relation; undefined when it does not hold. */
export function keptMap(keep: KeepMap, src: string, map: StrMap, result: string): StrMap | undefined {
  if (keep === 'insert') return alignMap(src, map, result);
  const off = keep === 'prefix' ? 0 : keep === 'suffix' ? src.length - result.length : src.indexOf(result);
  if (off < 0 || src.slice(off, off + result.length) !== result) return undefined;
  return sliceSegments(map, off, off + result.length);
}

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/**
 * Maps `dst`, made from `src` by inserting characters, back through `src`'s map. A greedy
 * walk: equal characters are the same character; a differing `dst` character was inserted
 * (it maps to the printing action); a `src` space facing a differing character was dropped.
 * Exact for indentation (only spaces are inserted); for quoting, an inserted quote that
 * equals the next source character may take that character's place, never a letter's.
 */
export function alignMap(src: string, map: StrMap, dst: string): StrMap {
  const out: Segment[] = [];
  let j = 0;
  let k = 0;
  let lastJ = -2;
  for (let i = 0; i < dst.length; i++) {
    const c = dst.charAt(i);
    while (j < src.length && src.charAt(j) !== c && isSpace(src.charAt(j)) && !isSpace(c)) j++;
    const last = out[out.length - 1];
    if (j < src.length && src.charAt(j) === c) {
      while (k < map.length && map[k]!.end <= j) k++;
      const p = map[k];
      if (p === undefined) break;
      let seg: Segment;
      if (last && last.end === i && lastJ === j - 1 && j > p.start && sameOrigin(last, p, j)) {
        seg = last;
        seg.end++;
        if (p.kind === 'literal') seg.srcEnd++;
      } else {
        const at = p.kind === 'literal' ? p.srcStart + (j - p.start) : p.srcStart;
        seg = movedSegment(p, i, i + 1, at, p.kind === 'literal' ? at + 1 : p.srcEnd);
        out.push(seg);
      }
      // The characters after it that are equal in both, inside the same piece, continue the
      // same segment one by one (the walk above would extend it each time): taken in one step.
      let run = 0;
      while (j + 1 + run < p.end && i + 1 + run < dst.length && dst.charCodeAt(i + 1 + run) === src.charCodeAt(j + 1 + run)) run++;
      seg.end += run;
      if (p.kind === 'literal') seg.srcEnd += run;
      i += run;
      j += run;
      lastJ = j;
      j++;
    } else if (last && last.end === i && last.template === UNPLACED && last.valuesPath === undefined && lastJ === -1) {
      last.end++;
    } else {
      out.push({ template: UNPLACED, srcStart: 0, srcEnd: 0, kind: 'action', start: i, end: i + 1 });
      lastJ = -1;
    }
  }
  // Whatever is left (a map shorter than its text: never expected) is the action's.
  const end = out[out.length - 1]?.end ?? 0;
  if (end < dst.length) out.push({ template: UNPLACED, srcStart: 0, srcEnd: 0, kind: 'action', start: end, end: dst.length });
  return out;
}

/** Whether source character `j` of piece `p` continues the output piece `last`. */
function sameOrigin(last: Segment, p: Segment, j: number): boolean {
  if (last.template !== p.template || last.kind !== p.kind || last.valuesPath !== p.valuesPath || last.callSite !== p.callSite)
    return false;
  return p.kind === 'literal' ? last.srcEnd === p.srcStart + (j - p.start) : last.srcStart === p.srcStart;
}

/**
 * The map of `printf format args...` when the format uses only `%s`, `%v`, `%d` and `%%`:
 * the format's own text maps to the action, each argument's text to the argument's map or
 * values path (`printf "%s:%s" .Values.image.repository .Values.image.tag`). Undefined when
 * no argument came from values or a map, for other verbs, or when the pieces do not add up
 * to the result (a missing or extra argument).
 */
export function printfMap(
  format: string,
  args: readonly { v: unknown; p?: ValuesPath | undefined; m?: StrMap | undefined }[],
  result: string,
): StrMap | undefined {
  if (!args.some((a) => a.p !== undefined || a.m !== undefined)) return undefined;
  const out: Segment[] = [];
  let text = '';
  const add = (piece: string, seg: Omit<Segment, 'start' | 'end'>) => {
    if (piece.length > 0) out.push({ ...seg, start: text.length, end: text.length + piece.length });
    text += piece;
  };
  const own = { template: UNPLACED, srcStart: 0, srcEnd: 0, kind: 'action' as const };
  let argi = 0;
  for (let i = 0; i < format.length;) {
    const pct = format.indexOf('%', i);
    const lit = pct < 0 ? format.slice(i) : format.slice(i, pct);
    add(lit, own);
    if (pct < 0) break;
    const verb = format.charAt(pct + 1);
    i = pct + 2;
    if (verb === '%') {
      add('%', own);
      continue;
    }
    const a = args[argi++];
    if ((verb !== 's' && verb !== 'v' && verb !== 'd') || a === undefined) return undefined;
    const piece = sprintf(`%${verb}`, [a.v]);
    if (a.m && typeof a.v === 'string' && piece === a.v) {
      const base = text.length;
      for (const s of a.m) out.push({ ...s, start: s.start + base, end: s.end + base });
      text += piece;
    } else add(piece, { ...own, valuesPath: a.p });
  }
  return argi === args.length && text === result ? out : undefined;
}
