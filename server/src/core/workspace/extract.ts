import { isMap, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import { recogniseObject, stringMap, type K8sObject } from '../model/objects';
import { findPodSpec, isWorkloadKind } from '../model/workloads';
import { parsePssVersion } from '../engine/options';
import { asScalar, get, getMap, getSeq, getString, pairOf, seqMaps } from '../yaml/nodes';
import type { ParsedFile } from '../yaml/parseFile';
import { parseLabelSelector } from './selectors';
import { objectAnnotations } from '../suppress/annotations';
import { DIRECTIVE, findDirectives } from '../suppress/directives';
import { controllerLabels } from './controllerLabels';
import { meshOptOuts, peerAuthenticationFacts } from './meshFacts';
import { LocMaker } from './locs';
import { adminPolicyFacts } from './podPolicies/admin';
import type { PodPolicyFacts } from './podPolicies/facts';
import { calicoPolicyFacts } from './podPolicies/calico';
import { ciliumPolicyFacts } from './podPolicies/cilium';
import { lookupKind } from '../model/apiGroups';
import type {
  IndexFailure,
  BindingFacts,
  ContainerPortFact,
  IndexedAnnotation,
  IndexedDirective,
  IndexedObject,
  IngressFacts,
  NamespacePodSecurity,
  NetworkPolicyFacts,
  NetworkPolicyPeerFact,
  NetworkPolicyRuleFact,
  PolicyRuleFact,
  RoleFacts,
  ServiceFacts,
  ServicePortFact,
  WorkloadFacts,
} from './types';

/**
 * Turns the parsed documents of one file into AST-free `IndexedObject`s: names, labels and
 * the few facts the cross-object rules need, each with its source location. Nothing of the
 * `yaml` AST survives, so closed files cost little memory.
 */
export function extractObjects(file: string, parsed: ParsedFile, failures?: IndexFailure[]): IndexedObject[] {
  const out: IndexedObject[] = [];
  // Most files hold no directive: one search of the text spares a per-document scan.
  const hasDirectives = parsed.text.includes(DIRECTIVE);
  for (const source of parsed.documents) {
    let object: K8sObject | undefined;
    // No line in the message: a kept section is reused at another line after an edit above it.
    if (source.refused) failures?.push({ file, documentIndex: source.index, message: `not indexed: ${source.refused}` });
    try {
      object = recogniseObject(source);
      if (object) {
        const rec = extractOne(file, parsed, object);
        addSuppressions(rec, parsed, object, hasDirectives);
        out.push(rec);
      }
    } catch (e) {
      // An unexpected shape (or alias trouble) in one document must not lose the others,
      // nor be lost silently: the failure is recorded for the reporting side.
      failures?.push({ file, documentIndex: source.index, message: `not indexed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

/**
 * Keeps the object's suppressions (annotations and directive comments) so the cross-object
 * findings can honour them like per-document ones (see workspace/suppress.ts).
 */
function addSuppressions(rec: IndexedObject, parsed: ParsedFile, o: K8sObject, hasDirectives: boolean): void {
  const locs = new LocMaker(rec.file, parsed);
  const annotations = objectAnnotations(o, parsed.text, []);
  if (annotations.length) {
    rec.suppressAnnotations = annotations.map((a) => {
      const x: IndexedAnnotation = { kind: a.kind, key: a.key, loc: locs.of(a.range), on: a.on };
      if (a.reason) x.reason = a.reason;
      return x;
    });
  }
  if (!hasDirectives || o.source.error || o.source.doc.errors.length) return;
  const found = findDirectives(parsed.text, parsed.lines, o.source.start, o.source.end, o.source.doc);
  if (!found.length) return;
  rec.directives = found.map((d) => {
    const x: IndexedDirective = { line: d.line, loc: locs.of(d.range), ids: d.ids.map((i) => ({ id: i.id, loc: locs.of(i.range) })) };
    if (d.reason) x.reason = d.reason;
    return x;
  });
}

function strings(map: YAMLMap | undefined, key: string, doc: Document): string[] {
  const out: string[] = [];
  for (const item of getSeq(map, key, doc)?.items ?? []) {
    const s = asScalar(item, doc);
    if (s && s.value !== null && s.value !== undefined) out.push(String(s.value));
  }
  return out;
}

function extractOne(file: string, parsed: ParsedFile, o: K8sObject): IndexedObject {
  const locs = new LocMaker(file, parsed);
  const doc = o.doc;
  const anchor = locs.pair(o.metadata, 'name') ?? locs.pair(o.root, 'kind') ?? locs.of({ start: o.source.start, end: o.source.start });
  const rec: IndexedObject = {
    key: `${file}#${o.source.index}`,
    file,
    documentIndex: o.source.index,
    apiVersion: o.apiVersion,
    kind: o.kind,
    labels: stringMap(getMap(o.metadata, 'labels', doc), doc),
    annotations: stringMap(getMap(o.metadata, 'annotations', doc), doc),
    anchor,
  };
  if (o.name !== undefined) rec.name = o.name;
  if (o.namespace !== undefined) rec.namespace = o.namespace;
  if (isWorkloadKind(o.kind)) {
    const w = workloadFacts(o, parsed, locs);
    if (w) rec.workload = w;
  }
  const spec = getMap(o.root, 'spec', doc);
  // By API group and kind: a Calico NetworkPolicy is `projectcalico.org/NetworkPolicy` here.
  switch (lookupKind(o)) {
    case 'Service':
      rec.service = serviceFacts(spec, doc, locs);
      break;
    case 'NetworkPolicy':
      rec.networkPolicy = networkPolicyFacts(spec, doc, locs);
      break;
    case 'Role':
    case 'ClusterRole':
      rec.role = roleFacts(o.root, doc, locs);
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      rec.binding = bindingFacts(o.root, doc, locs);
      break;
    case 'Ingress':
      rec.ingress = ingressFacts(spec, doc, locs);
      break;
    case 'Namespace':
      rec.podSecurity = podSecurityFacts(getMap(o.metadata, 'labels', doc), doc, locs);
      break;
    case 'ServiceAccount': {
      const a = asScalar(get(o.root, 'automountServiceAccountToken', doc))?.value;
      if (typeof a === 'boolean') rec.automountToken = a;
      break;
    }
    case 'PeerAuthentication':
      if (o.apiVersion.startsWith('security.istio.io/'))
        rec.peerAuthentication = peerAuthenticationFacts(spec, doc, (m, k) => locs.pair(m, k), anchor);
      break;
    case 'projectcalico.org/NetworkPolicy':
    case 'crd.projectcalico.org/NetworkPolicy':
    case 'GlobalNetworkPolicy':
      setPodPolicy(rec, calicoPolicyFacts(o, locs));
      break;
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
      setPodPolicy(rec, ciliumPolicyFacts(o, locs));
      break;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
      setPodPolicy(rec, adminPolicyFacts(o, locs));
      break;
    case 'Certificate': {
      const s = getString(spec, 'secretName', doc);
      if (s && o.apiVersion.startsWith('cert-manager.io/')) rec.certificateSecretName = s;
      break;
    }
  }
  return rec;
}

function setPodPolicy(rec: IndexedObject, facts: PodPolicyFacts | undefined): void {
  if (facts) rec.podPolicy = facts;
}

function replicasOf(o: K8sObject): number | undefined {
  const r = asScalar(get(getMap(o.root, 'spec', o.doc), 'replicas', o.doc))?.value;
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? r : undefined;
}

function workloadFacts(o: K8sObject, parsed: ParsedFile, locs: LocMaker): WorkloadFacts | undefined {
  const pod = findPodSpec(o);
  if (!pod) return undefined;
  const doc = o.doc;
  const ports: ContainerPortFact[] = [];
  for (const c of pod.containers) {
    if (c.list !== 'containers') continue;
    for (const p of seqMaps(getSeq(c.node, 'ports', doc), doc)) {
      const n = asScalar(get(p, 'containerPort', doc))?.value;
      if (typeof n !== 'number') continue;
      const fact: ContainerPortFact = { containerPort: n, protocol: getString(p, 'protocol', doc) ?? 'TCP' };
      const name = getString(p, 'name', doc);
      if (name) fact.name = name;
      const hostPort = asScalar(get(p, 'hostPort', doc))?.value;
      if (typeof hostPort === 'number' && hostPort > 0) fact.hostPort = hostPort;
      ports.push(fact);
    }
  }
  const saKey = pairOf(pod.spec, 'serviceAccountName')
    ? 'serviceAccountName'
    : pairOf(pod.spec, 'serviceAccount')
      ? 'serviceAccount'
      : undefined;
  const start = o.source.start;
  const facts: WorkloadFacts = {
    podLabels: stringMap(getMap(pod.podMetadata, 'labels', doc), doc),
    generatedLabels: controllerLabels(o.kind, o.name, replicasOf(o)),
    ports,
    docText: parsed.text.slice(start, o.source.end),
    docStart: start,
    docStartPos: parsed.lines.positionAt(start),
  };
  const automount = asScalar(get(pod.spec, 'automountServiceAccountToken', doc))?.value;
  if (typeof automount === 'boolean') facts.automountToken = automount;
  if (asScalar(get(pod.spec, 'hostNetwork', doc))?.value === true) facts.hostNetwork = true;
  const optOuts = meshOptOuts(pod.podMetadata, doc, (m, k) => locs.pair(m, k));
  if (optOuts.length) facts.meshOptOuts = optOuts;
  if (saKey) {
    const sa = getString(pod.spec, saKey, doc);
    if (sa) {
      facts.serviceAccountName = sa;
      const loc = locs.pair(pod.spec, saKey);
      if (loc) facts.serviceAccountLoc = loc;
    }
  }
  return facts;
}

function serviceFacts(spec: YAMLMap | undefined, doc: Document, locs: LocMaker): ServiceFacts {
  const facts: ServiceFacts = { type: getString(spec, 'type', doc) ?? 'ClusterIP', ports: [] };
  const selMap = getMap(spec, 'selector', doc);
  if (selMap) {
    const sel = stringMap(selMap, doc);
    if (sel.size > 0) {
      facts.selector = sel;
      const loc = locs.pair(spec, 'selector');
      if (loc) facts.selectorLoc = loc;
    }
  }
  for (const p of seqMaps(getSeq(spec, 'ports', doc), doc)) {
    const port = asScalar(get(p, 'port', doc))?.value;
    const target = asScalar(get(p, 'targetPort', doc))?.value;
    const fact: ServicePortFact = { protocol: getString(p, 'protocol', doc) ?? 'TCP' };
    if (typeof port === 'number') fact.port = port;
    if (typeof target === 'number' || (typeof target === 'string' && target)) fact.targetPort = target;
    const name = getString(p, 'name', doc);
    if (name) fact.name = name;
    facts.ports.push(fact);
  }
  return facts;
}

function peerFacts(item: YAMLMap, doc: Document, locs: LocMaker): NetworkPolicyPeerFact {
  const peer: NetworkPolicyPeerFact = { loc: locs.node(item)! };
  const pod = pairOf(item, 'podSelector');
  if (pod) peer.podSelector = parseLabelSelector(get(item, 'podSelector', doc), doc) ?? { matchLabels: new Map(), matchExpressions: [] };
  const ns = pairOf(item, 'namespaceSelector');
  if (ns)
    peer.namespaceSelector = parseLabelSelector(get(item, 'namespaceSelector', doc), doc) ?? {
      matchLabels: new Map(),
      matchExpressions: [],
    };
  const ip = getMap(item, 'ipBlock', doc);
  if (ip) peer.ipBlock = { cidr: getString(ip, 'cidr', doc) ?? '', except: strings(ip, 'except', doc) };
  return peer;
}

function npRules(spec: YAMLMap | undefined, key: 'ingress' | 'egress', doc: Document, locs: LocMaker): NetworkPolicyRuleFact[] | undefined {
  if (!pairOf(spec, key)) return undefined;
  const seq = getSeq(spec, key, doc);
  const out: NetworkPolicyRuleFact[] = [];
  for (const item of seq?.items ?? []) {
    const m = isMap(item) ? item : undefined;
    const loc = locs.node(item as Node) ?? locs.pair(spec, key)!;
    if (!m) {
      // `- null`/`- ` is decoded as an empty rule by the API server: every peer, every port.
      if (item === null || (isScalar(item) && item.value === null)) out.push({ loc });
      continue;
    }
    const rule: NetworkPolicyRuleFact = { loc };
    const peersSeq = getSeq(m, key === 'ingress' ? 'from' : 'to', doc);
    const peers = seqMaps(peersSeq, doc).map((p) => peerFacts(p, doc, locs));
    if (peers.length > 0) rule.peers = peers;
    const ports: string[] = [];
    for (const p of seqMaps(getSeq(m, 'ports', doc), doc)) {
      const port = asScalar(get(p, 'port', doc))?.value;
      const proto = getString(p, 'protocol', doc) ?? 'TCP';
      // `endPort` widens a numeric port to a range (the security map reads `from-to/PROTO`).
      const endPort = asScalar(get(p, 'endPort', doc))?.value;
      const range = typeof port === 'number' && typeof endPort === 'number' && endPort > port ? `${port}-${endPort}` : undefined;
      ports.push(port === undefined || port === null ? `all ${proto} ports` : `${range ?? String(port)}/${proto}`);
    }
    if (ports.length > 0) rule.ports = ports;
    out.push(rule);
  }
  return out;
}

function networkPolicyFacts(spec: YAMLMap | undefined, doc: Document, locs: LocMaker): NetworkPolicyFacts {
  const facts: NetworkPolicyFacts = {};
  if (pairOf(spec, 'podSelector')) {
    // `podSelector:` with a null value decodes to the empty selector: all pods.
    facts.podSelector = parseLabelSelector(get(spec, 'podSelector', doc), doc) ?? { matchLabels: new Map(), matchExpressions: [] };
    const loc = locs.pair(spec, 'podSelector');
    if (loc) facts.podSelectorLoc = loc;
  }
  if (pairOf(spec, 'policyTypes')) facts.policyTypes = strings(spec, 'policyTypes', doc);
  const ingress = npRules(spec, 'ingress', doc, locs);
  if (ingress) facts.ingress = ingress;
  const egress = npRules(spec, 'egress', doc, locs);
  if (egress) facts.egress = egress;
  return facts;
}

function roleFacts(root: YAMLMap, doc: Document, locs: LocMaker): RoleFacts {
  const rules: PolicyRuleFact[] = [];
  for (const r of seqMaps(getSeq(root, 'rules', doc), doc)) {
    rules.push({
      apiGroups: strings(r, 'apiGroups', doc),
      resources: strings(r, 'resources', doc),
      verbs: strings(r, 'verbs', doc),
      resourceNames: strings(r, 'resourceNames', doc),
      nonResourceURLs: strings(r, 'nonResourceURLs', doc),
      loc: locs.node(r)!,
    });
  }
  return { rules, aggregated: !!getMap(root, 'aggregationRule', doc) };
}

function bindingFacts(root: YAMLMap, doc: Document, locs: LocMaker): BindingFacts {
  const facts: BindingFacts = { subjects: [] };
  const ref = getMap(root, 'roleRef', doc);
  const refKind = getString(ref, 'kind', doc);
  const refName = getString(ref, 'name', doc);
  if (ref && refKind && refName) facts.roleRef = { kind: refKind, name: refName, loc: locs.pair(ref, 'name')! };
  for (const s of seqMaps(getSeq(root, 'subjects', doc), doc)) {
    const kind = getString(s, 'kind', doc);
    const name = getString(s, 'name', doc);
    if (!kind || !name) continue;
    const subj: BindingFacts['subjects'][number] = { kind, name, loc: locs.node(s)! };
    const ns = getString(s, 'namespace', doc);
    if (ns) subj.namespace = ns;
    facts.subjects.push(subj);
  }
  return facts;
}

function backendOf(backend: YAMLMap | undefined, doc: Document, locs: LocMaker): IngressFacts['backends'][number] | undefined {
  if (!backend) return undefined;
  // networking.k8s.io/v1: backend.service.{name, port.{number|name}}
  const svc = getMap(backend, 'service', doc);
  if (svc) {
    const name = getString(svc, 'name', doc);
    if (!name) return undefined;
    const port = getMap(svc, 'port', doc);
    const num = asScalar(get(port, 'number', doc))?.value;
    const pname = getString(port, 'name', doc);
    const b: IngressFacts['backends'][number] = { serviceName: name, loc: locs.pair(svc, 'name')! };
    if (typeof num === 'number') b.port = num;
    else if (pname) b.port = pname;
    return b;
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1: backend.{serviceName, servicePort}
  const old = getString(backend, 'serviceName', doc);
  if (old) {
    const b: IngressFacts['backends'][number] = { serviceName: old, loc: locs.pair(backend, 'serviceName')! };
    const p = asScalar(get(backend, 'servicePort', doc))?.value;
    if (typeof p === 'number' || typeof p === 'string') b.port = p;
    return b;
  }
  return undefined;
}

function ingressFacts(spec: YAMLMap | undefined, doc: Document, locs: LocMaker): IngressFacts {
  const facts: IngressFacts = { backends: [], tls: [], tlsHosts: [] };
  const def = backendOf(getMap(spec, 'defaultBackend', doc) ?? getMap(spec, 'backend', doc), doc, locs);
  if (def) facts.backends.push(def);
  for (const rule of seqMaps(getSeq(spec, 'rules', doc), doc)) {
    const host = getString(rule, 'host', doc);
    for (const path of seqMaps(getSeq(getMap(rule, 'http', doc), 'paths', doc), doc)) {
      const b = backendOf(getMap(path, 'backend', doc), doc, locs);
      if (b && host) b.host = host;
      if (b) facts.backends.push(b);
    }
  }
  for (const t of seqMaps(getSeq(spec, 'tls', doc), doc)) {
    // A tls entry without secretName still terminates TLS (the controller's default certificate).
    for (const h of strings(t, 'hosts', doc)) facts.tlsHosts.push(h);
    const secretName = getString(t, 'secretName', doc);
    if (secretName) facts.tls.push({ secretName, loc: locs.pair(t, 'secretName')! });
  }
  return facts;
}

const PSA_PREFIX = 'pod-security.kubernetes.io/';

function podSecurityFacts(labels: YAMLMap | undefined, doc: Document, locs: LocMaker): NamespacePodSecurity | undefined {
  const out: NamespacePodSecurity = {};
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const level = getString(labels, PSA_PREFIX + mode, doc);
    if (level !== 'privileged' && level !== 'baseline' && level !== 'restricted') continue;
    const versionText = getString(labels, `${PSA_PREFIX}${mode}-version`, doc);
    // An unparsable version is treated as latest, as the admission plugin does.
    const version = versionText ? (parsePssVersion(versionText) ?? Infinity) : Infinity;
    const label: NonNullable<NamespacePodSecurity['enforce']> = { level, version, levelLoc: locs.pair(labels, PSA_PREFIX + mode)! };
    const vloc = versionText ? locs.pair(labels, `${PSA_PREFIX}${mode}-version`) : undefined;
    if (vloc) label.versionLoc = vloc;
    out[mode] = label;
  }
  return Object.keys(out).length ? out : undefined;
}
