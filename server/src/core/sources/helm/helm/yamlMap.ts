/**
 * The source map of `toYaml`'s output: each entry (key and value, or `- item`) maps to the
 * values path of that value, so `toYaml .Values.securityContext` maps `runAsUser: 1000` to
 * the `runAsUser` key in values.yaml, not just to the action. Pieces are UNPLACED: the action
 * that prints the text places them.
 */
import { UNPLACED, type Segment, type StrMap, type ValuesPath } from '../template/output';
import { toYamlLines, type YamlSpan } from './yaml';

/**
 * `toYaml(v)` with its map. `base` is the values path of `v` (undefined when it was built in
 * the template); `registered` gives the values path of a values map or list met inside a
 * built value (`toYaml (dict "sc" .Values.sc)`).
 */
export function toYamlMapped(
  v: unknown,
  base: ValuesPath | undefined,
  registered: (o: object) => ValuesPath | undefined,
): { text: string; map: StrMap } {
  const spans: YamlSpan[] = [];
  const lines = toYamlLines(v, spans);
  const text = lines.join('\n');
  const lineStart: number[] = [];
  let at = 0;
  for (const l of lines) {
    lineStart.push(at);
    at += l.length + 1;
  }
  const startOf = (s: YamlSpan) => (lineStart[s.line] ?? 0) + s.col;
  const endOf = (s: YamlSpan) => (lineStart[s.endLine - 1] ?? 0) + (lines[s.endLine - 1]?.length ?? 0);
  const map: Segment[] = [];
  const piece = (start: number, end: number, path: ValuesPath | undefined) => {
    if (end <= start) return;
    // A piece that continues the last one with the same path (all of them, for a value built in
    // the template: istio-base prints 1 MB of CRDs) is one piece, as the printing action merges them.
    const last = map[map.length - 1];
    if (last !== undefined && last.end === start && last.valuesPath === path) last.end = end;
    else map.push({ template: UNPLACED, srcStart: 0, srcEnd: 0, kind: 'action', start, end, valuesPath: path });
  };
  const fill = (list: YamlSpan[], path: ValuesPath | undefined, from: number, to: number) => {
    let cursor = from;
    for (const s of list) {
      const start = startOf(s);
      const end = endOf(s);
      piece(cursor, start, path);
      const own = typeof s.value === 'object' && s.value !== null ? registered(s.value) : undefined;
      fill(s.children, path ? [...path, s.key] : own, start, end);
      cursor = end;
    }
    piece(cursor, to, path);
  };
  fill(spans, base, 0, text.length);
  return { text, map };
}
