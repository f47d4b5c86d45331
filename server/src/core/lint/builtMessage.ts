import { boundedPath, safeMessage } from '../display';
import type { Finding, RelatedInfo } from '../engine/finding';
import type { ObjectRef } from '../types';

/**
 * The wording of a finding placed from builds (`PlacedFindings.finish`): the rule's message,
 * then in parentheses the built object(s) it was found on and, when it sits on a Helm values
 * key, that key's values path (`valuesPath.ts`, as `--set` takes it):
 *
 *   `… (Deployment "demo-web" built by demo, from values web.securityContext.privileged)`
 *   `… (2 built objects from values hostNetwork: Pod "a" built by demo; Pod "b" built by demo)`
 *
 * A person reading a values file sees which templates' objects a key reaches and the exact
 * path to override; several objects reached through one key are listed once each.
 */

/** One build's object behind a placed finding. */
export interface PlacedFrom {
  build: { label: string; file: string };
  object: ObjectRef;
  /** A value placed in a values file: the template action that printed it. */
  usedAt?: RelatedInfo | undefined;
  /** A finding placed on a values key: its path from the chart's values root (`formatValuesPath`). */
  valuesPath?: string | undefined;
}

export function describeObject(o: ObjectRef): string {
  const name = o.name ? `${o.kind} "${o.name}"` : o.kind || 'an object';
  return o.namespace ? `${name} in namespace "${o.namespace}"` : name;
}

/**
 * The placed finding as reported: the message names the built object(s) and the values path;
 * `valuesPath` is set when every object came through the same one; related information points
 * at each template that printed the value and names each build.
 */
export function withBuilds(f: Finding, builds: readonly PlacedFrom[]): Finding {
  const paths = new Set(builds.map((b) => b.valuesPath));
  const shared = paths.size === 1 ? builds[0]?.valuesPath : undefined;
  const from = (p: string | undefined) => (p === undefined ? '' : `, from values ${p}`);
  const name = (b: PlacedFrom) => `${describeObject(b.object)} built by ${b.build.label}`;
  let detail: string;
  if (builds.length === 1) detail = name(builds[0]!) + from(shared);
  else if (shared !== undefined) detail = `${builds.length} built objects from values ${shared}: ${builds.map(name).join('; ')}`;
  // Different paths to one values key (rare: a file shared by charts that nest it differently): each object its own.
  else detail = `${builds.length} built objects: ${builds.map((b) => name(b) + from(b.valuesPath)).join('; ')}`;
  const related: RelatedInfo[] = builds.map((b) => ({
    file: b.build.file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `built as ${describeObject(b.object)} by ${b.build.label}`,
  }));
  // A value placed in a values file also points at each template that printed it.
  const usedAt = builds.flatMap((b) => (b.usedAt ? [b.usedAt] : []));
  const out: Finding = { ...f, message: safeMessage(`${f.message} (${detail})`), related: [...(f.related ?? []), ...usedAt, ...related] };
  if (shared !== undefined) out.valuesPath = boundedPath(shared);
  return out;
}
