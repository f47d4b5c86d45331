import { pushAll } from '../../arrays';
import type { BuildProblem } from '../types';
import type { FieldSpec, NameReference } from './fieldSpecs';
import type { BuildFiles, Dependencies } from './load';
import { clone, type KMap } from './node';
import type { Var } from './replacements';
import type { Resource } from './resource';

/**
 * Sub-builds kept between builds of a tree. An edit of one file of a base rebuilds that base
 * and the kustomizations that include it; every other base (in argo-cd's ha/base, the six other
 * bases and the redis-ha chart with its 45 patches) is taken from the cache, as a clone of the resources it
 * accumulated, its problems, vars and field-spec additions replayed into the build.
 *
 * A directory's accumulated result depends only on what it read (file texts, directory
 * listings and tests: its `Dependencies`, read again and compared before reuse) and on the
 * field specs that earlier `configurations:` files added (part of the key). Its place in the
 * build matters only for cycles and the nesting limit, both checked again. Components are not
 * kept: they start from their parent's resources.
 */

/** kustomizations nest at most this deep (a deeper one is an error, as a cycle is). */
export const MAX_NESTING = 50;

/** Field specs from `configurations:` files, added to the built-in ones (kustomize merges them across levels). */
export interface BuildConfig {
  nameRefs: NameReference[];
  varRefs: FieldSpec[];
  namespace: FieldSpec[];
  labels: FieldSpec[];
  annotations: FieldSpec[];
}

/** The part of a build's state a sub-build reads and adds to. */
export interface SubBuildState {
  files: BuildFiles;
  problems: BuildProblem[];
  vars: Var[];
  config: BuildConfig;
  /** The directories being accumulated, outermost first. */
  stack: string[];
  /** The longest `stack` seen when entering a directory (a sub-build's nesting is measured with it). */
  deepest: number;
}

export interface SubBuild {
  /** The added field specs its transformers ran with. */
  configKey: string;
  deps: Dependencies;
  /** Never handed out: builds get clones. */
  resources: Resource[];
  problems: BuildProblem[];
  vars: Var[];
  config: BuildConfig;
  /** How many levels its kustomizations nest below it. */
  depth: number;
}

/** The resources `build` accumulates for `dir`, or a kept sub-build's when it still holds. */
export function keptOrBuilt(dir: string, state: SubBuildState, build: () => Resource[]): Resource[] {
  const cache = state.files.cache;
  if (!cache) return build();
  const configKey = JSON.stringify([state.config.namespace, state.config.labels, state.config.annotations]);
  const kept = cache.subBuilds.get(dir);
  if (kept && kept.configKey === configKey && holds(kept, state)) {
    cache.subBuildsReused++;
    state.files.replay(kept.deps);
    pushAll(state.problems, kept.problems);
    pushAll(state.vars, kept.vars);
    addConfig(state.config, kept.config);
    state.deepest = Math.max(state.deepest, state.stack.length + kept.depth);
    return kept.resources.map(cloneResource);
  }

  const before = { problems: state.problems.length, vars: state.vars.length, config: lengths(state.config), deepest: state.deepest };
  state.deepest = state.stack.length;
  state.files.startRecording();
  let deps: Dependencies | undefined;
  let resources: Resource[];
  try {
    resources = build();
  } finally {
    deps = state.files.stopRecording();
  }
  cache.subBuilds.set(dir, {
    configKey,
    deps,
    resources: resources.map(cloneResource),
    problems: state.problems.slice(before.problems),
    vars: state.vars.slice(before.vars),
    config: added(state.config, before.config),
    depth: state.deepest - state.stack.length,
  });
  state.deepest = Math.max(before.deepest, state.deepest);
  return resources;
}

/** Still valid here: no cycle through the current stack, within the nesting limit, nothing it read changed. */
function holds(kept: SubBuild, state: SubBuildState): boolean {
  if (state.stack.length + kept.depth > MAX_NESTING) return false;
  // Every kustomization directory it entered was listed (to find its kustomization file).
  if (state.stack.some((d) => kept.deps.has(`l\u0000${d}`))) return false;
  return state.files.unchanged(kept.deps);
}

function cloneResource(r: Resource): Resource {
  return { ...r, obj: clone(r.obj) as KMap, prevIds: [...r.prevIds] };
}

const FIELDS = ['nameRefs', 'varRefs', 'namespace', 'labels', 'annotations'] as const;
type Lengths = Record<(typeof FIELDS)[number], number>;

function lengths(c: BuildConfig): Lengths {
  return {
    nameRefs: c.nameRefs.length,
    varRefs: c.varRefs.length,
    namespace: c.namespace.length,
    labels: c.labels.length,
    annotations: c.annotations.length,
  };
}
function added(c: BuildConfig, from: Lengths): BuildConfig {
  return {
    nameRefs: c.nameRefs.slice(from.nameRefs),
    varRefs: c.varRefs.slice(from.varRefs),
    namespace: c.namespace.slice(from.namespace),
    labels: c.labels.slice(from.labels),
    annotations: c.annotations.slice(from.annotations),
  };
}
function addConfig(c: BuildConfig, more: BuildConfig): void {
  pushAll(c.nameRefs, more.nameRefs);
  pushAll(c.varRefs, more.varRefs);
  pushAll(c.namespace, more.namespace);
  pushAll(c.labels, more.labels);
  pushAll(c.annotations, more.annotations);
}
