import type { RelatedInfo } from '../engine/finding';
import type { OffsetRange, Range } from '../types';
import { LineIndex } from '../yaml/lineIndex';
import type { BuiltText } from './builtText';
import type { Origin } from './types';

/** Where a finding on built text goes: a range in the source file a person edits. */
export interface Placement {
  file: string;
  range: OffsetRange;
  origin: Origin;
  /** A value placed in a values file: the template text that printed it (`privileged: {{ .Values.web.privileged }}`). */
  usedAt?: { file: string; range: OffsetRange } | undefined;
}

/** The source files' texts and line indexes, read once per placement run. */
export class SourceTexts {
  private readonly cache = new Map<string, { text: string; lines: LineIndex } | undefined>();
  constructor(private readonly read: (file: string) => string | undefined) {}

  get(file: string): { text: string; lines: LineIndex } | undefined {
    if (!this.cache.has(file)) {
      const text = this.read(file);
      this.cache.set(file, text === undefined ? undefined : { text, lines: new LineIndex(text) });
    }
    return this.cache.get(file);
  }
}

/** A `key:` at the start of built text (block style, as builds are printed). */
const KEY_AT_START = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#'"][^:\n]*?):(?:[ \t]|\n|$)/;

/**
 * Maps a range of built text to the source. The origin of the range's start is the innermost
 * node that produced it. Rules report `key: value` pairs, but a pair's origin is its value's
 * node; when the same key is written just before that value in the source file (`privileged:
 * true` in a patch), the placed range starts at the key, so the finding covers what the rule
 * meant. A value put there by a transformer (`namespace: prod` of a kustomization) keeps the
 * entry's own range.
 */
export function placeRange(built: BuiltText, range: OffsetRange, texts: SourceTexts): Placement | undefined {
  const placed = placeAsWritten(built, range, texts);
  const named = placed?.origin.via.kind === 'values' && built.text.startsWith('name:', range.start);
  return (named && namedItemPlacement(built, range, texts, placed)) || placed;
}

/** `placeRange` before a values `name:` is taken as its list item's anchor. */
function placeAsWritten(built: BuiltText, range: OffsetRange, texts: SourceTexts): Placement | undefined {
  const origin = built.originAt(range.start);
  if (!origin) return undefined;
  const source = texts.get(origin.file);
  if (!source || origin.range.end > source.text.length) return undefined;
  const key = KEY_AT_START.exec(built.text.slice(range.start, range.start + 256))?.[1];
  // A finding on a key alone whose map came from `toYaml .Values.x` (a Helm chart) belongs on the values key `x`.
  if (key !== undefined && range.end - range.start <= key.length + 1) {
    const anchor = built.anchorAt(range.start);
    const values = anchor?.via.kind === 'values' ? texts.get(anchor.file) : undefined;
    if (anchor && values) return { file: anchor.file, range: keyNaming(values.text, anchor.range.start) ?? anchor.range, origin: anchor };
  }
  const fromValues = key === undefined ? undefined : valuePlacement(built, range, key, origin, texts);
  if (fromValues) return fromValues;
  const keyStart = key === undefined ? undefined : keyBefore(source.text, origin.range.start, key);
  if (key === undefined || keyStart === undefined) return { file: origin.file, range: spanTo(built, range, origin), origin };
  // A finding on the key alone (`spec:` as the anchor of a missing field) stays on the key.
  const end = range.end - range.start <= key.length + 1 ? keyStart + (range.end - range.start) : origin.range.end;
  return { file: origin.file, range: { start: keyStart, end }, origin };
}

/**
 * A `key: value` pair whose key is literal template text and whose whole value was printed from
 * one values key (`privileged: {{ .Values.web.privileged }}`): the value is what a person
 * changes, so the finding goes on that key in the values file (`privileged: true` of
 * values.yaml), not on the template's key. Both ends of the value must come from the same
 * values node, so a value assembled from several parts (`{{ .Values.a }}-{{ .Values.b }}`)
 * stays in the template.
 */
function valuePlacement(built: BuiltText, range: OffsetRange, key: string, origin: Origin, texts: SourceTexts): Placement | undefined {
  if (origin.via.kind !== 'literal') return undefined;
  let valueStart = range.start + key.length + 1;
  while (built.text[valueStart] === ' ' || built.text[valueStart] === '\t') valueStart++;
  if (valueStart >= range.end) return undefined;
  const first = built.originAt(valueStart);
  const last = built.originAt(range.end - 1);
  if (first?.via.kind !== 'values' || !last || last.file !== first.file || last.range.start !== first.range.start) return undefined;
  const values = texts.get(first.file);
  if (!values || first.range.end > values.text.length) return undefined;
  const named = keyNaming(values.text, first.range.start);
  const placed = named ? { start: named.start, end: first.range.end } : first.range;
  return {
    file: first.file,
    range: placed,
    origin: first,
    usedAt: { file: origin.file, range: actionAfter(texts.get(origin.file)?.text ?? '', origin.range) },
  };
}

/**
 * A `name:` whose value came from values is a container's (a list item's) anchor: rules report
 * the item's missing fields there (`containerAnchor`), and no rule faults the name itself. So
 * it is placed as the item: the template's `- name:` line that emits it when the item is
 * literal template text (no values path), or the same values key with the item's values path
 * (`sidecars[0]`, not `sidecars[0].name`) when the whole item was printed from values by
 * `toYaml` (core/sources/helm/helm/anchor.ts decides which).
 */
function namedItemPlacement(built: BuiltText, range: OffsetRange, texts: SourceTexts, fromValues: Placement): Placement | undefined {
  const anchor = built.anchorAt(range.start);
  if (!anchor) return undefined;
  if (anchor.via.kind === 'values')
    return anchor.file === fromValues.file ? { file: fromValues.file, range: fromValues.range, origin: anchor } : undefined;
  const template = texts.get(anchor.file);
  if (!template || anchor.range.end > template.text.length) return undefined;
  return { file: anchor.file, range: actionAfter(template.text, anchor.range), origin: anchor };
}

/** From a template's literal `key` to the end of the first `}}` after it on its line (the action printing the value), else the key's own range. */
function actionAfter(text: string, key: OffsetRange): OffsetRange {
  const lineEnd = text.indexOf('\n', key.start);
  const close = text.indexOf('}}', key.start);
  return close >= 0 && (lineEnd < 0 || close < lineEnd) ? { start: key.start, end: close + 2 } : key;
}

/**
 * The source range of a built range that starts at `origin`. A Helm template's literal text
 * maps character by character, so the start alone is one character: when the range's last
 * character comes from the same file, further on and close by (`name: {{ .Chart.Name }}` for
 * a built `name: chart`), the placed range runs to it. Origins that are whole nodes (a
 * Kustomize value) already cover the range.
 */
function spanTo(built: BuiltText, range: OffsetRange, origin: Origin): OffsetRange {
  if (range.end - range.start <= 1) return origin.range;
  const at = built.originAt(range.end - 1);
  // Text a helper printed (`{{ include ... }}`) counts as its call site in this file.
  const last = at && at.file !== origin.file && at.callSite?.file === origin.file ? at.callSite : at;
  if (!last || last.file !== origin.file || last.range.start < origin.range.start || last.range.end <= origin.range.end)
    return origin.range;
  // Close by: no more than the built range's length plus the `{{ }}` around it (never a whole file).
  if (last.range.end - origin.range.start > 2 * (range.end - range.start) + 200) return origin.range;
  return { start: origin.range.start, end: last.range.end };
}

/**
 * The text written before a value, on the value's line or, for a block value, on the nearest
 * line above that is not blank or a comment (without its trailing comment): where its `key:`
 * must end. Undefined when there is no such line.
 */
function lineBefore(text: string, valueStart: number): { lineStart: number; line: string } | undefined {
  let end = valueStart;
  for (let guard = 0; guard < 1000; guard++) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const trimmed = text.slice(lineStart, end).trimEnd();
    if (trimmed.trim() === '' || trimmed.trimStart().startsWith('#')) {
      if (lineStart === 0) return undefined;
      end = lineStart - 1; // the previous line's end (before its line break)
      if (text[end - 1] === '\r') end--;
      continue;
    }
    return { lineStart, line: end === valueStart ? trimmed : trimmed.replace(/\s+#.*$/, '') };
  }
  return undefined;
}

/** The key whose block value starts at `valueStart` (`securityContext` of `securityContext:\n  runAsNonRoot: ...`). */
function keyNaming(text: string, valueStart: number): OffsetRange | undefined {
  const before = lineBefore(text, valueStart);
  if (!before?.line.endsWith(':')) return undefined;
  const content = before.line.slice(0, -1);
  const keyText = content.trimStart().replace(/^-\s+/, '');
  if (keyText === '') return undefined;
  const start = before.lineStart + content.length - keyText.length;
  return { start, end: start + keyText.length };
}

/** The offset of `key:` written right before `valueStart` (see `lineBefore`), else undefined. */
function keyBefore(text: string, valueStart: number, key: string): number | undefined {
  const before = lineBefore(text, valueStart);
  if (!before?.line.endsWith(key + ':')) return undefined;
  const keyStart = before.lineStart + before.line.length - key.length - 1;
  const prev = text[keyStart - 1];
  return prev === undefined || prev === ' ' || prev === '\t' || prev === '\n' || prev === '-' || prev === '{' || prev === ','
    ? keyStart
    : undefined;
}

/**
 * Related locations that point into built text, moved to their source; others are kept.
 * A location that also carries offsets (the workspace's `Loc`) gets the source's offsets.
 */
export function placeRelated<T extends RelatedInfo>(
  related: readonly T[],
  builtOf: (file: string) => { built: BuiltText; lines: LineIndex } | undefined,
  texts: SourceTexts,
): T[] {
  return related.map((r) => {
    const b = builtOf(r.file);
    if (!b) return r;
    const start = b.lines.offsetAt(r.range.start);
    const end = b.lines.offsetAt(r.range.end);
    const p = placeRange(b.built, { start, end }, texts);
    const source = p && texts.get(p.file);
    if (!p || !source) return r;
    const range: Range = source.lines.rangeOf(p.range);
    return 'start' in r ? { ...r, file: p.file, range, start: p.range.start, end: p.range.end } : { ...r, file: p.file, range };
  });
}
