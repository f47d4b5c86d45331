import type { K8sObject } from '../../../model/objects';
import type { PssLevel } from '../../../types';
import { getMap } from '../../../yaml/nodes';
import { BASELINE_ADDABLE_CAPABILITIES } from '../../pss/_lib/helpers';

/**
 * The Pod Security level a PodSecurityPolicy corresponds to, after Kubernetes' "Mapping
 * PodSecurityPolicies to Pod Security Standards": the most restrictive level whose checks
 * every pod the policy admits would pass. Read from the policy as plain JSON (its `spec`
 * and `metadata.annotations`) so the rule and the workspace index share it.
 *
 * SELinux and AppArmor options are not read: nearly every PSP says `seLinux: RunAsAny`
 * and pods rarely set custom types, so they would make almost every policy `privileged`.
 * A policy that mutates pods (default capabilities, default seccomp profile) admits pods
 * only after changing them; Pod Security admission never mutates, so the level is that of
 * the pods the policy allows, not the ones it would have defaulted.
 */
export type PspLevel = 'privileged' | PssLevel;

/** Volume types Pod Security `restricted` allows (restrictedVolumes). */
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const SECCOMP_ALLOWED = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** Capability names as PSA compares them: upper case, without a `CAP_` prefix. */
const capability = (c: string): string => c.toUpperCase().replace(/^CAP_/, '');

function isBaseline(spec: Json): boolean {
  if (['privileged', 'hostNetwork', 'hostPID', 'hostIPC'].some((k) => spec[k] === true)) return false;
  if (Array.isArray(spec.hostPorts) && spec.hostPorts.length > 0) return false;
  const volumes = strings(spec.volumes);
  if (volumes.includes('*') || volumes.includes('hostPath')) return false;
  const added = [...strings(spec.allowedCapabilities), ...strings(spec.defaultAddCapabilities)].map(capability);
  if (added.some((c) => !BASELINE_ADDABLE_CAPABILITIES.has(c))) return false;
  if (strings(spec.allowedProcMountTypes).some((t) => t !== 'Default')) return false;
  return strings(spec.allowedUnsafeSysctls).length === 0;
}

/** `runAsUser` admits no UID 0: `MustRunAsNonRoot`, or `MustRunAs` ranges that all start above 0. */
function nonRoot(spec: Json): boolean {
  const runAsUser = asObject(spec.runAsUser);
  if (runAsUser?.rule === 'MustRunAsNonRoot') return true;
  if (runAsUser?.rule !== 'MustRunAs' || !Array.isArray(runAsUser.ranges) || runAsUser.ranges.length === 0) return false;
  return runAsUser.ranges.every((r) => {
    const min = asObject(r)?.min;
    return typeof min === 'number' && min > 0;
  });
}

/** The seccomp annotation lists only RuntimeDefault or Localhost profiles (no `unconfined`, no `*`). */
function seccompConfined(annotations: Json): boolean {
  const allowed = annotations[SECCOMP_ALLOWED];
  if (typeof allowed !== 'string') return false;
  const names = allowed.split(',').map((s) => s.trim());
  return names.every(
    (n) => n === 'runtime/default' || n === 'docker/default' || (n.startsWith('localhost/') && n.length > 'localhost/'.length),
  );
}

function isRestricted(spec: Json, annotations: Json): boolean {
  const volumes = strings(spec.volumes);
  if (volumes.some((v) => !RESTRICTED_VOLUMES.has(v))) return false;
  if (spec.allowPrivilegeEscalation !== false || !nonRoot(spec)) return false;
  if (!strings(spec.requiredDropCapabilities).map(capability).includes('ALL')) return false;
  const added = [...strings(spec.allowedCapabilities), ...strings(spec.defaultAddCapabilities)].map(capability);
  return added.every((c) => c === 'NET_BIND_SERVICE') && seccompConfined(annotations);
}

function pspLevel(spec: unknown, annotations: unknown): PspLevel {
  const s = asObject(spec) ?? {};
  if (!isBaseline(s)) return 'privileged';
  return isRestricted(s, asObject(annotations) ?? {}) ? 'restricted' : 'baseline';
}

/** `pspLevel` of a parsed PodSecurityPolicy; a value too alias-heavy to read counts as absent. */
export function pspLevelOf(psp: K8sObject): PspLevel {
  const plain = (key: 'spec' | 'annotations'): unknown => {
    const map = key === 'spec' ? getMap(psp.root, 'spec', psp.doc) : getMap(psp.metadata, 'annotations', psp.doc);
    try {
      return map?.toJS(psp.doc, { maxAliasCount: 100 });
    } catch {
      return undefined;
    }
  };
  return pspLevel(plain('spec'), plain('annotations'));
}
