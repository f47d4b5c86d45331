import { deepCopy } from '../sprig/collections';
import type { ParsedTemplate } from '../template/ast';
import { parseTemplate } from '../template/parser';
import { readYaml } from './yaml';

interface Entry<T> {
  text: string;
  value: T;
  /** The render that last used the entry: entries no render used since are dropped. */
  render: number;
}

/**
 * What renders of a chart can share: the editor re-renders after every edit, when every file
 * but the edited one is unchanged. Keyed by text, so an edit only misses for what it changed:
 * - parsed templates, by template name (the chart path inside the render, so two aliases of
 *   one subchart are two entries: their error messages differ) and file;
 * - `tpl` strings, by calling template and text;
 * - YAML read as Helm reads it (Chart.yaml, values files, `fromYaml` of unchanged text),
 *   handed out as deep copies since templates may change what they get (`set`, `merge`);
 * - each rendered manifest's head (kind, hook or not), by the manifest's text, and each
 *   compiled values.schema.json, by the schema's text (memo).
 * The executor never changes a parsed template, so renders share them. What fails to parse is
 * not kept: the next render parses it again and reports the same error. After each successful
 * render, entries that render did not use are dropped, so the cache holds one render's worth.
 */
export class RenderCache {
  private readonly templates = new Map<string, Entry<ParsedTemplate>>();
  private readonly texts = new Map<string, Entry<ParsedTemplate>>();
  private readonly yamls = new Map<string, Entry<unknown>>();
  private readonly memos = new Map<string, Entry<unknown>>();
  private render = 0;
  /** Templates parsed (not reused) since the cache was made: a test and the bench read it. */
  parses = 0;

  /** Called by renderChart at the start of a render. */
  begin(): void {
    this.render++;
  }

  /** Called by renderChart after a successful render: drops what it did not use. */
  sweep(): void {
    for (const map of [this.templates, this.texts, this.yamls, this.memos] as Map<string, Entry<unknown>>[]) {
      for (const [k, e] of map) if (e.render !== this.render) map.delete(k);
    }
  }

  parse(name: string, file: string, text: string): ParsedTemplate {
    const key = `${name}\u0000${file}`;
    const entry = this.templates.get(key);
    if (entry && entry.text === text) {
      entry.render = this.render;
      return entry.value;
    }
    const value = parseTemplate(name, text);
    this.parses++;
    this.templates.set(key, { text, value, render: this.render });
    return value;
  }

  /** A `tpl` string, parsed once per calling template and text (not counted in `parses`). */
  readonly parseText = (name: string, text: string): ParsedTemplate => {
    const key = `${name}\u0000${text}`;
    let entry = this.texts.get(key);
    if (!entry) {
      entry = { text, value: parseTemplate(name, text), render: this.render };
      this.texts.set(key, entry);
    }
    entry.render = this.render;
    return entry.value;
  };

  /** `readYaml(text)`, parsed once per distinct text; every caller gets its own copy. */
  readonly readYaml = (text: string): unknown => {
    let entry = this.yamls.get(text);
    if (!entry) {
      entry = { text, value: readYaml(text), render: this.render };
      this.yamls.set(text, entry);
    }
    entry.render = this.render;
    return deepCopy(entry.value);
  };

  /**
   * `compute(text)` once per kind of result and distinct text, for results nobody changes
   * (manifest heads, compiled schemas). A `compute` that throws keeps nothing.
   */
  memo<T>(kind: string, text: string, compute: (text: string) => T): T {
    const key = `${kind}\u0000${text}`;
    let entry = this.memos.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { text, value: compute(text), render: this.render };
      this.memos.set(key, entry as Entry<unknown>);
    }
    entry.render = this.render;
    return entry.value;
  }
}
