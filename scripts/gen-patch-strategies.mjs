#!/usr/bin/env node
// Extracts from the Kubernetes API table (../shared/reference/kubernetes-api/kubernetes-api-types.json)
// only what strategic merge patch needs: for each kind, its type; for each type, the fields that
// carry a patch strategy or lead to a type that does; and the kinds that are cluster-scoped. The output is committed
// (server/src/core/sources/kustomize/patchStrategies.json) so nothing reads ../shared at runtime;
// test/unit/kustomize-strategies.test.ts checks that the committed table equals this script's output.
//
// Usage: node scripts/gen-patch-strategies.mjs [api-types.json] [out.json]   (no args: write the default)
//        node scripts/gen-patch-strategies.mjs --stdout [api-types.json]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT = path.resolve(repo, '..', 'shared', 'reference', 'kubernetes-api', 'kubernetes-api-types.json');
export const DEFAULT_OUTPUT = path.join(repo, 'server', 'src', 'core', 'sources', 'kustomize', 'patchStrategies.json');

/** The struct type a field leads to (itself, its list element or its map value), if any. */
function structRef(field) {
  if (field.kind === 'struct') return field.type;
  if (field.kind === 'list' && field.elemKind === 'struct') return field.elem;
  if (field.kind === 'map' && field.valueKind === 'struct') return field.value;
  return undefined;
}

/** Kustomize (kyaml) matches list items on listMapKeys when the field merges, else on patchMergeKey. */
function mergeKeys(field) {
  if (!field.patchStrategy?.includes('merge')) return undefined;
  if (field.listMapKeys?.length) return field.listMapKeys;
  return field.patchMergeKey ? [field.patchMergeKey] : undefined;
}

export function generate(api) {
  const structs = Object.entries(api.types).filter(([, t]) => t.kind === 'struct' && Array.isArray(t.fields));
  // A type matters when one of its fields has a strategy or leads to a type that matters.
  const matters = new Set();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, t] of structs) {
      if (matters.has(name)) continue;
      if (t.fields.some((f) => f.patchStrategy || (structRef(f) && matters.has(structRef(f))))) {
        matters.add(name);
        changed = true;
      }
    }
  }
  const types = {};
  for (const [name, t] of structs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!matters.has(name)) continue;
    const fields = {};
    for (const f of t.fields) {
      const ref = structRef(f);
      const leads = ref && matters.has(ref);
      if (!f.patchStrategy && !leads) continue;
      const entry = {};
      if (leads) entry.type = ref;
      if (f.patchStrategy) entry.strategy = f.patchStrategy;
      const keys = mergeKeys(f);
      if (keys) entry.keys = keys;
      fields[f.name] = entry;
    }
    types[name] = fields;
  }
  const kinds = {};
  for (const k of api.kinds) if (matters.has(k.type)) kinds[`${k.apiVersion} ${k.kind}`] = k.type;
  // Kustomize decides cluster scope by kind alone (the namespace transformer skips these).
  const clusterScoped = [...new Set(api.kinds.filter((k) => k.namespaced === false).map((k) => k.kind))].sort();
  return { source: 'scripts/gen-patch-strategies.mjs from kubernetes-api-types.json', clusterScoped, kinds: sortKeys(kinds), types };
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function render(table) {
  return JSON.stringify(table, null, 1) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const toStdout = args[0] === '--stdout';
  const rest = toStdout ? args.slice(1) : args;
  const input = rest[0] ?? DEFAULT_INPUT;
  const text = render(generate(JSON.parse(fs.readFileSync(input, 'utf8'))));
  if (toStdout) process.stdout.write(text);
  else fs.writeFileSync(rest[1] ?? DEFAULT_OUTPUT, text);
}
