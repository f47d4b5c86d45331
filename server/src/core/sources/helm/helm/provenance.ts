/**
 * Source map of a rendered document: output offset -> template literal, template action, or
 * the values key (in the `-f` file or the chart's values.yaml that set it) behind printed text.
 */
import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Origin, Provenance } from '../../types';
import { segmentAt, type ActionSite, type Segment, type ValuesPath } from '../template/output';
import { isMap, type GoMap } from '../template/values';
import type { Chart } from './chart';

/**
 * Values texts parsed lately, by text (most recent last): the editor re-renders a chart after
 * every edit, and placing the findings of each render looks keys up in the same values.yaml
 * (kube-prometheus-stack's is 180 KB), which only an edit to it changes. The trees are only
 * read. A few entries: a workspace's charts and their values files.
 */
const recentValues = new Map<string, YamlNode | null>();
const RECENT_VALUES = 16;

function parsedValues(text: string): YamlNode | null {
  let node = recentValues.get(text);
  if (node === undefined) {
    node = parseDocument(text, { version: '1.1', uniqueKeys: false }).contents as YamlNode | null;
    if (recentValues.size >= RECENT_VALUES) recentValues.delete(recentValues.keys().next().value!);
  } else recentValues.delete(text);
  recentValues.set(text, node);
  return node;
}

/** Finds the values file and YAML node that set a values path (user files win, then chart defaults). */
export class ValuesOrigins {
  private readonly docs = new Map<string, YamlNode | null>();
  private readonly texts = new Map<string, string>();
  constructor(
    private readonly chart: Chart,
    private readonly userFiles: { file: string; text: string }[],
    /** What the `--set*` flags (and a config's `set:`) give, alone: see `setByFlags`. */
    private readonly set: GoMap = {},
  ) {
    for (const u of userFiles) this.texts.set(u.file, u.text);
  }

  private root(file: string, text: () => string | undefined): YamlNode | null {
    if (!this.docs.has(file)) {
      const t = text();
      if (t !== undefined) this.texts.set(file, t);
      this.docs.set(file, t === undefined ? null : parsedValues(t));
    }
    return this.docs.get(file) ?? null;
  }

  private readonly found = new WeakMap<ValuesPath, Origin | null>();

  /**
   * The origin of a values path, or undefined when no values file sets it (`--set`). A
   * subchart's `global` copy (path [sub, 'global', ...], `sub` a chain of subchart names) is
   * first looked up as the top-level `global` the parent passed down, which wins over the
   * subchart's own defaults as in Helm; found there, its `via.path` is that top-level path
   * (`global.x`, what a message names and `--set` takes), not the subchart's copy. A `global`
   * key of a map that is not a subchart is that map's own key.
   */
  find(path: ValuesPath): Origin | undefined {
    let hit = this.found.get(path);
    if (hit === undefined) {
      const g = path.indexOf('global');
      const inherited = g > 0 && this.subchartChain(path.slice(0, g)) ? path.slice(g) : undefined;
      hit = (inherited && this.lookup(inherited)) ?? this.lookup(path) ?? null;
      this.found.set(path, hit);
    }
    return hit ?? undefined;
  }

  /** Whether `names` leads from this chart down through its subcharts (their names, aliases included). */
  private subchartChain(names: ValuesPath): boolean {
    let chart: Chart | undefined = this.chart;
    for (const n of names) chart = chart?.subcharts.find((s) => s.name === n);
    return chart !== undefined;
  }

  /**
   * Whether the `--set*` flags set `path` or a prefix of it: a scalar or list there replaces what
   * a values file has (Helm replaces a list whole), so no values key holds the value. A map
   * they set is merged with the files', whose keys still hold the rest.
   */
  private setByFlags(path: ValuesPath): boolean {
    let cur: unknown = this.set;
    for (const part of path) {
      if (!isMap(cur)) return true;
      if (!Object.prototype.hasOwnProperty.call(cur, String(part))) return false;
      cur = cur[String(part)];
    }
    return !isMap(cur);
  }

  /** A block map or list node ends after its last line break: the range stops at its last character. */
  private trimmed(file: string, r: { start: number; end: number }): { start: number; end: number } {
    const text = this.texts.get(file) ?? '';
    let end = r.end;
    while (end > r.start && /\s/.test(text.charAt(end - 1))) end--;
    return { start: r.start, end };
  }

  private lookup(path: ValuesPath): Origin | undefined {
    if (this.setByFlags(path)) return undefined;
    for (let i = this.userFiles.length - 1; i >= 0; i--) {
      const u = this.userFiles[i];
      if (u === undefined) continue;
      const hit = nodeAt(
        this.root(u.file, () => u.text),
        path,
      );
      if (hit) return { file: u.file, range: this.trimmed(u.file, hit), via: { kind: 'values', path } };
    }
    // Chart defaults: the chart itself, then down the subchart whose name the path starts with.
    let chart: Chart | undefined = this.chart;
    let rest = path;
    while (chart) {
      const c: Chart = chart;
      if (c.valuesFile) {
        const hit = nodeAt(
          this.root(c.valuesFile, () => serialise(c)),
          rest,
        );
        if (hit) return { file: c.valuesFile, range: this.trimmed(c.valuesFile, hit), via: { kind: 'values', path } };
      }
      chart = c.subcharts.find((s) => s.name === rest[0]);
      rest = rest.slice(1);
    }
    return undefined;
  }
}

function serialise(c: Chart): string | undefined {
  return c.valuesText;
}

/** Pairs of a values map by key (the first pair of a key, as before), so a lookup is not a scan of a big map. */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
function keyIndex(m: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(m);
  if (!index) {
    index = new Map();
    for (const p of m.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k !== undefined && !index.has(k)) index.set(k, p);
    }
    keyIndexes.set(m, index);
  }
  return index;
}

function nodeAt(root: YamlNode | null, path: ValuesPath): { start: number; end: number } | undefined {
  let cur: unknown = root;
  let keyRange: [number, number, number] | undefined;
  for (const part of path) {
    if (isYamlMap(cur)) {
      const pair = keyIndex(cur).get(String(part));
      if (!pair) return undefined;
      keyRange = (pair.key as YamlNode).range ?? undefined;
      cur = pair.value;
    } else if (isSeq(cur) && typeof part === 'number') {
      cur = cur.items[part];
      keyRange = undefined;
    } else return undefined;
  }
  const r = (cur as YamlNode | null)?.range ?? keyRange;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** A rendered document's source map; `anchor.ts` reads its segments and text for missing-field placement. */
export class HelmProvenance implements Provenance {
  constructor(
    readonly text: string,
    readonly segments: readonly Segment[],
    private readonly fileOf: (template: string) => string,
    readonly values: ValuesOrigins,
  ) {}

  originAt(offset: number): Origin | undefined {
    const s = segmentAt(this.segments, offset);
    return s ? this.segmentOrigin(s, offset) : undefined;
  }

  /** The origin of output `offset`, which segment `s` holds. */
  segmentOrigin(s: Segment, offset: number): Origin {
    const origin = this.placeOf(s, offset);
    return s.callSite ? { ...origin, callSite: this.callSiteOf(s.callSite) } : origin;
  }

  callSiteOf(c: ActionSite): Origin {
    return { file: this.fileOf(c.template), range: { start: c.srcStart, end: c.srcEnd }, via: { kind: 'template-action' } };
  }

  private placeOf(s: Segment, offset: number): Origin {
    if (s.valuesPath) {
      const o = this.values.find(s.valuesPath);
      if (o) return o;
    }
    const file = this.fileOf(s.template);
    if (s.kind === 'literal') {
      const at = s.srcStart + (offset - s.start);
      return { file, range: { start: at, end: at + 1 }, via: { kind: 'literal' } };
    }
    // A values path no file sets (`--set`, or a key a template added with `set`/`merge`) is
    // placed on the action that printed it: there is no values node to point at.
    return { file, range: { start: s.srcStart, end: s.srcEnd }, via: { kind: 'template-action' } };
  }
}
