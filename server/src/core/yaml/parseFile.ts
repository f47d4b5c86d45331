import { parseAllDocuments, type Document } from 'yaml';
import { LineIndex } from './lineIndex';
import { isTemplated } from './templates';

/** One `---` section of a file. */
export interface ParsedDocument {
  /** 0-based position of the document in the file. */
  index: number;
  doc: Document.Parsed;
  /** Offsets of the document's source text in the whole file. */
  start: number;
  end: number;
  /** First YAML error, if the document has any: such documents get no findings. */
  error?: { message: string; start: number; end: number };
  /** A Helm/Go template rather than a manifest: no findings either. */
  templated?: boolean;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
}

/**
 * Options for every parse. Source tokens are not kept: node ranges are exact without them,
 * and nothing reads them; keeping them costs parse time and memory.
 */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  strict: true,
  uniqueKeys: true,
} as const;

/**
 * Parses multi-document YAML once, keeping offsets. Never throws: bad YAML (including
 * nesting deep enough to exhaust the parser's stack, which `yaml` reports as a document
 * error) lands in each document's `error`.
 */
export function parseFile(text: string): ParsedFile {
  const lines = new LineIndex(text);
  let list: Document.Parsed[];
  try {
    const docs = parseAllDocuments(text, PARSE_OPTIONS);
    list = Array.isArray(docs) ? docs : [];
  } catch {
    // Defensive: the parser is documented not to throw; if it ever does, the file is
    // treated as unparseable rather than crashing the caller.
    list = [];
  }
  const documents: ParsedDocument[] = list.map((doc, index) => parsedDocument(text, doc, index));
  return { text, lines, documents };
}

export function parsedDocument(text: string, doc: Document.Parsed, index: number): ParsedDocument {
  const [start, , end] = doc.range;
  const err = doc.errors[0];
  const parsed: ParsedDocument = { index, doc, start, end };
  if (err) parsed.error = { message: err.message, start: err.pos[0], end: err.pos[1] };
  if (isTemplated(text.slice(start, end))) parsed.templated = true;
  return parsed;
}
