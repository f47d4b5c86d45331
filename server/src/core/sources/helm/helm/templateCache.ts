import type { ParsedTemplate } from '../template/ast';
import { parseTemplate } from '../template/parser';

/**
 * Parsed templates kept between renders of a chart: the editor re-renders after every edit,
 * when every template but the edited one is unchanged. Keyed by template name (the chart path
 * inside the render, so two aliases of one subchart are two entries, as their error messages
 * differ) and file; an entry is reused only while the file's text is the same. The executor
 * never changes a parsed template, so renders share them. A template that fails to parse is
 * not kept: the next render parses it again and reports the same error.
 */
export class TemplateCache {
  private readonly entries = new Map<string, { text: string; parsed: ParsedTemplate }>();
  /** Templates parsed (not reused) since the cache was made: a test and the bench read it. */
  parses = 0;

  parse(name: string, file: string, text: string): ParsedTemplate {
    const key = `${name}\u0000${file}`;
    const entry = this.entries.get(key);
    if (entry && entry.text === text) return entry.parsed;
    const parsed = parseTemplate(name, text);
    this.parses++;
    this.entries.set(key, { text, parsed });
    return parsed;
  }
}
