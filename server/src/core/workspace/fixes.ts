import { selectorMatchesPods } from './controllerLabels';
import { stringify } from 'yaml';
import type { IndexedObject } from './types';
import { namespaceOf, type WorkspaceIndex } from './workspaceIndex';
import { selectorFromLabels } from './selectors';

/**
 * Quick fixes that create a NEW object (a NetworkPolicy) rather than edit an existing one.
 * The core returns the YAML document; `appendDocument` computes the insertion into a chosen
 * file (after a `---` separator, in the file's line endings), or the caller writes the
 * document to a new file.
 */
export interface NewDocumentFix {
  title: string;
  /** The new document, LF line endings, ending with a newline, without `---`. */
  yaml: string;
  /** The file the finding is in: the default place to append. */
  suggestedFile: string;
  /** A file name for "create in a new file" (relative to the suggested file's folder). */
  newFileName: string;
}

function render(obj: unknown): string {
  return stringify(obj, { indent: 2, lineWidth: 0 });
}

/** A file-name-safe form of a name from a manifest (no path separators, no leading dots). */
export function safeName(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 200) || 'workload'
  );
}

/** "Create a default-deny NetworkPolicy for namespace X" (ingress, every pod of the namespace). */
export function defaultDenyFix(namespace: string, suggestedFile: string): NewDocumentFix {
  const yaml = render({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-ingress', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  return {
    title: `Create a default-deny NetworkPolicy for namespace "${namespace}"`,
    yaml,
    suggestedFile,
    newFileName: `networkpolicy-default-deny-${safeName(namespace)}.yaml`,
  };
}

/** "Require STRICT mTLS in namespace X": Istio's namespace-wide PeerAuthentication, named `default` as Istio's docs name it. */
export function strictMtlsFix(namespace: string, suggestedFile: string): NewDocumentFix {
  const yaml = render({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace },
    spec: { mtls: { mode: 'STRICT' } },
  });
  return {
    title: `Create a STRICT mTLS PeerAuthentication for namespace "${namespace}"`,
    yaml,
    suggestedFile,
    newFileName: `peerauthentication-strict-${safeName(namespace)}.yaml`,
  };
}

/**
 * "Allow the traffic this workload's Services expose": an ingress policy for the workload's
 * pods (selected by the labels its Services select on) allowing the Services' target ports
 * (named ports stay named: NetworkPolicy ports accept container port names) from every pod
 * of the namespace. A starting point to narrow, not a final policy. Undefined when no
 * Service of the workspace selects the workload.
 */
export function allowServicePortsFix(index: WorkspaceIndex, workload: IndexedObject): NewDocumentFix | undefined {
  const w = workload.workload;
  if (!w) return undefined;
  const ns = namespaceOf(workload)!;
  const services = index
    .byKindInNamespace('Service', ns)
    .filter((s) => s.service?.selector && selectorMatchesPods(selectorFromLabels(s.service.selector), w.podLabels, w.generatedLabels));
  if (services.length === 0) return undefined;
  const keys = new Set(services.flatMap((s) => [...s.service!.selector!.keys()]));
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of w.podLabels) if (keys.has(k)) matchLabels[k] = v;
  const ports: Array<{ protocol: string; port: number | string }> = [];
  const seen = new Set<string>();
  for (const s of services) {
    for (const p of s.service!.ports) {
      const port = p.targetPort ?? p.port;
      if (port === undefined) continue;
      const key = `${p.protocol}/${String(port)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ports.push({ protocol: p.protocol, port });
    }
  }
  const name = `${safeName(workload.name ?? 'workload')}-allow-service-ports`;
  const spec: Record<string, unknown> = {
    podSelector: { matchLabels },
    policyTypes: ['Ingress'],
    ingress: [ports.length ? { from: [{ podSelector: {} }], ports } : { from: [{ podSelector: {} }] }],
  };
  const yaml = render({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  return {
    title: `Allow the traffic the Services of ${workload.kind} "${workload.name ?? ''}" expose`,
    yaml,
    suggestedFile: workload.file,
    newFileName: `networkpolicy-${name}.yaml`,
  };
}

/**
 * Where and what to insert to append `yaml` as a new document at the end of `fileText`:
 * a newline if the file does not end with one, `---`, then the document, all in the
 * file's own line endings.
 */
export function appendDocument(fileText: string, yaml: string): { offset: number; newText: string } {
  const eol = /\r\n/.test(fileText) ? '\r\n' : '\n';
  const body = yaml.replace(/\r?\n/g, eol);
  const trimmed = fileText.replace(/\s+$/, '');
  if (trimmed.length === 0) return { offset: fileText.length, newText: body };
  const needsBreak = !/\r?\n$/.test(fileText);
  const sep = /(^|\n)---\s*$/.test(trimmed) ? '' : `---${eol}`;
  return { offset: fileText.length, newText: `${needsBreak ? eol : ''}${sep}${body}` };
}
