import { splitDocuments, sniffKind } from '../yaml/chunks';
import { LineIndex } from '../yaml/lineIndex';
import { parseChunk } from '../yaml/parseChunk';
import { parseFile, type ParsedDocument } from '../yaml/parseFile';
import { extractObjects } from './extract';
import type { IndexedObject, IndexFailure } from './types';
import { pushAll } from '../arrays';
import { MAX_DOCUMENTS_PER_FILE, type FileAnalysis } from '../engine/analyze';

/**
 * Kinds the index never needs: big by nature (CRDs, ConfigMaps) and carrying nothing the
 * cross-object rules use. Recognised from their top-level lines and never parsed.
 */
const UNINDEXED_KINDS = new Set(['CustomResourceDefinition', 'ConfigMap']);

/** What one `---` section of a file contributed to the index, kept to reuse after an edit elsewhere. */
export interface IndexedChunk {
  text: string;
  start: number;
  /** Line of `start`. */
  line: number;
  firstIndex: number;
  documentCount: number;
  objects: IndexedObject[];
  /** Documents of the section that could not be indexed (see IndexFailure). */
  failures: IndexFailure[];
}

/**
 * The objects of a file's text and, with `keep`, its chunks for the next call. With `keep`
 * and `previous` (the kept chunks of the file's last text), sections whose text is
 * unchanged are not parsed again: their objects are copied with every location shifted to
 * where the section is now. An open 5 MB file is then re-indexed after an edit at the cost
 * of the section edited. Without `keep` (a closed file, read once) no section's line is
 * looked up and nothing is kept.
 */
export function indexText(
  file: string,
  text: string,
  keep: boolean,
  previous?: readonly IndexedChunk[],
): { objects: IndexedObject[]; failures: IndexFailure[]; chunks?: IndexedChunk[] } {
  const whole = splitDocuments(text);
  // The engine's limit (see MAX_DOCUMENTS_PER_FILE): past it a file is recorded, not indexed.
  const cutFailures: IndexFailure[] = [];
  const cut = (first: number, more: number): void => {
    cutFailures.push({
      file,
      documentIndex: first,
      message: `documents ${first + 1} and after (${more} more) not indexed: a file is analysed up to ${MAX_DOCUMENTS_PER_FILE} documents`,
    });
  };
  if (!whole) {
    const failures: IndexFailure[] = [];
    const parsed = parseFile(text);
    if (parsed.documents.length > MAX_DOCUMENTS_PER_FILE) {
      cut(MAX_DOCUMENTS_PER_FILE, parsed.documents.length - MAX_DOCUMENTS_PER_FILE);
      parsed.documents = parsed.documents.slice(0, MAX_DOCUMENTS_PER_FILE);
    }
    const objects = extractObjects(file, parsed, failures);
    return { objects, failures: [...failures, ...cutFailures] };
  }
  const split = whole.length > MAX_DOCUMENTS_PER_FILE ? whole.slice(0, MAX_DOCUMENTS_PER_FILE) : whole;
  const lines = new LineIndex(text);
  const reusable = new Map<string, IndexedChunk[]>();
  for (const c of keep ? (previous ?? []) : []) {
    const list = reusable.get(c.text);
    if (list) list.push(c);
    else reusable.set(c.text, [c]);
  }
  const chunks: IndexedChunk[] = [];
  const toExtract: ParsedDocument[] = [];
  const fresh: IndexedChunk[] = [];
  let index = 0;
  for (const { start, end } of split) {
    const chunkText = text.slice(start, end);
    const line = keep ? lines.positionAt(start).line : 0;
    const old = reusable.get(chunkText)?.shift(); // each previous chunk serves once
    let chunk: IndexedChunk;
    if (old) {
      const delta = { offset: start - old.start, line: line - old.line, index: index - old.firstIndex };
      const failures = old.failures.map((f) => ({ ...f, documentIndex: f.documentIndex + delta.index }));
      chunk = { ...old, text: chunkText, start, line, firstIndex: index, objects: old.objects.map((o) => moveObject(o, delta)), failures };
    } else {
      const sniffed = sniffKind(chunkText);
      const skipped = sniffed !== undefined && UNINDEXED_KINDS.has(sniffed.kind);
      const docs = skipped ? [] : parseChunk(text, start, end, index);
      chunk = { text: chunkText, start, line, firstIndex: index, documentCount: skipped ? 1 : docs.length, objects: [], failures: [] };
      pushAll(toExtract, docs);
      fresh.push(chunk);
    }
    chunks.push(chunk);
    index += chunk.documentCount;
  }
  if (split.length < whole.length) cut(index, whole.length - split.length);
  // One extraction for every new section: it scans the text once for directive comments.
  const newFailures: IndexFailure[] = [];
  const extracted = toExtract.length > 0 ? extractObjects(file, { text, lines, documents: toExtract }, newFailures) : [];
  // Nothing is reused without `keep`: the objects are the extracted ones.
  if (!keep) return { objects: extracted, failures: [...newFailures, ...cutFailures] };
  // Objects come in document order, as the new sections do: hand each its run.
  let next = 0;
  for (const chunk of fresh) {
    const from = next;
    while ((extracted[next]?.documentIndex ?? Infinity) < chunk.firstIndex + chunk.documentCount) next++;
    chunk.objects = extracted.slice(from, next);
    chunk.failures = newFailures.filter(
      (f) => f.documentIndex >= chunk.firstIndex && f.documentIndex < chunk.firstIndex + chunk.documentCount,
    );
  }
  return { objects: chunks.flatMap((c) => c.objects), failures: [...chunks.flatMap((c) => c.failures), ...cutFailures], chunks };
}

interface Delta {
  offset: number;
  line: number;
  index: number;
}

/**
 * A copy of an indexed object whose section moved: offsets, lines and the document index
 * shifted. A section starts at a line start, so characters within a line do not change.
 * Locations are `Loc`s (file, start, end, range), `Position`s (line, character), a
 * directive's `line` and a workload's `docStart`; Maps (labels) hold no location and are shared.
 */
function moveObject(o: IndexedObject, d: Delta): IndexedObject {
  if (d.offset === 0 && d.line === 0 && d.index === 0) return o;
  const moved = move(o, d) as IndexedObject;
  moved.documentIndex = o.documentIndex + d.index;
  moved.key = `${o.file}#${moved.documentIndex}`;
  return moved;
}

function move(value: unknown, d: Delta): unknown {
  if (Array.isArray(value)) return value.map((v) => move(v, d));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = move(v, d);
  if (typeof out.line === 'number' && (typeof out.character === 'number' || Array.isArray(out.ids))) out.line += d.line;
  if (typeof out.file === 'string' && typeof out.start === 'number' && typeof out.end === 'number' && out.range) {
    out.start += d.offset;
    out.end += d.offset;
  }
  if (typeof out.docStart === 'number') out.docStart += d.offset;
  return out;
}

/** What the index takes in for one file (see `WorkspaceIndex.setFileIndexed`). */
export interface IndexedFile {
  objects: IndexedObject[];
  failures: IndexFailure[];
}

/**
 * The index's objects of a file the engine has just analysed, without parsing it again (the
 * CLI's scan parsed every file twice: a third of its time): the analysis' parsed documents,
 * plus the sections it left unparsed (no rule inspects their kind) that the index reads, minus
 * the kinds the index skips. The same objects and failures as `indexText(file, text, false)`
 * for an analysis of plain manifests (not `builtOutput`): used only when every `---` section
 * is one document numbered as its position (the common case); any other file, or one at the
 * document limit, goes through `indexText`.
 */
export function indexAnalysis(file: string, analysis: Pick<FileAnalysis, 'parsed' | 'unparsed'>): IndexedFile {
  const { text, documents } = analysis.parsed;
  const slow = (): IndexedFile => {
    const { objects, failures } = indexText(file, text, false);
    return { objects, failures };
  };
  const split = splitDocuments(text);
  let chosen: ParsedDocument[] = documents;
  if (split) {
    if (split.length >= MAX_DOCUMENTS_PER_FILE || split.length !== documents.length + analysis.unparsed.length) return slow();
    const parsedAt = new Map(documents.map((d) => [d.index, d]));
    const unparsedAt = new Map(analysis.unparsed.map((u) => [u.index, u]));
    chosen = [];
    for (let index = 0; index < split.length; index++) {
      const { start, end } = split[index]!;
      const parsed = parsedAt.get(index);
      const unparsed = unparsedAt.get(index);
      if (parsed ? parsed.start < start || parsed.start > end : unparsed?.start !== start) return slow();
      const sniffed = sniffKind(text.slice(start, end));
      if (sniffed !== undefined && UNINDEXED_KINDS.has(sniffed.kind)) continue;
      if (parsed) chosen.push(parsed);
      else {
        const docs = parseChunk(text, start, end, index);
        if (docs.length !== 1) return slow();
        pushAll(chosen, docs);
      }
    }
  } else if (documents.length >= MAX_DOCUMENTS_PER_FILE) return slow();
  const failures: IndexFailure[] = [];
  const objects = extractObjects(file, { text, lines: analysis.parsed.lines, documents: chosen }, failures);
  return { objects, failures };
}
