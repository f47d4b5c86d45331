import { describeObject } from '../../../model/objects';
import type { IndexedObject, Loc } from '../../types';
import { namespaceOf } from '../../workspaceIndex';

/** `Pod "x"` or `Pods of Deployment "web"`: what admission and NetworkPolicies act on. */
export function podsOf(o: IndexedObject): string {
  return o.kind === 'Pod' ? describeObject(o) : `Pods of ${describeObject(o)}`;
}

/** `is` for a Pod, `are` for the pods of a controller (agrees with `podsOf`). */
export function isAre(o: IndexedObject): string {
  return o.kind === 'Pod' ? 'is' : 'are';
}

/** `namespace "shop"` (objects without namespace are in `default`). */
export function inNamespace(o: IndexedObject): string {
  return `namespace "${namespaceOf(o) ?? ''}"`;
}

/** At most `n` items, so related information stays readable on big workspaces. */
export function firstN<T>(items: readonly T[], n = 10): T[] {
  return items.slice(0, n);
}

/** A related-information entry showing a workload's pod labels: why a selector missed it. */
export function podLabelsNote(w: IndexedObject): { at: Loc; message: string } {
  const labels = [...(w.workload?.podLabels ?? [])].map(([k, v]) => `${k}=${v}`).join(', ');
  return { at: w.anchor, message: `${describeObject(w)} has pod labels ${labels || '(none)'}.` };
}
