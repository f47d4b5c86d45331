import * as posix from 'node:path/posix';
import { pushAll } from '../../arrays';
import type { BuildResult, SourceFiles } from '../types';
import { applyBuiltinTransformer } from './builtinConfigs';
import { emitDocument } from './emit';
import { NAME_REFERENCES, VAR_REFERENCE } from './fieldSpecs';
import { contentHash, generate, mergeGenerated } from './generators';
import { BuildFiles, isRemote, resourcesOf, type ParseCache } from './load';
import { fixNameReferences } from './nameRefs';
import { getString, isKMap, isKScalar, isKSeq, kscalar, scalarText, type KMap, type KNode } from './node';
import { inlinePatchOrigins } from './inlinePatch';
import { applyJson6902, applyStrategicPatch, isJsonPatch } from './patches';
import { applyReplacements, resolveVars } from './replacements';
import { gvkOf, nameOf, namespaceOf, rememberId, type Resource } from './resource';
import { sortResources, type SortOptions } from './sort';
import { keptOrBuilt, MAX_NESTING, type SubBuildState } from './subBuilds';
import {
  addLabels,
  addPairs,
  addPrefixSuffix,
  commonAnnotationSpecs,
  commonLabelSpecs,
  fieldSpecsOf,
  setImages,
  setNamespace,
  setReplicas,
} from './transformers';

/**
 * `kubectl kustomize <root>` (Kustomize v5.6.0) in-process, for local kustomizations. Reads
 * only through `files`; never fetches or executes: remote resources, Helm charts and plugins
 * become "not analysed" problems and the rest is built. See docs/kustomize.md.
 * A `ParseCache` shared between builds skips re-parsing files whose text did not change and
 * re-building included kustomizations none of whose files changed (subBuilds.ts).
 */
export function buildKustomization(root: string, files: SourceFiles, cache?: ParseCache): BuildResult {
  const ctx: Ctx = {
    files: new BuildFiles(files, cache),
    problems: [],
    stack: [],
    deepest: 0,
    vars: [],
    config: { nameRefs: [...NAME_REFERENCES], varRefs: [...VAR_REFERENCE], namespace: [], labels: [], annotations: [] },
  };
  // Undefined when accumulating failed; a failure in `finish` keeps what was accumulated.
  let resources: Resource[] | undefined;
  try {
    resources = accumulate(posix.normalize(root), ctx, []);
    finish(resources, ctx);
  } catch (e) {
    ctx.problems.push({ message: `not analysed: ${root}: ${(e as Error).message}` });
  }
  const documents = sortResources(resources ?? [], ctx.sort).map((r) => emitDocument(r.obj));
  return { documents, problems: ctx.problems, filesRead: [...ctx.files.read] };
}

interface Ctx extends SubBuildState {
  /** The root's `sortOptions` (the first kustomization read is the root). */
  sort?: SortOptions | undefined;
}

/** Done once, for the root: hash suffixes, then references to renamed objects, then vars. */
function finish(resources: Resource[], ctx: Ctx): void {
  for (const r of resources) {
    if (!r.hashSuffix) continue;
    rememberId(r);
    const meta = r.obj.entries.get('metadata') as KMap;
    meta.entries.set('name', kscalar(`${nameOf(r)}-${contentHash(r.obj)}`, meta.entries.get('name')?.origin));
  }
  fixNameReferences(resources, ctx.config.nameRefs);
  resolveVars(resources, ctx.vars, ctx.config.varRefs);
  // kustomize rewrites metadata annotations and labels through its own setters, which drop a
  // null map (and an empty annotations map: it adds and removes internal annotations).
  for (const r of resources) {
    const meta = r.obj.entries.get('metadata');
    if (!isKMap(meta)) continue;
    for (const field of ['annotations', 'labels']) {
      const v = meta.entries.get(field);
      if ((isKScalar(v) && v.value === null) || (field === 'annotations' && isKMap(v) && v.entries.size === 0)) meta.entries.delete(field);
    }
  }
}

const UNSUPPORTED: Record<string, string> = {
  helmCharts: 'Helm chart (helmCharts is not run)',
  helmChartInflationGenerator: 'Helm chart generator (not run)',
  generators: 'generator plugin (plugins are not run)',
  validators: 'validator plugin (plugins are not run)',
  openapi: 'custom OpenAPI schema (openapi is not read)',
  crds: 'CRD schema for merging (crds is not read)',
};

/** Builds the kustomization in `dir`; a component starts from its parent's resources (`incoming`). */
function accumulate(dir: string, ctx: Ctx, incoming: Resource[]): Resource[] {
  if (ctx.stack.includes(dir)) throw new Error(`cycle: ${[...ctx.stack, dir].join(' -> ')}`);
  if (ctx.stack.length > MAX_NESTING) throw new Error('kustomizations nested too deep');
  ctx.deepest = Math.max(ctx.deepest, ctx.stack.length);
  const build = () => accumulateDirectory(dir, ctx, incoming);
  // The root is built every time; an included base is kept between builds while it holds.
  return ctx.stack.length > 0 && incoming.length === 0 ? keptOrBuilt(dir, ctx, build) : build();
}

function accumulateDirectory(dir: string, ctx: Ctx, incoming: Resource[]): Resource[] {
  const kfile = ctx.files.kustomizationFile(dir);
  if (!kfile) throw new Error(`no kustomization in ${dir}`);
  ctx.stack.push(dir);
  try {
    const k = ctx.files.kustomization(kfile);
    if (!isKMap(k)) throw new Error(`${kfile} is not a map`);
    if (ctx.stack.length === 1) ctx.sort = sortOptionsOf(k.entries.get('sortOptions'));
    return accumulateKustomization(dir, k, ctx, incoming);
  } finally {
    ctx.stack.pop();
  }
}

const list = (n: KNode | undefined): KNode[] => (isKSeq(n) ? n.items : []);
const str = (n: KNode | undefined) => (isKScalar(n) && n.value !== null ? scalarText(n) : undefined);
const problem = (ctx: Ctx, what: string, node: KNode | undefined) =>
  ctx.problems.push({ message: `not analysed: ${what}`, origin: node?.origin });

function accumulateKustomization(dir: string, k: KMap, ctx: Ctx, incoming: Resource[]): Resource[] {
  const at = (p: string) => posix.normalize(posix.join(dir, p));
  for (const [field, what] of Object.entries(UNSUPPORTED)) {
    const v = k.entries.get(field);
    for (const entry of isKSeq(v) ? v.items : v ? [v] : []) problem(ctx, `${what}: ${str(entry) ?? field}`, entry);
  }
  for (const c of list(k.entries.get('configurations'))) loadConfiguration(at(str(c) ?? ''), ctx);
  for (const v of list(k.entries.get('vars'))) {
    if (!isKMap(v) || !isKMap(v.entries.get('objref'))) continue;
    ctx.vars.push({
      name: getString(v, ['name']) ?? '',
      objref: v.entries.get('objref') as KMap,
      fieldPath: fieldPathOf(v) ?? 'metadata.name',
    });
  }

  let resources = [...incoming];
  for (const entry of [...list(k.entries.get('resources')), ...list(k.entries.get('bases'))]) {
    const p = str(entry) ?? '';
    if (isRemote(p)) {
      problem(ctx, `remote resource ${p} (never fetched)`, entry);
      continue;
    }
    const full = at(p);
    if (ctx.files.isDirectory(full)) pushAll(resources, accumulate(full, ctx, []));
    else pushAll(resources, resourcesOf(ctx.files.documents(full, { kind: 'resource' })));
  }
  for (const c of list(k.entries.get('components'))) {
    const p = str(c) ?? '';
    if (isRemote(p)) problem(ctx, `remote component ${p} (never fetched)`, c);
    else resources = accumulate(at(p), ctx, resources);
  }

  // Generators.
  const options = isKMap(k.entries.get('generatorOptions')) ? (k.entries.get('generatorOptions') as KMap) : undefined;
  const read = (p: string) => {
    const file = at(p);
    const text = ctx.files.text(file);
    return text === undefined ? undefined : { text, file };
  };
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const entry of list(k.entries.get(field))) {
      if (!isKMap(entry)) continue;
      const gen = generate({ entry, kind, options, read });
      const behavior = gen.behavior;
      delete gen.behavior;
      if (behavior === 'merge' || behavior === 'replace') {
        const ns = namespaceOf(gen);
        const existing = resources.find(
          (r) =>
            gvkOf(r.obj).kind === kind &&
            [nameOf(r), ...r.prevIds.map((i) => i.name)].includes(nameOf(gen)) &&
            (ns === undefined || namespaceOf(r) === ns),
        );
        if (!existing) throw new Error(`${kind} ${nameOf(gen)}: behavior ${behavior} but no object to ${behavior}`);
        mergeGenerated(existing, gen, behavior === 'replace');
      } else resources.push(gen);
    }
  }

  // Transformers, in kustomize's order.
  for (const entry of list(k.entries.get('patchesStrategicMerge')))
    resources = applyPatchEntry(resources, entry, undefined, ctx, at, false);
  resources = applyPatchList(resources, k.entries.get('patches'), ctx, at);
  const ns = k.entries.get('namespace');
  if (str(ns)) setNamespace(resources, ns!, ctx.config.namespace);
  addPrefixSuffix(resources, k.entries.get('namePrefix'), k.entries.get('nameSuffix'));
  addPairs(resources, k.entries.get('commonLabels'), commonLabelSpecs(ctx.config.labels), 'commonLabels');
  addLabels(resources, k.entries.get('labels'), ctx.config.labels);
  addPairs(resources, k.entries.get('commonAnnotations'), commonAnnotationSpecs(ctx.config.annotations), 'commonAnnotations');
  for (const key of ['patchesJson6902', 'patchesJSON6902']) {
    resources = applyPatchList(resources, k.entries.get(key), ctx, at);
  }
  setReplicas(resources, k.entries.get('replicas'));
  setImages(resources, k.entries.get('images'));
  const replacements: KNode[] = [];
  for (const entry of list(k.entries.get('replacements'))) {
    const path = isKMap(entry) ? getString(entry, ['path']) : undefined;
    if (path)
      pushAll(
        replacements,
        ctx.files
          .parse(ctx.files.text(at(path)) ?? '', at(path), { kind: 'transformer', field: 'replacements' })
          .flatMap((n) => (isKSeq(n) ? n.items : [n])),
      );
    else replacements.push(entry);
  }
  applyReplacements(resources, replacements);
  // Configured transformers run last, as in kustomize: built-in ones apply, plugins never run.
  for (const entry of list(k.entries.get('transformers'))) {
    const p = str(entry);
    if (p === undefined || p.includes('\n') || isRemote(p)) {
      problem(ctx, `transformer ${p === undefined || p.includes('\n') ? 'given inline' : p} (plugins are not run)`, entry);
      continue;
    }
    const full = at(p);
    const configs = ctx.files.isDirectory(full)
      ? accumulate(full, ctx, []).map((r) => r.obj)
      : ctx.files.documents(full, { kind: 'transformer', field: 'transformers' }).filter(isKMap);
    for (const config of configs) {
      const refused = applyBuiltinTransformer(
        config,
        resources,
        dir,
        entry.origin ? { ...entry.origin, via: { kind: 'transformer', field: 'transformers' } } : undefined,
      );
      if (refused) problem(ctx, `${refused}: ${p}`, entry);
    }
  }
  return resources;
}

/** A `patches` / `patchesJson6902` list: each `{path | patch, target}` entry in order. */
function applyPatchList(resources: Resource[], entries: KNode | undefined, ctx: Ctx, at: (p: string) => string): Resource[] {
  for (const entry of list(entries)) {
    if (!isKMap(entry)) continue;
    const source = entry.entries.get('path') ?? entry.entries.get('patch');
    resources = applyPatchEntry(resources, source, entry.entries.get('target') as KMap | undefined, ctx, at, entry.entries.has('path'));
  }
  return resources;
}

/** One patch: a file path or inline text, strategic merge or JSON 6902 by its content. */
function applyPatchEntry(
  resources: Resource[],
  source: KNode | undefined,
  target: KMap | undefined,
  ctx: Ctx,
  at: (p: string) => string,
  isPath: boolean,
): Resource[] {
  const text = str(source);
  if (text === undefined) return resources;
  let docs: KNode[];
  // A legacy patchesStrategicMerge entry may be a file name or inline YAML.
  const looksLikePath = isPath || (!text.includes('\n') && ctx.files.text(at(text)) !== undefined);
  if (looksLikePath) docs = ctx.files.documents(at(text), { kind: 'patch' });
  else {
    const fileText = source?.origin ? ctx.files.text(source.origin.file) : undefined;
    docs = ctx.files.parseInline(text).map((n) => inlinePatchOrigins(n, source?.origin, fileText, text));
  }
  for (const doc of docs) {
    if (isJsonPatch(doc)) {
      if (!target) throw new Error('a JSON 6902 patch needs a target');
      applyJson6902(resources, doc, target);
    } else if (isKMap(doc)) resources = applyStrategicPatch(resources, doc, target);
  }
  return resources;
}

function loadConfiguration(file: string, ctx: Ctx): void {
  for (const doc of ctx.files.documents(file, { kind: 'transformer', field: 'configurations' })) {
    if (!isKMap(doc)) continue;
    for (const ref of list(doc.entries.get('nameReference'))) {
      if (!isKMap(ref)) continue;
      ctx.config.nameRefs.push({
        kind: getString(ref, ['kind']) ?? '',
        group: getString(ref, ['group']),
        fieldSpecs: fieldSpecsOf(ref.entries.get('fieldSpecs')),
      });
    }
    pushAll(ctx.config.varRefs, fieldSpecsOf(doc.entries.get('varReference')));
    pushAll(ctx.config.namespace, fieldSpecsOf(doc.entries.get('namespace')));
    pushAll(ctx.config.labels, fieldSpecsOf(doc.entries.get('commonLabels')));
    pushAll(ctx.config.annotations, fieldSpecsOf(doc.entries.get('commonAnnotations')));
  }
}

/** kustomize decodes vars through JSON, whose field names match case-insensitively (`fieldpath` works). */
function fieldPathOf(v: KMap): string | undefined {
  const ref = [...v.entries].find(([key]) => key.toLowerCase() === 'fieldref')?.[1];
  if (!isKMap(ref)) return undefined;
  return str([...ref.entries].find(([key]) => key.toLowerCase() === 'fieldpath')?.[1]);
}

function sortOptionsOf(n: KNode | undefined): SortOptions {
  if (!isKMap(n)) return {};
  const names = (path: string[]) => {
    let cur: KNode | undefined = n;
    for (const p of path) cur = isKMap(cur) ? cur.entries.get(p) : undefined;
    return isKSeq(cur) ? cur.items.map((i) => str(i) ?? '') : undefined;
  };
  return {
    order: getString(n, ['order']),
    orderFirst: names(['legacySortOptions', 'orderFirst']),
    orderLast: names(['legacySortOptions', 'orderLast']),
  };
}
