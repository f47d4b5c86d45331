import type { Pair, YAMLMap } from 'yaml';
import { describeObject } from '../../../model/objects';
import { containerAnchor, presentValue } from '../../../model/pod';
import type { ContainerRef, PodSpecRef } from '../../../model/workloads';
import type { OffsetRange } from '../../../types';
import { asScalar, entries, getMap, nodeRange, pairOf, pairRange } from '../../../yaml/nodes';
import type { FixOp, RuleContext } from '../../types';

/**
 * Shared reading helpers for the Pod Security Standards rules, over the pod model of
 * `core/model/pod.ts` (containers, anchors, effective settings, Windows pods). They follow the way the
 * pod-security-admission (PSA) implementation sees a pod: after JSON decoding, so an
 * explicit `null` is the same as an absent field, and only a real boolean/number counts
 * (a quoted `"true"` would be rejected by the API server before PSA ever runs).
 */

/** True when `ctx.pssVersion` is at least `v1.<minor>` (latest is `Infinity`). */
export function atLeast(ctx: RuleContext, minor: number): boolean {
  return ctx.pssVersion >= minor;
}

/** The value node of `key`, or undefined when the pair is missing or its value is null. */
export function present(map: YAMLMap | undefined, key: string, ctx: RuleContext): unknown {
  return presentValue(map, key, ctx.object.doc);
}

/** The pair of `key` when its value is present (not absent, not null). */
export function presentPair(map: YAMLMap | undefined, key: string, ctx: RuleContext): Pair | undefined {
  return present(map, key, ctx) === undefined ? undefined : (pairOf(map, key) as Pair);
}

/** The scalar value of a pair (following aliases). */
export function pairValue(pair: Pair | undefined, ctx: RuleContext): unknown {
  return pair ? asScalar(pair.value, ctx.object.doc)?.value : undefined;
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/**
 * A boolean as the API server receives it. kubectl and client-go decode manifests with a
 * YAML 1.1 resolver, so a plain (unquoted) `yes`/`on`/`y` is `true` and `no`/`off`/`n` is
 * `false` there, while our YAML 1.2 parser reads them as strings. Quoted strings stay
 * strings (the API server rejects them for a boolean field).
 */
export function boolValue(node: unknown, ctx: RuleContext): boolean | undefined {
  const s = asScalar(node, ctx.object.doc);
  if (!s) return undefined;
  if (typeof s.value === 'boolean') return s.value;
  if (typeof s.value !== 'string' || s.type !== 'PLAIN') return undefined;
  return YAML11_TRUE.has(s.value) ? true : YAML11_FALSE.has(s.value) ? false : undefined;
}

/** The pair of `key` when its value is the boolean `value` (see `boolValue`). */
export function boolPair(map: YAMLMap | undefined, key: string, value: boolean, ctx: RuleContext): Pair | undefined {
  const pair = pairOf(map, key) as Pair | undefined;
  return pair && boolValue(pair.value, ctx) === value ? pair : undefined;
}

/** `spec.securityContext` of the pod, when it is a map. */
export function podSecurityContext(ctx: RuleContext): YAMLMap | undefined {
  return getMap(ctx.pod?.spec, 'securityContext', ctx.object.doc);
}

/** `securityContext` of a container, when it is a map. */
export function containerSecurityContext(c: ContainerRef, ctx: RuleContext): YAMLMap | undefined {
  return getMap(c.node, 'securityContext', ctx.object.doc);
}

/** PSA's user-namespace relaxation trigger: `spec.hostUsers: false` (explicit). */
export function usesUserNamespace(ctx: RuleContext): boolean {
  return boolPair(ctx.pod?.spec, 'hostUsers', false, ctx) !== undefined;
}

/** `Deployment "web"`. */
export function objectLabel(ctx: RuleContext): string {
  return describeObject(ctx.object);
}

/** The range of a pair, as `pairRange` computes it (single line). */
export function rangeOfPair(pair: Pair, ctx: RuleContext): OffsetRange {
  return pairRange(pair, ctx.text) ?? nodeRange(pair.key) ?? { start: 0, end: 0 };
}

/**
 * For a field that is missing under a container (e.g. `securityContext.runAsNonRoot`):
 * the deepest existing map on the way (the fix target, so a renderer only inserts what is
 * missing), the path still to create below it, and the anchor of the finding: the key of
 * the nearest existing ancestor, or the container's `name:` pair when nothing exists yet.
 */
export function missingUnderContainer(
  c: ContainerRef,
  path: readonly string[],
  ctx: RuleContext,
): { map: YAMLMap; rest: string[]; anchor: OffsetRange } {
  let map = c.node;
  let anchor = containerAnchor(c, ctx.text);
  let i = 0;
  for (; i < path.length - 1; i++) {
    const key = path[i];
    if (key === undefined) break;
    const pair = pairOf(map, key) as Pair | undefined;
    if (!pair) break;
    anchor = rangeOfPair(pair, ctx);
    const next = getMap(map, key, ctx.object.doc);
    // The key exists but holds null or a scalar: the fix must replace it from the parent.
    if (!next) return { map, rest: path.slice(i), anchor };
    map = next;
  }
  return { map, rest: path.slice(i), anchor };
}

/** A `set` op for a container field, targeting the deepest existing map. */
export function setUnderContainer(c: ContainerRef, path: readonly string[], value: unknown, ctx: RuleContext): FixOp {
  const { map, rest } = missingUnderContainer(c, path, ctx);
  return { op: 'set', map, path: rest, value };
}

/** Pod-template annotations as [key, value, pair] for string values. */
export function podAnnotations(
  pod: PodSpecRef | undefined,
  ctx: RuleContext,
): Array<{ key: string; value: string; pair: Pair; map: YAMLMap }> {
  const map = getMap(pod?.podMetadata, 'annotations', ctx.object.doc);
  if (!map) return [];
  const out: Array<{ key: string; value: string; pair: Pair; map: YAMLMap }> = [];
  for (const [key, node, pair] of entries(map)) {
    const s = asScalar(node, ctx.object.doc);
    if (!s || s.value === null || s.value === undefined) continue;
    out.push({ key, value: String(s.value), pair, map });
  }
  return out;
}

/** Quotes a value for a message, clipped so a long value cannot flood the editor. */
export function quote(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

/**
 * The fix for a present seccomp or AppArmor profile map whose type is not allowed: a map
 * that names a `localhostProfile` means that profile (`type: Localhost`); the API server
 * rejects `localhostProfile` beside any other type, so RuntimeDefault there would be no fix.
 * Otherwise RuntimeDefault, the runtime's own confinement.
 */
export function profileTypeFix(
  field: 'seccompProfile' | 'appArmorProfile',
  profile: YAMLMap,
  ctx: RuleContext,
): { title: string; ops: FixOp[] } {
  const local = pairValue(pairOf(profile, 'localhostProfile') as Pair | undefined, ctx);
  const type = typeof local === 'string' && local !== '' ? 'Localhost' : 'RuntimeDefault';
  return { title: `Set ${field}.type: ${type}`, ops: [{ op: 'set', map: profile, path: ['type'], value: type }] };
}

/**
 * The only profile types PSA accepts when a type is given, for seccomp and AppArmor alike
 * (`RuntimeDefault` or `Localhost`; `Unconfined` and anything else are refused).
 */
export function confinedProfileType(value: unknown): boolean {
  return value === 'RuntimeDefault' || value === 'Localhost';
}

/**
 * PSA `capabilities_baseline` allow-list (unchanged since v1.0): the container runtime's
 * default capabilities, the only ones baseline lets a container add (pss-capabilities-baseline,
 * and the PodSecurityPolicy level of cluster/_lib/pspLevel.ts).
 */
export const BASELINE_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
