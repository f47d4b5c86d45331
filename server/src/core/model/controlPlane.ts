import { asScalar, getMap, getSeq, getString, seqMaps } from '../yaml/nodes';
import { stringMap, type K8sObject } from './objects';
import type { ContainerRef } from './workloads';

/**
 * Control-plane static pods: the kube-apiserver, etcd, controller-manager and scheduler
 * manifests that kubeadm (and most installers) keep in `/etc/kubernetes/manifests` and
 * often in Git. They run on the host network with host paths and as root by design, so
 * application-workload rules say nothing useful about them; the cluster rules read their
 * command-line flags instead. A Pod counts when it is in `kube-system` and names one of the
 * four components, by its `component` label or by a container's command.
 */
export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

function asComponent(s: string | undefined): ControlPlaneComponent | undefined {
  return CONTROL_PLANE_COMPONENTS.find((c) => c === s);
}

/** The binary a container runs: the last path segment of `command[0]`. */
export function commandBinary(container: ContainerRef, object: K8sObject): string | undefined {
  const first = getSeq(container.node, 'command', object.doc)?.items[0];
  const s = asScalar(first, object.doc);
  if (!s || typeof s.value !== 'string') return undefined;
  return s.value.trim().split('/').pop();
}

/** The component a control-plane static pod runs, or undefined for any other object. */
export function controlPlaneComponent(object: K8sObject): ControlPlaneComponent | undefined {
  if (object.kind !== 'Pod' || object.apiVersion !== 'v1' || object.namespace !== 'kube-system') return undefined;
  const labels = stringMap(getMap(object.metadata, 'labels', object.doc), object.doc);
  const byLabel = asComponent(labels.get('component'));
  if (byLabel) return byLabel;
  const spec = getMap(object.root, 'spec', object.doc);
  for (const node of seqMaps(getSeq(spec, 'containers', object.doc), object.doc)) {
    const binary = asComponent(commandBinary({ list: 'containers', index: 0, node, name: getString(node, 'name', object.doc) }, object));
    if (binary) return binary;
  }
  return undefined;
}
