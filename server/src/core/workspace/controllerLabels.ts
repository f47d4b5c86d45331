import type { LabelSelector } from './selectors';

/**
 * Labels that Kubernetes controllers add to the pods they create, beyond the template's
 * own labels. A Service or NetworkPolicy may select pods by them (argo-cd's
 * `argocd-redis-ha-announce-0` selects `statefulset.kubernetes.io/pod-name:
 * argocd-redis-ha-server-0`), so a selector must be judged against them too, or such
 * Services look dangling. `'*'` stands for a value only known at run time (a hash).
 */
export type GeneratedLabels = ReadonlyMap<string, readonly string[] | '*'>;

export function controllerLabels(kind: string, name: string | undefined, replicas: number | undefined): GeneratedLabels {
  const out = new Map<string, readonly string[] | '*'>();
  switch (kind) {
    case 'Deployment':
    case 'DeploymentConfig':
      out.set('pod-template-hash', '*');
      break;
    case 'ReplicaSet':
      out.set('pod-template-hash', '*');
      break;
    case 'StatefulSet': {
      out.set('controller-revision-hash', '*');
      // Pod names are <statefulset>-<ordinal>; replicas defaults to 1. Bounded so a huge
      // replica count cannot blow up memory.
      const n = Math.max(1, Math.min(replicas ?? 1, 1000));
      if (name)
        out.set(
          'statefulset.kubernetes.io/pod-name',
          Array.from({ length: n }, (_, i) => `${name}-${i}`),
        );
      out.set(
        'apps.kubernetes.io/pod-index',
        Array.from({ length: n }, (_, i) => String(i)),
      );
      break;
    }
    case 'DaemonSet':
      out.set('controller-revision-hash', '*');
      out.set('pod-template-generation', '*');
      break;
    case 'Job':
    case 'CronJob':
      // A CronJob's Jobs are named <cronjob>-<timestamp>: the job name is not known here.
      for (const k of ['batch.kubernetes.io/job-name', 'job-name']) out.set(k, kind === 'Job' && name ? [name] : '*');
      for (const k of ['batch.kubernetes.io/controller-uid', 'controller-uid']) out.set(k, '*');
      break;
  }
  return out;
}

function canBe(gen: readonly string[] | '*', pred: (v: string) => boolean, anyValue: boolean): boolean {
  return gen === '*' ? anyValue : gen.some(pred);
}

/**
 * Whether some pod of a workload can match the selector: the template labels are fixed,
 * the generated ones may take any of their values. Requirements on different keys are
 * independent, so checking them one by one is exact; two requirements on the same
 * generated key are judged separately (a harmless over-approximation).
 */
export function selectorMatchesPods(sel: LabelSelector, labels: ReadonlyMap<string, string>, generated: GeneratedLabels): boolean {
  if (sel.invalid) return false;
  for (const [k, v] of sel.matchLabels) {
    if (labels.has(k)) {
      if (labels.get(k) !== v) return false;
    } else {
      const g = generated.get(k);
      if (!g || !canBe(g, (x) => x === v, true)) return false;
    }
  }
  for (const req of sel.matchExpressions) {
    const fixed = labels.get(req.key);
    const g = labels.has(req.key) ? undefined : generated.get(req.key);
    switch (req.operator) {
      case 'In':
        if (fixed !== undefined) {
          if (!req.values.includes(fixed)) return false;
        } else if (!g || !canBe(g, (x) => req.values.includes(x), req.values.length > 0)) return false;
        break;
      case 'NotIn':
        if (fixed !== undefined && req.values.includes(fixed)) return false;
        if (fixed === undefined && g && !canBe(g, (x) => !req.values.includes(x), true)) return false;
        break;
      case 'Exists':
        if (fixed === undefined && !g) return false;
        break;
      case 'DoesNotExist':
        if (fixed !== undefined || g) return false;
        break;
    }
  }
  return true;
}
