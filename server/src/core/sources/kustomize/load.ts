import * as posix from 'node:path/posix';
import { parseAllDocuments, parseDocument } from 'yaml';
import type { OriginVia, SourceFiles } from '../types';
import { clone, fromYaml, getString, isKMap, isKSeq, type KMap, type KNode } from './node';
import type { Resource } from './resource';

/**
 * Parsed files kept between builds: parsing is most of a build's time, and the editor rebuilds
 * after every edit, when nearly every file is unchanged. Keyed by file and how it is read; an
 * entry is used only while the file's text is the same. Builds edit their trees, so they get clones.
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; nodes: KNode[] }>();

  nodes(file: string, via: OriginVia, text: string): KNode[] {
    const key = `${via.kind}\u0000${file}`;
    let entry = this.entries.get(key);
    if (!entry || entry.text !== text) {
      entry = { text, nodes: parseNodes(text, file, via) };
      this.entries.set(key, entry);
    }
    return entry.nodes.map(clone);
  }
}

/** File access for one build: confined to the given `SourceFiles`, every read recorded. */
export class BuildFiles {
  readonly read = new Set<string>();
  constructor(
    private readonly files: SourceFiles,
    private readonly cache?: ParseCache,
  ) {}

  text(file: string): string | undefined {
    this.read.add(file);
    return this.files.read(file);
  }
  isDirectory(p: string): boolean {
    return this.files.isDirectory(p);
  }
  list(dir: string): string[] | undefined {
    return this.files.list(dir);
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
    return this.cache ? this.cache.nodes(file, via, text) : parseNodes(text, file, via);
  }
}

export function parseNodes(text: string, file: string, via: OriginVia): KNode[] {
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

export function parseOne(text: string, file: string, via: OriginVia): KNode {
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
