/**
 * Helm's built-in objects as templates see them: .Chart (chart metadata with Go field
 * names), .Capabilities (kube version, API versions), .Files (Get, GetBytes, Glob, Lines,
 * AsConfig, AsSecrets). .Release and .Template are plain maps with Go field names.
 */
import { compileGlobs } from '../../../config/globs';
import { LazyRe2, matchStart } from '../re2';
import type { GoObject } from '../template/values';
import { isMap, newMap, type GoMap } from '../template/values';
import type { ChartFile } from './chart';
import { toYaml } from './yaml';
import { formatV } from '../template/fmt';

/** Go struct with a fixed field set: a missing field is an error, as in Go. */
export class GoStruct implements GoObject {
  constructor(
    readonly goType: string,
    private readonly fields: Record<string, unknown>,
    private readonly methods: Record<string, (...a: unknown[]) => unknown> = {},
  ) {}
  goField(name: string): { value: unknown } | undefined {
    if (Object.prototype.hasOwnProperty.call(this.fields, name)) return { value: this.fields[name] };
    const m = this.methods[name];
    if (m && m.length === 0) return { value: m() };
    return undefined;
  }
  goMethod(name: string): ((...a: unknown[]) => unknown) | undefined {
    const m = this.methods[name];
    return m && m.length > 0 ? m : undefined;
  }
  goString(): string {
    return (
      '{' +
      Object.keys(this.fields)
        // A field holding a map (`{{ $ }}` prints .Chart, .Release...) is formatted as Go's %v does, never String()'d.
        .map((k) => {
          const v = this.fields[k];
          return v === undefined || v === null ? '' : formatV(v, false);
        })
        .join(' ') +
      '}'
    );
  }
}

const METADATA_FIELDS: [string, string][] = [
  ['name', 'Name'],
  ['home', 'Home'],
  ['sources', 'Sources'],
  ['version', 'Version'],
  ['description', 'Description'],
  ['keywords', 'Keywords'],
  ['maintainers', 'Maintainers'],
  ['icon', 'Icon'],
  ['apiVersion', 'APIVersion'],
  ['condition', 'Condition'],
  ['tags', 'Tags'],
  ['appVersion', 'AppVersion'],
  ['deprecated', 'Deprecated'],
  ['annotations', 'Annotations'],
  ['kubeVersion', 'KubeVersion'],
  ['dependencies', 'Dependencies'],
  ['type', 'Type'],
];

export function chartObject(metadata: GoMap, name: string, isRoot: boolean): GoStruct {
  const fields: Record<string, unknown> = {};
  for (const [yamlKey, goName] of METADATA_FIELDS) {
    const v = metadata[yamlKey];
    const str = (x: unknown) => (x === undefined || x === null ? '' : typeof x === 'string' ? x : String(x));
    if (goName === 'Name') fields[goName] = name;
    else if (['Sources', 'Keywords', 'Maintainers', 'Dependencies'].includes(goName)) fields[goName] = Array.isArray(v) ? v : null;
    else if (goName === 'Annotations') fields[goName] = isMap(v) ? v : null;
    else if (goName === 'Deprecated') fields[goName] = v === true;
    else fields[goName] = str(v);
  }
  return new GoStruct('*chart.Metadata', fields, { IsRoot: () => isRoot });
}

/** The API versions `helm template` assumes without a cluster (client-go's built-in groups). */
const DEFAULT_API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1alpha1',
  'certificates.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'resource.k8s.io/v1alpha3',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1beta2',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storage.k8s.io/v1beta1',
  'storagemigration.k8s.io/v1alpha1',
  'internal.apiserver.k8s.io/v1alpha1',
];

const KUBE_VERSION = new LazyRe2('v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?');

export function capabilitiesObject(kubeVersion: string, extraApiVersions: string[]): GoStruct {
  const m = matchStart(KUBE_VERSION, kubeVersion) ?? ['', '1', '33', '0'];
  const version = `v${m[1]}.${m[2]}.${m[3] ?? 0}`;
  const kv = new GoStruct('chartutil.KubeVersion', { Version: version, Major: m[1], Minor: m[2], GitVersion: version }, {});
  (kv as unknown as { goString: () => string }).goString = () => version;
  const versions = [...DEFAULT_API_VERSIONS, ...extraApiVersions];
  const set = new Set(versions);
  const has = (v: unknown) => {
    const s = String(v);
    if (set.has(s)) return true;
    // "group/version/Kind": Helm lists GVKs of built-in kinds; accept any kind of a known group version.
    const gv = s.slice(0, s.lastIndexOf('/'));
    return s.split('/').length >= 2 && /^[A-Z]/.test(s.slice(s.lastIndexOf('/') + 1)) && set.has(gv) && DEFAULT_API_VERSIONS.includes(gv);
  };
  const apiVersions = new GoStruct('chartutil.VersionSet', {}, { Has: has });
  (apiVersions as unknown as { goString: () => string }).goString = () => '[' + versions.join(' ') + ']';
  return new GoStruct('*chartutil.Capabilities', {
    KubeVersion: kv,
    APIVersions: apiVersions,
    HelmVersion: newMapOf({ Version: 'v4.1.4', GitCommit: '', GitTreeState: '', GoVersion: 'go1.25' }),
  });
}

function newMapOf(o: Record<string, unknown>): GoMap {
  return Object.assign(newMap(), o);
}

/** A chart file's content as Helm's loader keeps it: a leading UTF-8 byte order mark removed. */
function content(f: ChartFile): string {
  return f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text;
}

/**
 * `.Files`. A link leading outside the folder (chart.ts) is never listed: a glob, a range or
 * AsConfig does not see it (what it leads to is never read, so never enumerated either); naming it
 * or a file under it in Get fails the render, where Helm would have read it.
 */
export function filesObject(all: ChartFile[]): GoStruct {
  const files = all.filter((f) => f.outside === undefined);
  const outside = all.filter((f) => f.outside !== undefined);
  // By name, texts untouched: a chart file may be read only when a template asks for it (chart.ts).
  const byName = new Map(files.map((f) => [f.name, f]));
  const get = (n: unknown) => {
    const name = String(n);
    const f = byName.get(name) ?? outside.find((o) => name === o.name || name.startsWith(o.name + '/'));
    return f ? content(f) : ''; // an outside one throws
  };
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  const toMap = (enc: (s: string) => string) => {
    const m = newMap();
    for (const f of files) m[base(f.name)] = enc(content(f));
    return m;
  };
  const obj = new GoStruct(
    'chart.Files',
    {},
    {
      Get: get,
      GetBytes: (n: unknown) => Uint8Array.from(Buffer.from(get(n), 'utf8')),
      Lines: (n: unknown) => {
        const t = get(n);
        return t === '' ? [] : t.replace(/\n$/, '').split('\n');
      },
      // gobwas/glob with '/' as separator: `*` and `?` stay within a segment, `**` crosses.
      Glob: (p: unknown) => {
        const match = compileGlobs([String(p)]);
        return filesObject(files.filter((f) => match(f.name)));
      },
      AsConfig: () => (files.length === 0 ? '' : toYaml(toMap((s) => s))),
      AsSecrets: () => (files.length === 0 ? '' : toYaml(toMap((s) => Buffer.from(s, 'utf8').toString('base64')))),
    },
  );
  // chart.Files is a map[string][]byte: `range $path, $bytes := .Files.Glob "..."` iterates it.
  (obj as GoStruct & { goEntries: () => [string, unknown][] }).goEntries = () =>
    [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, Uint8Array.from(Buffer.from(content(f), 'utf8'))]);
  return obj;
}
