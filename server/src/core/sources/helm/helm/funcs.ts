/**
 * The function map Helm gives templates: Go builtins, Sprig (minus env/expandenv), and Helm's
 * own (include, tpl, required, fail, toYaml/fromYaml/toJson/fromJson, lookup).
 */
import { addGoBuiltins } from '../template/builtins';
import { FuncError, type CallContext, type FuncMap, type Traced } from '../template/exec';
import { INLINE, Output, removeMapped, sliceSegments, UNPLACED, type Segment, type StrMap } from '../template/output';
import type { ParsedTemplate } from '../template/ast';
import { parseTemplate } from '../template/parser';
import { isMap, newMap } from '../template/values';
import { toToml } from './toml';
import { addCollectionFuncs } from '../sprig/collections';
import { str, toGoString } from '../sprig/convert';
import { addMathFuncs } from '../sprig/math';
import { addSemverFuncs } from '../sprig/semver';
import { addStandIns, SeededRandom } from '../sprig/standins';
import { addStringFuncs } from '../sprig/strings';
import { readYaml, readYamlArray, toJson } from './yaml';
import { toYamlMapped } from './yamlMap';

/** Marks a message from `fail`/`required`, which Helm reports as "execution error at (...)". */
export const HELM_ERR = '\u0000HELM_ERR\u0000';

/** `include`: the helper's output, its source map (the define body's lines) kept on the result. */
function render(ctx: CallContext, name: string, data: unknown): string {
  const named = ctx.exec.templates.get(name);
  if (!named) throw new FuncError(`template: no template "${name}" associated with template "gotpl"`);
  const out = new Output(ctx.exec.limits.maxOutput);
  ctx.exec.run(named.body, named.tmpl, name, ctx.args[1] ?? { v: data }, out, ctx.state.depth + 1);
  ctx.map = out.segments;
  return out.text();
}

/**
 * `tpl`'s output map: its text lives in a string, not a file, so each piece of that string's
 * own text maps through the string's map (a `toYaml` of values: the values keys) or, when it
 * has none, to the values path the string was read from (else the printing action). What the
 * string's actions printed keeps its own origin (a value, a helper's line).
 */
function tplMap(segments: readonly Segment[], arg: Traced | undefined): StrMap {
  const out: Segment[] = [];
  const unplaced = (s: Segment, valuesPath: Segment['valuesPath']): Segment => ({
    ...s,
    template: UNPLACED,
    kind: 'action',
    srcStart: 0,
    srcEnd: 0,
    valuesPath,
  });
  for (const s of segments) {
    if (s.template !== INLINE) out.push(s);
    else if (s.kind === 'literal' && arg?.m) {
      for (const p of sliceSegments(arg.m, s.srcStart, s.srcEnd)) out.push({ ...p, start: p.start + s.start, end: p.end + s.start });
    } else out.push(unplaced(s, s.valuesPath ?? arg?.p));
  }
  return out;
}

/** How text is read during a render: a RenderCache's memos when re-rendering, else plain. */
export interface RenderReaders {
  /** Reads `fromYaml` input. */
  yaml: (text: string) => unknown;
  /** Parses `tpl` input (name: the calling template's). */
  parse: (name: string, text: string) => ParsedTemplate;
}

export function helmFuncs(seed: number, readers: RenderReaders = { yaml: readYaml, parse: parseTemplate }): FuncMap {
  const yaml = readers.yaml;
  const f: FuncMap = new Map();
  addGoBuiltins(f);
  addStringFuncs(f);
  addCollectionFuncs(f);
  addMathFuncs(f);
  addSemverFuncs(f);
  addStandIns(f, new SeededRandom(seed));
  f.set('include', { fn: (a, ctx) => render(ctx, str(a[0]), a[1]) });
  f.set('tpl', {
    fn: (a, ctx) => {
      // `inline`: its text lives in a string, not a file (see tplMap); a copy, the cached parse is shared.
      const parsed = { ...readers.parse(ctx.state.tmpl.name, str(a[0])), inline: true };
      for (const [n, body] of parsed.defines) ctx.exec.templates.set(n, { body, tmpl: parsed });
      const out = new Output(ctx.exec.limits.maxOutput);
      ctx.exec.run(parsed.root, parsed, ctx.state.tmpl.name, ctx.args[1] ?? { v: a[1] }, out, ctx.state.depth + 1);
      const text = out.text().replace(/<no value>/g, '');
      // Helm drops "<no value>" from the whole text; the map follows when no piece was cut across.
      const cleaned = removeMapped(out.text(), out.segments, '<no value>');
      if (cleaned.text === text) ctx.map = tplMap(cleaned.segments, ctx.args[0]);
      return text;
    },
  });
  f.set('required', {
    fn: (a) => {
      const v = a[1];
      if (v === null || v === undefined || (typeof v === 'string' && v === '')) throw new FuncError(HELM_ERR + toGoString(a[0]) + HELM_ERR);
      return v;
    },
    trace: 'last',
  });
  f.set('fail', {
    fn: (a) => {
      throw new FuncError(HELM_ERR + toGoString(a[0]) + HELM_ERR);
    },
  });
  const mappedYaml = (a: unknown[], ctx: CallContext) => {
    const { text, map } = toYamlMapped(a[0], ctx.args[0]?.p, (o) => ctx.exec.objectPaths.get(o));
    ctx.map = map;
    return text;
  };
  for (const n of ['toYaml', 'mustToYaml', 'toYamlPretty']) f.set(n, { fn: mappedYaml, trace: 'last' });
  f.set('fromYaml', {
    fn: (a) => {
      try {
        const v = yaml(str(a[0]));
        return isMap(v) ? v : newMap();
      } catch (e) {
        return Object.assign(newMap(), { Error: (e as Error).message });
      }
    },
  });
  f.set('fromYamlArray', {
    fn: (a) => {
      try {
        return readYamlArray(str(a[0]));
      } catch (e) {
        return [(e as Error).message];
      }
    },
  });
  for (const n of ['toJson', 'mustToJson']) f.set(n, { fn: (a) => toJson(a[0]), trace: 'last' });
  f.set('toPrettyJson', { fn: (a) => toJson(a[0], true, '  ') });
  f.set('mustToPrettyJson', { fn: (a) => toJson(a[0], true, '  ') });
  f.set('toRawJson', { fn: (a) => toJson(a[0], false) });
  f.set('mustToRawJson', { fn: (a) => toJson(a[0], false) });
  // Helm unmarshals into a map (fromJson) or a slice (fromJsonArray): JSON null leaves it nil,
  // any other JSON type is encoding/json's error, returned in place of the value.
  f.set('fromJson', {
    fn: (a) => {
      try {
        const v: unknown = JSON.parse(str(a[0]));
        if (v !== null && (typeof v !== 'object' || Array.isArray(v))) throw new Error(unmarshalError(v, 'map[string]interface {}'));
        return fromJs(v);
      } catch (e) {
        return Object.assign(newMap(), { Error: (e as Error).message });
      }
    },
  });
  f.set('fromJsonArray', {
    fn: (a) => {
      try {
        const v: unknown = JSON.parse(str(a[0]));
        if (v !== null && !Array.isArray(v)) throw new Error(unmarshalError(v, '[]interface {}'));
        return fromJs(v);
      } catch (e) {
        return [(e as Error).message];
      }
    },
  });
  f.set('lookup', { fn: () => newMap() });
  f.set('toToml', { fn: (a) => toToml(a[0]) });
  return f;
}

/** encoding/json's error for a JSON value of the wrong type for `goType`. */
function unmarshalError(v: unknown, goType: string): string {
  const kind = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
}

/** A JSON.parse result as Go values: objects become maps (null prototype, so any key is data). */
export function fromJs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJs);
  if (v && typeof v === 'object') {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = fromJs((v as Record<string, unknown>)[k]);
    return m;
  }
  return v;
}
