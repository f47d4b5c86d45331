import { isCollection, isNode, isPair, type Document } from 'yaml';
import type { ParsedDocument } from '../yaml/parseFile';
import type { ChunkResult } from './documentCache';

/**
 * Moves a cached chunk's analysis to a new place in the file: an edit earlier in the file
 * shifts every later document's offsets (and, when it adds or removes a `---`, their
 * indexes) without changing their text. Shifting the parsed tree is far cheaper than
 * parsing it again.
 *
 * The parsed documents are shifted in place: the analysis of the previous text shares
 * them and is stale from here on, which is fine because callers keep only the latest
 * analysis of a document version. Findings are copied, never mutated.
 */
export function relocate(result: ChunkResult, offsetDelta: number, indexDelta: number): ChunkResult {
  if (offsetDelta === 0 && indexDelta === 0) return result;
  for (const d of result.documents) shiftDocument(d, offsetDelta, indexDelta);
  return {
    ...result,
    unparsed: result.unparsed.map((u) => ({ ...u, index: u.index + indexDelta, start: u.start + offsetDelta, end: u.end + offsetDelta })),
    findings: result.findings.map((f) => ({
      ...f,
      documentIndex: f.documentIndex + indexDelta,
      range: { start: f.range.start + offsetDelta, end: f.range.end + offsetDelta },
    })),
    failures: result.failures.map((x) => ({ ...x, documentIndex: x.documentIndex + indexDelta })),
  };
}

function shiftRange(r: number[] | undefined, delta: number): void {
  if (!r) return;
  for (const [i, x] of r.entries()) r[i] = x + delta;
}

function shiftDocument(d: ParsedDocument, offsetDelta: number, indexDelta: number): void {
  d.index += indexDelta;
  if (offsetDelta === 0) return;
  d.start += offsetDelta;
  d.end += offsetDelta;
  if (d.error) {
    d.error.start += offsetDelta;
    d.error.end += offsetDelta;
  }
  shiftTree(d.doc, offsetDelta);
}

function shiftTree(doc: Document.Parsed, delta: number): void {
  shiftRange(doc.range, delta);
  for (const e of [...doc.errors, ...doc.warnings]) shiftRange(e.pos, delta);
  shiftNode(doc.contents, delta);
}

/**
 * Shifts every node under `node`. A plain recursive walk: `yaml`'s `visit` freezes a copy
 * of the path at every node, which made relocation the largest cost of an edit near the
 * top of a big file (every later document is walked).
 */
function shiftNode(node: unknown, delta: number): void {
  if (!isNode(node)) return;
  shiftRange(node.range as number[] | undefined, delta);
  if (!isCollection(node)) return;
  for (const item of node.items) {
    if (isPair(item)) {
      shiftNode(item.key, delta);
      shiftNode(item.value, delta);
    } else shiftNode(item, delta);
  }
}
