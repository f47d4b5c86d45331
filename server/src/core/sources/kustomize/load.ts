import * as posix from 'node:path/posix';
import { parseAllDocuments, parseDocument } from 'yaml';
import type { OriginVia, SourceFiles } from '../types';
import { clone, fromYaml, getString, isKMap, isKSeq, type KMap, type KNode } from './node';
import type { Resource } from './resource';
import type { SubBuild } from './subBuilds';

/**
 * What is kept between builds of the same tree: the editor rebuilds a root after every edit,
 * when nearly every file is unchanged. Parsed files, keyed by file, how it is read and its
 * text (an entry is used only while the text is the same), and whole sub-builds (a base's
 * accumulated resources, see subBuilds.ts). Builds edit their trees, so they get clones.
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; nodes: KNode[] }>();
  /** Inline patches by their text (bounded: each edit of one is a new text). */
  private readonly inline = new Map<string, KNode[]>();
  /** Counts parses actually done (not answered from the cache), for tests. */
  parses = 0;
  /** Counts sub-builds taken from the cache, for tests. */
  subBuildsReused = 0;
  /** Sub-builds by directory (subBuilds.ts owns the entries). */
  readonly subBuilds = new Map<string, SubBuild>();

  /** The documents of `text` (`one`: the text is a single document, as a kustomization file). */
  nodes(file: string, via: OriginVia, text: string, one = false): KNode[] {
    const key = `${one ? 'one' : 'all'}\u0000${via.kind}\u0000${'field' in via ? via.field : ''}\u0000${file}`;
    let entry = this.entries.get(key);
    if (!entry || entry.text !== text) {
      this.parses++;
      entry = { text, nodes: one ? [parseOne(text, file, via)] : parseNodes(text, file, via) };
      this.entries.set(key, entry);
    }
    return entry.nodes.map(clone);
  }

  inlinePatch(text: string): KNode[] {
    let nodes = this.inline.get(text);
    if (!nodes) {
      this.parses++;
      nodes = parseNodes(text, '<inline>', { kind: 'patch' });
      if (this.inline.size >= 500) this.inline.clear();
      this.inline.set(text, nodes);
    }
    return nodes.map(clone);
  }
}

/**
 * File access for one build: confined to the given `SourceFiles`, every read recorded, and
 * every answer (text, listing, directory test) noted as a dependency of the sub-builds under
 * way, so a later build can tell whether a kept sub-build still holds.
 */
export class BuildFiles {
  readonly read = new Set<string>();
  private readonly recordings: Dependencies[] = [];
  /** Answers already had in this build: a patch file used 15 times, or checked for a kept sub-build, is read once. */
  private readonly answers = new Map<string, string | boolean | string[] | undefined>();
  constructor(
    private readonly files: SourceFiles,
    readonly cache?: ParseCache,
  ) {}

  text(file: string): string | undefined {
    this.read.add(file);
    const key = `t\u0000${file}`;
    return this.note(
      key,
      this.answer(key, () => this.files.read(file)),
    );
  }
  isDirectory(p: string): boolean {
    const key = `d\u0000${p}`;
    return this.note(
      key,
      this.answer(key, () => this.files.isDirectory(p)),
    );
  }
  list(dir: string): string[] | undefined {
    const key = `l\u0000${dir}`;
    const names = this.answer(key, () => this.files.list(dir));
    this.note(key, names?.join('\u0000'));
    return names;
  }

  /** Starts noting what is read, for a sub-build; `stopRecording` returns it. */
  startRecording(): void {
    this.recordings.push(new Map());
  }
  stopRecording(): Dependencies {
    const done = this.recordings.pop()!;
    this.replay(done);
    return done;
  }
  /** True when every dependency still has the value it had (read again now). */
  unchanged(deps: Dependencies): boolean {
    for (const [key, value] of deps) {
      const path = key.slice(2);
      const now =
        key[0] === 't'
          ? this.answer(key, () => this.files.read(path))
          : key[0] === 'd'
            ? this.answer(key, () => this.files.isDirectory(path))
            : this.answer(key, () => this.files.list(path))?.join('\u0000');
      if (now !== value) return false;
    }
    return true;
  }
  /** A kept sub-build's reads count as this build's reads (and its enclosing sub-build's dependencies). */
  replay(deps: Dependencies): void {
    for (const key of deps.keys()) if (key[0] === 't') this.read.add(key.slice(2));
    const outer = this.recordings[this.recordings.length - 1];
    if (outer) for (const [key, value] of deps) outer.set(key, value);
  }

  private answer<T extends string | boolean | string[] | undefined>(key: string, ask: () => T): T {
    if (this.answers.has(key)) return this.answers.get(key) as T;
    const value = ask();
    this.answers.set(key, value);
    return value;
  }
  private note<T extends string | boolean | undefined>(key: string, value: T): T {
    const current = this.recordings[this.recordings.length - 1];
    current?.set(key, value);
    return value;
  }

  /** The kustomization file of a directory, in kustomize's order of preference. */
  kustomizationFile(dir: string): string | undefined {
    const names = this.list(dir) ?? [];
    const found = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((n) => names.includes(n));
    return found === undefined ? undefined : posix.join(dir, found);
  }

  /** Every YAML document of a file as build nodes (empty documents skipped); throws on a syntax error. */
  documents(file: string, via: OriginVia): KNode[] {
    const text = this.text(file);
    if (text === undefined) throw new Error(`cannot read ${file}`);
    return this.parse(text, file, via);
  }
  /** The documents of a text (a file's, or an inline patch's), through the cache. */
  parse(text: string, file: string, via: OriginVia): KNode[] {
    return this.cache ? this.cache.nodes(file, via, text) : parseNodes(text, file, via);
  }
  /** An inline patch's documents (origins in `<inline>`, to be placed by the caller). */
  parseInline(text: string): KNode[] {
    return this.cache ? this.cache.inlinePatch(text) : parseNodes(text, '<inline>', { kind: 'patch' });
  }
  /** A kustomization file's one document; throws on a syntax error. */
  kustomization(file: string): KNode {
    const via: OriginVia = { kind: 'transformer', field: 'kustomization' };
    const text = this.text(file) ?? '';
    return this.cache ? this.cache.nodes(file, via, text, true)[0]! : parseOne(text, file, via);
  }
}

/** What a sub-build read: `t`ext, `d`irectory test or `l`isting of a path, and the answer. */
export type Dependencies = Map<string, string | boolean | undefined>;

function parseNodes(text: string, file: string, via: OriginVia): KNode[] {
  const out: KNode[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
    if (doc.contents === null) continue;
    const n = fromYaml(doc.contents, file, via);
    if (n.t === 'scalar' && n.value === null) continue;
    out.push(n);
  }
  return out;
}

function parseOne(text: string, file: string, via: OriginVia): KNode {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
  return fromYaml(doc.contents, file, via);
}

/** Resources of a manifest file: each map document, a `kind: *List` expanded to its items. */
export function resourcesOf(nodes: KNode[]): Resource[] {
  const out: Resource[] = [];
  for (const n of nodes) {
    if (!isKMap(n)) throw new Error('a resource must be a YAML map');
    const items = n.entries.get('items');
    if (/List$/.test(getString(n, ['kind']) ?? '') && isKSeq(items)) {
      for (const i of items.items) if (isKMap(i)) out.push({ obj: i, prevIds: [] });
    } else out.push({ obj: n as KMap, prevIds: [] });
  }
  return out;
}

/** kustomize's remote targets: URLs and git/GitHub shorthands (never fetched here). */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry) ||
    /\?ref=|\.git(\/\/|$)/.test(entry)
  );
}
