import table from './patchStrategies.json';

/**
 * Patch strategies of the built-in Kubernetes types, from the committed table that
 * scripts/gen-patch-strategies.mjs extracts from the Kubernetes API types.
 */
export interface FieldStrategy {
  /** The struct type this field (or its list items / map values) holds, when it matters for merging. */
  type?: string | undefined;
  /** `merge`, `replace`, `retainKeys` or `merge,retainKeys`. */
  strategy?: string | undefined;
  /** The keys list items are matched on (kustomize uses listMapKeys where present). */
  keys?: string[] | undefined;
}

const kinds = table.kinds as Record<string, string>;
const types = table.types as Record<string, Record<string, FieldStrategy>>;

/** The API type of a kind, or undefined for custom resources (which merge as plain maps). */
export function typeOfKind(apiVersion: string | undefined, kind: string | undefined): string | undefined {
  return apiVersion && kind ? kinds[`${apiVersion} ${kind}`] : undefined;
}

export function fieldOf(type: string | undefined, field: string): FieldStrategy | undefined {
  if (!type) return undefined;
  return Object.prototype.hasOwnProperty.call(types[type] ?? {}, field) ? types[type]![field] : undefined;
}

/**
 * CustomResourceDefinition and APIService live outside k8s.io/api (apiextensions, kube-aggregator),
 * so the generated table cannot know them; kustomize treats both as cluster-scoped.
 */
const clusterScoped = new Set([...(table.clusterScoped as string[]), 'CustomResourceDefinition', 'APIService']);

export function isClusterScoped(kind: string | undefined): boolean {
  return kind !== undefined && clusterScoped.has(kind);
}
