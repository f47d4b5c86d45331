import { createHash } from 'node:crypto';
import type { Origin } from '../types';
import { getString, isKMap, isKScalar, isKSeq, kmap, kscalar, scalarText, toPlain, type KMap, type KNode } from './node';
import type { Resource } from './resource';

/**
 * configMapGenerator / secretGenerator: the generated object, with kustomize's content-hash
 * name suffix (added once the whole build is done, see `addHashSuffixes`). Values keep the
 * origin of the literal or file they came from; the object itself points at its entry.
 */
export interface GeneratorInput {
  entry: KMap;
  kind: 'ConfigMap' | 'Secret';
  /** `generatorOptions` of the kustomization. */
  options: KMap | undefined;
  /** Reads a file relative to the kustomization (undefined: missing or outside the workspace). */
  read(path: string): { text: string; file: string } | undefined;
}

const viaGenerator = (n: KNode | undefined): Origin | undefined => (n?.origin ? { ...n.origin, via: { kind: 'generator' } } : undefined);

export function generate(input: GeneratorInput): Resource {
  const { entry, kind } = input;
  const origin = viaGenerator(entry);
  const data = kmap(origin);
  const fileOrigin = (file: string, text: string): Origin => ({ file, range: { start: 0, end: text.length }, via: { kind: 'generator' } });
  const put = (key: string, value: string, o: Origin | undefined) =>
    data.entries.set(key, kscalar(kind === 'Secret' ? base64Lines(value) : value, o));
  const need = (path: string) => {
    const f = input.read(path);
    if (!f) throw new Error(`${kind} generator: cannot read ${path}`);
    return f;
  };
  for (const envNode of [
    ...listOf(entry.entries.get('envs')),
    ...(isKScalar(entry.entries.get('env')) ? [entry.entries.get('env')!] : []),
  ]) {
    const f = need(String((envNode as { value: unknown }).value));
    for (const [k, v] of parseEnv(f.text)) put(k, v, fileOrigin(f.file, f.text));
  }
  for (const fileNode of listOf(entry.entries.get('files'))) {
    const spec = String(isKScalar(fileNode) ? fileNode.value : '');
    const eq = spec.indexOf('=');
    const key = eq < 0 ? spec.split('/').pop()! : spec.slice(0, eq);
    const f = need(eq < 0 ? spec : spec.slice(eq + 1));
    put(key, f.text, fileOrigin(f.file, f.text));
  }
  for (const lit of listOf(entry.entries.get('literals'))) {
    const text = String(isKScalar(lit) ? lit.value : '');
    const eq = text.indexOf('=');
    if (eq < 0) throw new Error(`${kind} generator: literal without "=": ${text}`);
    put(text.slice(0, eq), unquote(text.slice(eq + 1)), viaGenerator(lit));
  }
  const obj = kmap(origin);
  obj.entries.set('apiVersion', kscalar('v1', origin));
  obj.entries.set('kind', kscalar(kind, origin));
  const meta = kmap(origin);
  obj.entries.set('metadata', meta);
  meta.entries.set('name', kscalar(getString(entry, ['name']) ?? '', viaGenerator(entry.entries.get('name')) ?? origin));
  const ns = entry.entries.get('namespace');
  if (isKScalar(ns) && ns.value !== null) meta.entries.set('namespace', kscalar(scalarText(ns), viaGenerator(ns)));
  const own = entry.entries.get('options');
  for (const field of ['labels', 'annotations'] as const) {
    const pairs = [input.options?.entries.get(field), isKMap(own) ? own.entries.get(field) : undefined].filter(isKMap);
    if (!pairs.length) continue;
    const target = kmap(origin);
    for (const p of pairs)
      for (const [k, v] of p.entries) target.entries.set(k, kscalar(isKScalar(v) ? scalarText(v) : '', viaGenerator(v)));
    meta.entries.set(field, target);
  }
  if (data.entries.size) obj.entries.set('data', data);
  if (kind === 'Secret')
    obj.entries.set('type', kscalar(getString(entry, ['type']) ?? 'Opaque', viaGenerator(entry.entries.get('type')) ?? origin));
  const opt = (name: string) =>
    (isKMap(own) ? getString(own, [name]) : undefined) ?? (input.options ? getString(input.options, [name]) : undefined);
  if (opt('immutable') === 'true') obj.entries.set('immutable', kscalar(true, origin));
  return {
    obj,
    prevIds: [],
    hashSuffix: opt('disableNameSuffixHash') !== 'true',
    behavior: getString(entry, ['behavior']) ?? 'create',
  };
}

/** Secret values as kustomize writes them: base64 in lines of 70, each ended by \n once there is more than one. */
function base64Lines(value: string): string {
  const enc = Buffer.from(value, 'utf8').toString('base64');
  if (Math.floor(enc.length / 70) + 1 === 1) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + '\n';
  return out;
}

const listOf = (n: KNode | undefined): KNode[] => (isKSeq(n) ? n.items : []);

function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1) : v;
}

/** An env file: KEY=VALUE lines; blank lines and # comments skipped; a leading BOM ignored. */
function parseEnv(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    // A bare name would be read from kustomize's own environment: never here, so it is empty.
    if (eq < 0) {
      out.push([line.trim(), '']);
      continue;
    }
    out.push([line.slice(0, eq), unquote(line.slice(eq + 1))]);
  }
  return out;
}

/** Merges a generator with behavior merge/replace into the object it overrides. */
export function mergeGenerated(existing: Resource, generated: Resource, replace: boolean): void {
  const data = generated.obj.entries.get('data');
  const old = existing.obj.entries.get('data');
  if (replace || !isKMap(old)) {
    if (data) existing.obj.entries.set('data', data);
    else existing.obj.entries.delete('data');
  } else if (isKMap(data)) for (const [k, v] of data.entries) old.entries.set(k, v);
  const meta = existing.obj.entries.get('metadata');
  const newMeta = generated.obj.entries.get('metadata');
  if (isKMap(meta) && isKMap(newMeta)) {
    for (const field of ['labels', 'annotations']) {
      const add = newMeta.entries.get(field);
      if (!isKMap(add)) continue;
      const cur = meta.entries.get(field);
      if (isKMap(cur)) for (const [k, v] of add.entries) cur.entries.set(k, v);
      else meta.entries.set(field, add);
    }
  }
  existing.hashSuffix = existing.hashSuffix && generated.hashSuffix;
}

/** kustomize's name hash: sha256 of Go's JSON of {kind, name: "", data[, binaryData][, type]}, 10 chars re-lettered. */
export function contentHash(obj: KMap): string {
  const kind = getString(obj, ['kind']);
  // kustomize hashes with an empty name (checked against kubectl kustomize output).
  const m: Record<string, unknown> = { kind, name: '', data: toPlain(obj.entries.get('data')) ?? {} };
  if (kind === 'Secret') m.type = getString(obj, ['type']) ?? '';
  const binary = obj.entries.get('binaryData');
  if (isKMap(binary) && binary.entries.size) m.binaryData = toPlain(binary);
  const hex = createHash('sha256').update(goJson(m)).digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

/** JSON as Go's encoding/json writes it: map keys sorted, and <, >, & escaped. */
function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x && typeof x === 'object')
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, sorted((x as Record<string, unknown>)[k])]),
      );
    return x;
  };
  return JSON.stringify(sorted(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
