import type { Pair, Scalar, YAMLMap } from 'yaml';
import type { PodSpecRef } from '../../../model/workloads';
import { getMap, getSeq, getString, pairOf, seqMaps } from '../../../yaml/nodes';

/** A hostPath volume of a pod spec that at least one container mounts. */
export interface HostPathVolume {
  name: string;
  /** The path as written. */
  path: string;
  /** The path normalised: `.`/`..` resolved, repeated and trailing slashes removed. */
  normalized: string;
  pathPair: Pair<Scalar, unknown>;
  volume: YAMLMap;
}

/**
 * Resolves `.` and `..` and collapses slashes, without touching the file system (the
 * path is on the node, not here). Relative paths are returned undefined: the kubelet
 * rejects them.
 */
export function normalizeHostPath(p: string): string | undefined {
  const t = p.trim();
  if (!t.startsWith('/')) return undefined;
  const out: string[] = [];
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/**
 * hostPath volumes mounted by some container (regular, init or ephemeral). Like
 * kube-linter, a volume no container mounts exposes nothing and is not reported.
 */
export function mountedHostPaths(pod: PodSpecRef | undefined): HostPathVolume[] {
  if (!pod) return [];
  const doc = pod.object.doc;
  const mounted = new Set<string>();
  for (const c of pod.containers) {
    for (const m of seqMaps(getSeq(c.node, 'volumeMounts', doc), doc)) {
      const n = getString(m, 'name', doc);
      if (n !== undefined) mounted.add(n);
    }
  }
  const out: HostPathVolume[] = [];
  for (const volume of seqMaps(getSeq(pod.spec, 'volumes', doc), doc)) {
    const name = getString(volume, 'name', doc);
    const hostPath = getMap(volume, 'hostPath', doc);
    const path = getString(hostPath, 'path', doc);
    const pathPair = pairOf(hostPath, 'path');
    if (name === undefined || path === undefined || !pathPair || !mounted.has(name)) continue;
    const normalized = normalizeHostPath(path);
    if (normalized === undefined) continue;
    out.push({ name, path, normalized, pathPair, volume });
  }
  return out;
}

/** True when `p` is `dir` or lies below it. */
export function isUnder(p: string, dir: string): boolean {
  return p === dir || (dir === '/' ? true : p.startsWith(dir + '/'));
}
