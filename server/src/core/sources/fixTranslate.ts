import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { dashOf } from '../fix/style';
import { documentOf, linksOf } from '../fix/tree';
import type { FixOp, FixProposal } from '../rules/types';
import { pairOf } from '../yaml/nodes';
import { parseFile, type ParsedFile } from '../yaml/parseFile';
import type { BuiltText } from './builtText';
import { templateLiteral, type TemplateLiteral } from './helm/templateLiteral';
import type { SourceTexts } from './placement';
import type { Origin, SourceFiles } from './types';

/**
 * A rule's fix names nodes of the BUILT text (the object a Kustomize build assembled); a person
 * edits the files the build read. This moves each op to the source node that produced the
 * built node it addresses, so the fix renderer can edit that file in its own style:
 *
 * - a key that exists in the built map is changed where its VALUE was written (the patch's
 *   `privileged: true`), in the map that holds it in that file, even when the built map itself
 *   came from the base (strategic merge keeps the target's map and adds the patch's values);
 * - a key that does not exist yet is added where the built MAP was written (the base's
 *   container, or the patch's `securityContext:` when the patch brought the whole map);
 * - `removeItem` removes the item where it was written.
 *
 * Only values a person wrote in a resource or patch are edited: a value set by a transformer
 * (`namespace:`, `images:`, `commonAnnotations:`) or a generator is refused, since editing
 * the kustomization entry or the generated text is not what the fix means. Nothing here
 * verifies the result: `core/lint/buildFixes.ts` rebuilds and re-analyses before offering it.
 */

/** A fix moved to one source file: ops on nodes of `parsed`, ready for `renderFix`. */
export interface SourceFix {
  file: string;
  parsed: ParsedFile;
  proposal: FixProposal;
  /**
   * A Helm template's literal text: `parsed` is of its masked text (actions blanked), the
   * edits apply to `text`, and only edits within the literal ranges may be offered.
   */
  template?: (TemplateLiteral & { text: string }) | undefined;
}

/** Parses of source files, shared by the fixes of one fix-all so their ops address the same nodes. */
export class SourceParses {
  private readonly parses = new Map<string, ParsedFile | undefined>();
  private readonly templates = new Map<string, { parsed: ParsedFile; template: TemplateLiteral & { text: string } } | undefined>();
  constructor(readonly texts: SourceTexts) {}

  /** A Helm template's literal YAML: the parse of its masked text (see `templateLiteral`). */
  template(file: string): { parsed: ParsedFile; template: TemplateLiteral & { text: string } } | undefined {
    if (!this.templates.has(file)) {
      const text = this.texts.get(file)?.text;
      const t = text === undefined ? undefined : templateLiteral(text);
      this.templates.set(file, text === undefined || !t ? undefined : { parsed: parseFile(t.masked), template: { ...t, text } });
    }
    return this.templates.get(file);
  }

  get(file: string): ParsedFile | undefined {
    if (!this.parses.has(file)) {
      const text = this.texts.get(file)?.text;
      this.parses.set(file, text === undefined ? undefined : parseFile(text));
    }
    return this.parses.get(file);
  }
}

/**
 * `files` with some texts replaced (file → new text): what a fix is verified against, the
 * build reading the edited text of one file and everything else as it is.
 */
export function overlayFiles(files: SourceFiles, overrides: ReadonlyMap<string, string>): SourceFiles {
  return {
    read: (file) => overrides.get(file) ?? files.read(file),
    list: (dir) => files.list(dir),
    isDirectory: (p) => files.isDirectory(p),
  };
}

/** Origins a person edits as YAML: what a resource file or a patch file says. */
const EDITABLE = new Set(['resource', 'patch', 'literal', 'values']);

/** Thrown inside a translation that has no honest answer (the reason helps when debugging). */
class NoTranslation extends Error {}

function refuse(why: string): never {
  throw new NoTranslation(why);
}

/**
 * The finding's fix moved to the one source file it must edit, or undefined when there is no
 * honest translation: no fix, ops landing in two files, a value set by a transformer or a
 * generator, a source node that cannot be found, or a place whose key differs from the built
 * one (a JSON 6902 `value:`, an inline patch string). `analysis` is the analysis of
 * `built.text` that `finding` came from (the fix's nodes are its nodes).
 */
export function translateFix(built: BuiltText, analysis: FileAnalysis, finding: Finding, parses: SourceParses): SourceFix | undefined {
  if (!finding.fix) return undefined;
  try {
    const t = new Translation(built, analysis.parsed, parses);
    const ops: FixOp[] = [];
    for (const op of finding.fix.ops) t.op(op, ops);
    if (!ops.length || !t.file || !t.parsed) return undefined;
    return { file: t.file, parsed: t.parsed, proposal: { title: finding.fix.title, ops }, template: t.template };
  } catch {
    // NoTranslation, or a malformed proposal (a rule bug): it costs that fix, never the analysis.
    return undefined;
  }
}

class Translation {
  file: string | undefined;
  parsed: ParsedFile | undefined;
  template: SourceFix['template'];

  constructor(
    private readonly built: BuiltText,
    private readonly builtParse: ParsedFile,
    private readonly parses: SourceParses,
  ) {}

  op(op: FixOp, out: FixOp[]): void {
    switch (op.op) {
      case 'set':
        this.setLike(op.map, op.path, (map, path) => ({ op: 'set', map, path, value: op.value }), op.value, out);
        return;
      case 'append':
        this.setLike(op.map, op.path, (map, path) => ({ op: 'append', map, path, values: op.values }), undefined, out);
        return;
      case 'remove': {
        const pair = pairOf(op.map, op.key);
        if (!pair) return; // already absent in the built object: nothing to do
        const source = this.sourcePairValue(pair.value as Node);
        out.push({ op: 'remove', map: source.map, key: op.key });
        return;
      }
      case 'removeItem': {
        const item = op.seq.items[op.index] as Node | undefined;
        if (!item || typeof item !== 'object') refuse('no such item');
        const s = this.sourceOf(item);
        const link = linksOf(s.doc).get(s.node);
        if (!link?.parent || link.pair || !isSeq(link.parent)) refuse('the item is not a sequence item in its source');
        out.push({ op: 'removeItem', seq: link.parent, index: link.parent.items.indexOf(s.node as never) });
        return;
      }
    }
  }

  /**
   * `set` / `append` at `path` under a built map: descend while the built keys exist. The full
   * path exists: edit where its value was written. A key is missing: add the rest of the path
   * where the deepest existing map was written. A `set` of a map into an existing map is split
   * per key, since each key of the built map may come from another file.
   */
  private setLike(map: YAMLMap, path: readonly string[], make: (m: YAMLMap, p: string[]) => FixOp, value: unknown, out: FixOp[]): void {
    let cur: YAMLMap = map;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const pair = pairOf(cur, key);
      if (!pair) {
        out.push(make(this.sourceMapOf(cur), path.slice(i)));
        return;
      }
      const v = pair.value as Node | null;
      const last = i === path.length - 1;
      if (last && value !== null && typeof value === 'object' && !Array.isArray(value) && isMap(v)) {
        for (const [k, x] of Object.entries(value)) this.op({ op: 'set', map: v, path: [k], value: x }, out);
        return;
      }
      if (last || !isMap(v)) {
        // The value (a scalar, `key:` null, a sequence) is changed in the map that wrote it.
        out.push(make(this.sourcePairValue(v).map, path.slice(i)));
        return;
      }
      cur = v;
    }
  }

  /** The source map holding the pair whose value produced the built `value`, checked to have the same key. */
  private sourcePairValue(value: Node | null | undefined): { map: YAMLMap } {
    if (!value || typeof value !== 'object') refuse('value has no node');
    const s = this.sourceOf(value);
    const link = linksOf(s.doc).get(s.node);
    if (!link?.pair || !link.parent || !isMap(link.parent)) refuse('the value is not a map value in its source');
    return { map: link.parent };
  }

  private sourceMapOf(map: YAMLMap): YAMLMap {
    const rendered = this.valuesMapOf(map);
    if (rendered) return rendered;
    const s = this.sourceOf(map);
    if (!isMap(s.node)) refuse('the map was not written as a map');
    return s.node;
  }

  /**
   * A Helm map rendered whole from one values map (`securityContext:` followed by `{{ toYaml
   * .Values.worker.securityContext | nindent 8 }}`): its key is template text, but every key
   * in it came from the values map, so a missing key is added there. The provenance's anchor
   * (every key from one values map) is what ties the two, so the values key's name may differ
   * from the built one (`podSecurityContext`); undefined when the map is not such a render.
   */
  private valuesMapOf(map: YAMLMap): YAMLMap | undefined {
    if (!map.items.length) return undefined;
    const builtDoc = documentOf(this.builtParse, map);
    const keyStart = builtDoc && (linksOf(builtDoc.doc).get(map)?.pair?.key as Node | undefined)?.range?.[0];
    const origin = keyStart === undefined ? undefined : this.built.anchorAt(keyStart);
    if (origin?.via.kind !== 'values') return undefined;
    if (this.file !== undefined && origin.file !== this.file) refuse('ops land in different files');
    const parsed = this.parses.get(origin.file);
    const found = parsed && nodeAt(parsed, origin, map);
    if (!parsed || !found || !isMap(found.node)) return undefined;
    this.file = origin.file;
    this.parsed = parsed;
    return found.node;
  }

  /** The source node that produced built `node`, in the one file this fix edits. */
  private sourceOf(node: Node): { node: Node; doc: Document } {
    const builtDoc = documentOf(this.builtParse, node);
    if (!builtDoc) refuse('node is not part of the built text');
    const origin = builtNodeOrigin(this.built, this.builtParse.text, builtDoc.doc, node);
    if (!origin) refuse('no origin');
    if (!EDITABLE.has(origin.via.kind)) refuse(`set by a ${origin.via.kind}`);
    if (this.file !== undefined && origin.file !== this.file) refuse('ops land in different files');
    // Literal text of a Helm template (a plain manifest is never a build's source): its literal YAML.
    const template = origin.via.kind === 'literal' ? this.parses.template(origin.file) : undefined;
    const parsed = template?.parsed ?? this.parses.get(origin.file);
    if (!parsed) refuse('source file unreadable');
    this.file = origin.file;
    this.parsed = parsed;
    this.template = template?.template;
    const found = nodeAt(parsed, origin, node);
    if (!found || !samePlace(builtDoc.doc, node, found.doc, found.node)) refuse('source node not found');
    return found;
  }
}

/**
 * The origin of a built node. Provenance answers for an offset with the innermost node written
 * there, so a collection is asked at text that belongs to it and to none of its items: the
 * key that names it (the emitter records a pair's span with its value's origin), the dash of
 * its first item (a sequence), or the indentation before its second key (a map that is a
 * sequence item). A root map, or a one-key map in a sequence, has no such text: undefined.
 */
export function builtNodeOrigin(built: BuiltText, text: string, doc: Document, node: Node): Origin | undefined {
  const start = node.range?.[0];
  if (start === undefined) return undefined;
  if (isScalar(node)) return built.originAt(start);
  if (!isMap(node) && !isSeq(node)) return undefined;
  const items = (node as YAMLMap | YAMLSeq).items as unknown[];
  if (items.length === 0) return built.originAt(start); // `{}` / `[]`: one span
  const pairKeyStart = (linksOf(doc).get(node)?.pair?.key as Node | undefined)?.range?.[0];
  if (pairKeyStart !== undefined) return built.originAt(pairKeyStart);
  if (isSeq(node)) {
    const dash = dashOf(text, items[0] as Node);
    return dash === undefined ? undefined : built.originAt(dash);
  }
  const second = (items[1] as { key?: Node } | undefined)?.key?.range?.[0];
  return second !== undefined && text[second - 1] === ' ' ? built.originAt(second - 1) : undefined;
}

type Kind = 'map' | 'seq' | 'scalar' | undefined;
const kindOf = (n: unknown): Kind => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : undefined);

/** The node of the source parse written exactly at `origin.range`, of the same kind as `like`. */
function nodeAt(parsed: ParsedFile, origin: Origin, like: Node): { node: Node; doc: Document } | undefined {
  const { start, end } = origin.range;
  const kind = kindOf(like);
  for (const d of parsed.documents) {
    if (start < d.start || start > d.end || d.error) continue;
    const stack: unknown[] = [d.doc.contents];
    while (stack.length) {
      const n = stack.pop() as Node | null | undefined;
      const r = n?.range;
      if (!n || !r || start < r[0] || start > r[2]) continue;
      // A Helm values origin of a block collection stops at its last character; the parse's range may include the line break.
      const sameEnd = r[1] === end || (r[1] > end && parsed.text.slice(end, r[1]).trim() === '');
      if (r[0] === start && sameEnd && kindOf(n) === kind) return { node: n, doc: d.doc };
      // A template's literal text maps character by character: the origin is the node's first
      // character (a scalar), the key introducing it (a map value) or the indentation before the
      // second key (a map that is a sequence item); `samePlace` then checks the key.
      if (origin.via.kind === 'literal' && end === start + 1) {
        if (r[0] === start && kind === 'scalar' && isScalar(n)) return { node: n, doc: d.doc };
        if (isMap(n) && kind === 'map' && (n.items[1]?.key as Node | undefined)?.range?.[0] === end) return { node: n, doc: d.doc };
        if (isMap(n)) {
          const pair = n.items.find((p) => (p.key as Node | null)?.range?.[0] === start);
          if (pair && kindOf(pair.value) === kind) return { node: pair.value as Node, doc: d.doc };
        }
      }
      if (isMap(n)) for (const p of n.items) stack.push(p.value);
      else if (isSeq(n)) for (const i of n.items) stack.push(i);
    }
  }
  return undefined;
}

const keyOf = (pair: { key: unknown } | undefined): string | undefined =>
  pair && isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : undefined;

/**
 * The source node stands where the built one does: the value of the same key, an item of a
 * sequence that is the value of the same key, or a document root. This refuses a value moved
 * under another key (a JSON 6902 `value:`, a replacement) and an origin the provenance fell
 * back to because the exact node was synthesised (its enclosing node's origin).
 */
function samePlace(builtDoc: Document, built: Node, sourceDoc: Document, source: Node): boolean {
  const b = linksOf(builtDoc).get(built);
  const s = linksOf(sourceDoc).get(source);
  if (!b || !s) return false;
  if (!b.parent || !s.parent) return !b.parent && !s.parent;
  if (b.pair || s.pair) return keyOf(b.pair) !== undefined && keyOf(b.pair) === keyOf(s.pair);
  return (
    keyOf(linksOf(builtDoc).get(b.parent)?.pair) === keyOf(linksOf(sourceDoc).get(s.parent)?.pair) &&
    keyOf(linksOf(sourceDoc).get(s.parent)?.pair) !== undefined
  );
}
