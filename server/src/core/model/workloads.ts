import type { Pair, Scalar, YAMLMap } from 'yaml';
import { getMap, getMapPath, getSeq, getString, pairOf, seqMaps } from '../yaml/nodes';
import { isOwnKind } from './apiGroups';
import type { K8sObject } from './objects';

/** Where each workload kind keeps its pod template, relative to the object root. */
const POD_SPEC_PATHS: Record<string, { spec: string[]; metadata: string[] }> = {
  Pod: { spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  // OpenShift's Deployment predecessor: the same pod template, common in real repositories.
  DeploymentConfig: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
const CONTAINER_LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerRef {
  list: ContainerList;
  index: number;
  node: YAMLMap;
  name?: string | undefined;
  /** The `name:` pair, the anchor for findings about missing fields. */
  namePair?: Pair<Scalar, unknown> | undefined;
}

/** The pod spec of a workload object, with what rules need around it. */
export interface PodSpecRef {
  object: K8sObject;
  spec: YAMLMap;
  /** Pod template metadata (the object's own metadata for a Pod). */
  podMetadata?: YAMLMap | undefined;
  /** The map that holds the `spec:` key of the pod spec, for anchoring "missing" findings. */
  specPair?: Pair<Scalar, unknown> | undefined;
  containers: ContainerRef[];
}

/** True for kinds that embed a pod spec. */
export function isWorkloadKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, kind);
}

/** Finds the pod spec of a workload object, or undefined for other kinds (or groups) or missing specs. */
export function findPodSpec(object: K8sObject): PodSpecRef | undefined {
  // A workload kind name in another API group is another type (see apiGroups.ts).
  const paths = isOwnKind(object) ? POD_SPEC_PATHS[object.kind] : undefined;
  if (!paths) return undefined;
  const doc = object.doc;
  const parentPath = paths.spec.slice(0, -1);
  const parent = parentPath.length ? getMapPath(object.root, parentPath, doc) : object.root;
  const spec = getMap(parent, 'spec', doc);
  if (!spec) return undefined;
  const podMetadata = getMapPath(object.root, paths.metadata, doc);
  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    seqMaps(getSeq(spec, list, doc), doc).forEach((node, index) => {
      containers.push({ list, index, node, name: getString(node, 'name', doc), namePair: pairOf(node, 'name') });
    });
  }
  return { object, spec, podMetadata, specPair: pairOf(parent, 'spec'), containers };
}

/** `container "app"` / `init container "setup"`, for messages. */
export function describeContainer(c: ContainerRef): string {
  const label = c.list === 'containers' ? 'container' : c.list === 'initContainers' ? 'init container' : 'ephemeral container';
  return c.name ? `${label} "${c.name}"` : `${label} #${c.index + 1}`;
}
