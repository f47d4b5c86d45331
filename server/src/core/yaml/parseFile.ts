import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import { addDuplicateKeyErrors } from './duplicateKeys';
import { LineIndex } from './lineIndex';
import { MAX_NESTING_DEPTH, nestingLimitAt } from './nesting';
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
  /**
   * Set when the text was not given to the parser because it hit a limit (it nests deeper
   * than MAX_NESTING_DEPTH, or has more than MAX_DOCUMENT_LINES lines): the reason, without
   * a line number (a kept section is reused at another line after an edit above it). `doc`
   * is empty and `error` says where. Analysis records the document as not analysed
   * (ANALYSIS_LIMIT), not as a syntax error; the workspace index as not indexed.
   */
  refused?: string | undefined;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
}

/**
 * Options for every parse. Source tokens are not kept: node ranges are exact without them,
 * and nothing reads them; keeping them costs parse time and memory. The parser's duplicate
 * key check is quadratic per map: `addDuplicateKeyErrors` adds the same errors in linear time.
 */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  strict: true,
  uniqueKeys: false,
} as const;

/**
 * The text the parser is given: YAML 1.2 counts a lone CR as a line break, the `yaml`
 * parser only LF and CRLF. Replacing each lone CR by LF keeps every offset (one character
 * for one), so ranges still point into the original text.
 */
export function yamlLineBreaks(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r(?!\n)/g, '\n');
}

/**
 * Lines of one `---` document parsed at most. The longest real documents are CRDs and
 * ConfigMap lists (25,000 lines, and mostly never parsed); a workload of 150,000 lines
 * (`- {}` entries) took seconds to parse twice (file analysis, cross-file index).
 */
export const MAX_DOCUMENT_LINES = 100_000;

/** Where the section `[start, end)` passes MAX_DOCUMENT_LINES lines, or undefined. */
function lineLimitAt(text: string, start: number, end: number): number | undefined {
  let lines = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    if (++lines > MAX_DOCUMENT_LINES) return i;
  }
  return undefined;
}

/** The line index of the last text a placeholder was made for: a file with many refused sections is scanned once. */
let lastLines: { text: string; lines: LineIndex } | undefined;

/** The placeholder for a section not parsed because it hit a limit (see `refused`). */
function refusedDocument(text: string, start: number, end: number, at: number, index: number, reason: string): ParsedDocument {
  const doc = parseDocument('', PARSE_OPTIONS) as Document.Parsed;
  doc.range = [start, end, end];
  if (lastLines?.text !== text) lastLines = { text, lines: new LineIndex(text) };
  const line = lastLines.lines.positionAt(at).line + 1;
  return { index, doc, start, end, error: { message: `${reason} (line ${line})`, start: at, end: at + 1 }, refused: reason };
}

/**
 * A placeholder when the section nests too deep or (with `oneDocument`: a `---` section, not
 * a whole multi-document file) is too long to parse, else undefined.
 */
export function refusedSection(text: string, start: number, end: number, index: number, oneDocument: boolean): ParsedDocument | undefined {
  const longAt = oneDocument ? lineLimitAt(text, start, end) : undefined;
  if (longAt !== undefined) return refusedDocument(text, start, end, longAt, index, `longer than ${MAX_DOCUMENT_LINES} lines`);
  const deepAt = nestingLimitAt(text, start, end);
  if (deepAt !== undefined) return refusedDocument(text, start, end, deepAt, index, `nested more than ${MAX_NESTING_DEPTH} levels deep`);
  return undefined;
}

/**
 * Parses multi-document YAML once, keeping offsets. Never throws: bad YAML (including
 * nesting deep enough to exhaust the parser's stack, which `yaml` reports as a document
 * error) lands in each document's `error`.
 */
export function parseFile(text: string, builtOutput = false): ParsedFile {
  const lines = new LineIndex(text);
  const refused = refusedSection(text, 0, text.length, 0, false);
  if (refused) return { text, lines, documents: [refused] };
  let list: Document.Parsed[];
  try {
    const docs = parseAllDocuments(yamlLineBreaks(text), PARSE_OPTIONS);
    list = Array.isArray(docs) ? docs : [];
  } catch {
    // Defensive: the parser is documented not to throw; if it ever does, the file is
    // treated as unparseable rather than crashing the caller.
    list = [];
  }
  const documents: ParsedDocument[] = list.map((doc, index) => parsedDocument(text, doc, index, builtOutput));
  return { text, lines, documents };
}

/** `builtOutput`: a build's output, whose `{{ }}` text is data, not a template (see AnalysisOptions). */
export function parsedDocument(text: string, doc: Document.Parsed, index: number, builtOutput = false): ParsedDocument {
  addDuplicateKeyErrors(doc);
  const [start, , end] = doc.range;
  const err = doc.errors[0];
  const parsed: ParsedDocument = { index, doc, start, end };
  if (err) parsed.error = { message: err.message, start: err.pos[0], end: err.pos[1] };
  if (!builtOutput && isTemplated(text.slice(start, end))) parsed.templated = true;
  return parsed;
}
