/**
 * Source map of a rendered document: output offset -> template literal, template action, or
 * the values key (in the `-f` file or the chart's values.yaml that set it) behind printed text.
 */
import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Origin, Provenance } from '../../types';
import { segmentAt, type Segment, type ValuesPath } from '../template/output';
import type { Chart } from './chart';

/** Finds the values file and YAML node that set a values path (user files win, then chart defaults). */
export class ValuesOrigins {
  private readonly docs = new Map<string, YamlNode | null>();
  private readonly texts = new Map<string, string>();
  constructor(
    private readonly chart: Chart,
    private readonly userFiles: { file: string; text: string }[],
  ) {
    for (const u of userFiles) this.texts.set(u.file, u.text);
  }

  private root(file: string, text: () => string | undefined): YamlNode | null {
    if (!this.docs.has(file)) {
      const t = text();
      this.docs.set(file, t === undefined ? null : (parseDocument(t, { version: '1.1' }).contents as YamlNode | null));
    }
    return this.docs.get(file) ?? null;
  }

  /** The origin of a values path, or undefined when no values file sets it. */
  find(path: ValuesPath): Origin | undefined {
    for (let i = this.userFiles.length - 1; i >= 0; i--) {
      const u = this.userFiles[i];
      if (u === undefined) continue;
      const hit = nodeAt(
        this.root(u.file, () => u.text),
        path,
      );
      if (hit) return { file: u.file, range: hit, via: { kind: 'values', path } };
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
        if (hit) return { file: c.valuesFile, range: hit, via: { kind: 'values', path } };
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

function nodeAt(root: YamlNode | null, path: ValuesPath): { start: number; end: number } | undefined {
  let cur: unknown = root;
  let keyRange: [number, number, number] | undefined;
  for (const part of path) {
    if (isYamlMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
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

export function documentProvenance(segments: Segment[], fileOf: (template: string) => string, values: ValuesOrigins): Provenance {
  return {
    originAt(offset: number): Origin | undefined {
      const s = segmentAt(segments, offset);
      if (!s) return undefined;
      const origin = segmentOrigin(s, offset, fileOf, values);
      if (!s.callSite) return origin;
      const c = s.callSite;
      return {
        ...origin,
        callSite: { file: fileOf(c.template), range: { start: c.srcStart, end: c.srcEnd }, via: { kind: 'template-action' } },
      };
    },
  };
}

function segmentOrigin(s: Segment, offset: number, fileOf: (template: string) => string, values: ValuesOrigins): Origin {
  if (s.valuesPath) {
    const o = values.find(s.valuesPath);
    if (o) return o;
  }
  const file = fileOf(s.template);
  if (s.kind === 'literal') {
    const at = s.srcStart + (offset - s.start);
    return { file, range: { start: at, end: at + 1 }, via: { kind: 'literal' } };
  }
  // A value set by --set (no file holds it) is placed on the action that printed it.
  return {
    file,
    range: { start: s.srcStart, end: s.srcEnd },
    via: s.valuesPath ? { kind: 'values', path: s.valuesPath } : { kind: 'template-action' },
  };
}
