import { Composer, Parser, type Document } from 'yaml';
import { PARSE_OPTIONS, parsedDocument, refusedSection, yamlLineBreaks, type ParsedDocument } from './parseFile';

/**
 * Parses one chunk of a larger text so that every node range, error position and source
 * token offset is in whole-file offsets, exactly as if the whole text had been parsed:
 * the parser counts from the chunk's start offset. `firstIndex` is the index the chunk's
 * first document has in the file. A chunk too deeply nested or too long to parse becomes
 * one `refused` placeholder document.
 */
export function parseChunk(text: string, start: number, end: number, firstIndex: number, builtOutput = false): ParsedDocument[] {
  const refused = refusedSection(text, start, end, firstIndex, true);
  if (refused) return [refused];
  const parser = new Parser();
  parser.offset = start;
  let docs: Document.Parsed[];
  try {
    docs = Array.from(new Composer(PARSE_OPTIONS).compose(parser.parse(yamlLineBreaks(text.slice(start, end))))) as Document.Parsed[];
  } catch {
    docs = [];
  }
  return docs.map((doc, i) => parsedDocument(text, doc, firstIndex + i, builtOutput));
}
