import { parseAllDocuments, type Document } from 'yaml';
import { LineIndex } from './lineIndex';

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
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
}

/**
 * Options for every parse: keep source tokens for exact ranges; a low alias budget so a
 * crafted alias bomb cannot expand when anything converts nodes to JS.
 */
export const PARSE_OPTIONS = {
  keepSourceTokens: true,
  prettyErrors: false,
  strict: true,
  uniqueKeys: true,
} as const;

/** Parses multi-document YAML once, keeping offsets. Never throws on bad YAML. */
export function parseFile(text: string): ParsedFile {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  const documents: ParsedDocument[] = list.map((doc, index) => {
    const [start, , end] = doc.range;
    const err = doc.errors[0];
    return {
      index,
      doc,
      start,
      end,
      error: err ? { message: err.message, start: err.pos[0], end: err.pos[1] } : undefined,
    };
  });
  return { text, lines, documents };
}
