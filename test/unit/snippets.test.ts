import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { REPO_ROOT } from '../helpers';
import { expandSnippet, SnippetParser, walk } from './snippet-expander';

/**
 * Every shipped snippet, expanded as VS Code would with its defaults, must be valid YAML of
 * Kubernetes objects and produce no finding from any rule enabled by default under the
 * restricted profile. New rules are covered automatically.
 */
const SNIPPETS_FILE = path.join(REPO_ROOT, 'snippets', 'kubernetes.code-snippets.json');

// ---- The snippets ----

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets: Record<string, Snippet> = JSON.parse(fs.readFileSync(SNIPPETS_FILE, 'utf8'));

function choicesOf(body: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  walk(new SnippetParser(body).parse(), (n) => {
    if (n.t === 'choice' && !out.has(n.index)) out.set(n.index, n.options);
  });
  return out;
}

/** The default expansion plus one expansion per alternative option of each choice. */
function variants(body: string): Array<{ label: string; text: string }> {
  const out = [{ label: 'defaults', text: expandSnippet(body) }];
  for (const [index, options] of choicesOf(body)) {
    for (const option of options.slice(1))
      out.push({ label: `choice $${index} = ${option}`, text: expandSnippet(body, { [index]: option }) });
  }
  return out;
}

test('the snippet expander follows VS Code snippet syntax', () => {
  assert.equal(expandSnippet('name: ${1:web}\nlabel: $1\nx: ${2|a,b|} ${2}$0'), 'name: web\nlabel: web\nx: a a');
  assert.equal(expandSnippet('host: ${3:$1.$2.svc}\n${1:api}/${2:ns}'), 'host: api.ns.svc\napi/ns');
  assert.equal(
    expandSnippet('f: ${TM_FILENAME_BASE} $TM_FILENAME ${SELECTION_FREE:x}'.replace('SELECTION_FREE', 'TM_SELECTED_TEXT')),
    'f: my-app my-app.yaml x',
  );
  assert.equal(expandSnippet('a \\$1 \\} \\\\ ${1:b\\}c} ${2|x\\,y,z|} $ 5'), 'a $1 } \\ b}c x,y $ 5');
  assert.equal(expandSnippet('${1|a,b|}', { 1: 'b' }), 'b');
  assert.throws(() => expandSnippet('${NOPE}'), /unknown snippet variable/);
  assert.throws(() => expandSnippet('${1/(.*)/$1/}'), /unsupported snippet construct/);
});

test('snippets are registered for yaml in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(
    (pkg.contributes?.snippets ?? []).filter(
      (s: { path: string }) => path.normalize(s.path) === path.normalize('./snippets/kubernetes.code-snippets.json'),
    ),
    [{ language: 'yaml', path: './snippets/kubernetes.code-snippets.json' }],
  );
});

test('snippet prefixes are k8s<Kind><Variant>, unique, with a description and a body of lines without tabs', () => {
  const prefixes = new Set<string>();
  for (const [name, s] of Object.entries(snippets)) {
    assert.match(s.prefix, /^k8s[A-Z][A-Za-z]+$/, name);
    assert.ok(!prefixes.has(s.prefix), `duplicate prefix ${s.prefix}`);
    prefixes.add(s.prefix);
    assert.ok(s.description.length > 20, `${name}: description`);
    assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), `${name}: body`);
    assert.ok(
      s.body.every((l) => !l.includes('\t')),
      `${name}: tabs are not YAML indentation`,
    );
  }
  for (const required of [
    'k8sNetworkPolicyDefaultDeny',
    'k8sNetworkPolicyAllowSameNamespace',
    'k8sNetworkPolicyAllowDnsEgress',
    'k8sNetworkPolicyAllowFromIngressController',
    'k8sNetworkPolicyAllowFromPods',
    'k8sRoleReadOnly',
    'k8sServiceAccountNoToken',
    'k8sClusterRoleReadOnly',
    'k8sIngressTls',
    'k8sCertificateEcdsa',
    'k8sCertificateRsa',
    'k8sIssuerAcme',
    'k8sClusterIssuerAcme',
    'k8sIssuerCa',
    'k8sClusterIssuerCa',
    'k8sSecretTlsExternal',
    'k8sPeerAuthenticationStrict',
    'k8sDestinationRuleIstioMutual',
    'k8sDeploymentRestricted',
    'k8sStatefulSetRestricted',
    'k8sPodRestricted',
    'k8sJobRestricted',
    'k8sCronJobRestricted',
    'k8sNamespaceRestricted',
  ]) {
    assert.ok(prefixes.has(required), `missing snippet ${required}`);
  }
});

test('the analysis the snippets are held to is the restricted profile with default rules', () => {
  assert.equal(DEFAULT_OPTIONS.profile, 'restricted');
  assert.equal(DEFAULT_OPTIONS.pssVersion, Infinity);
  assert.deepEqual(DEFAULT_OPTIONS.rules, {});
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet ${s.prefix}: every expansion is valid Kubernetes YAML with zero findings`, () => {
    for (const { label, text } of variants(s.body.join('\n'))) {
      const docs = parseAllDocuments(text);
      const list = Array.isArray(docs) ? docs : [];
      assert.ok(list.length > 0, `${name} (${label}): no YAML document`);
      for (const d of list) {
        assert.deepEqual(
          d.errors.map((e) => e.message),
          [],
          `${name} (${label}): YAML errors\n${text}`,
        );
        const obj = d.toJS() as Record<string, unknown> | null;
        assert.ok(
          obj && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string',
          `${name} (${label}): every document is a Kubernetes object`,
        );
        const meta = obj.metadata as { namespace?: string } | undefined;
        assert.notEqual(meta?.namespace, 'default', `${name}: never the default namespace`);
      }
      const analysis = analyzeText(text, DEFAULT_OPTIONS);
      assert.deepEqual(
        analysis.findings.map((f) => `${f.ruleId}: ${f.message}`),
        [],
        `${name} (${label}) must produce no finding:\n${text}`,
      );
      assert.deepEqual(analysis.ruleFailures, []);
      assert.equal(analysis.objects.length + analysis.unparsed.length, list.length, `${name}: every document is recognised as an object`);
    }
  });
}

// ---- What the security snippets promise, beyond "no finding" ----

function objectsOf(prefix: string): Array<Record<string, any>> {
  const s = Object.values(snippets).find((x) => x.prefix === prefix);
  assert.ok(s, prefix);
  return parseAllDocuments(expandSnippet(s.body.join('\n'))).map((d) => (d as { toJS(): unknown }).toJS() as Record<string, any>);
}

test('workload snippets: restricted pod security, resources, pinned image, own ServiceAccount without token', () => {
  const podSpecs: Record<string, (o: Record<string, any>) => Record<string, any>> = {
    k8sDeploymentRestricted: (o) => o.spec.template.spec,
    k8sStatefulSetRestricted: (o) => o.spec.template.spec,
    k8sPodRestricted: (o) => o.spec,
    k8sJobRestricted: (o) => o.spec.template.spec,
    k8sCronJobRestricted: (o) => o.spec.jobTemplate.spec.template.spec,
  };
  for (const [prefix, specOf] of Object.entries(podSpecs)) {
    const [workload, sa] = objectsOf(prefix);
    const spec = specOf(workload!);
    assert.equal(spec.automountServiceAccountToken, false, prefix);
    assert.ok(spec.serviceAccountName && spec.serviceAccountName !== 'default', prefix);
    assert.deepEqual(
      [sa!.kind, sa!.metadata.name, sa!.metadata.namespace, sa!.automountServiceAccountToken],
      ['ServiceAccount', spec.serviceAccountName, workload!.metadata.namespace, false],
      prefix,
    );
    assert.equal(spec.securityContext.runAsNonRoot, true, prefix);
    assert.equal(spec.securityContext.seccompProfile.type, 'RuntimeDefault', prefix);
    for (const c of spec.containers) {
      assert.match(c.image, /^[^:@]+(:[\w.-]+)$/, `${prefix}: image pinned to a tag`);
      assert.ok(!c.image.endsWith(':latest'), prefix);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], prefix);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, prefix);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, prefix);
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, prefix);
      if (prefix === 'k8sDeploymentRestricted' || prefix === 'k8sStatefulSetRestricted')
        assert.ok(c.readinessProbe && c.livenessProbe, `${prefix}: probes`);
    }
  }
});

test('Namespace snippet enforces Pod Security admission at restricted by default', () => {
  const [ns] = objectsOf('k8sNamespaceRestricted');
  const labels = ns!.metadata.labels;
  assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted');
  assert.equal(labels['pod-security.kubernetes.io/warn'], 'restricted');
  assert.equal(labels['pod-security.kubernetes.io/audit'], 'restricted');
  assert.equal(labels['pod-security.kubernetes.io/enforce-version'], 'latest');
});

test('NetworkPolicy snippets: default deny both ways; DNS egress to kube-dns on UDP and TCP 53', () => {
  const [deny] = objectsOf('k8sNetworkPolicyDefaultDeny');
  assert.deepEqual(deny!.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const [dns] = objectsOf('k8sNetworkPolicyAllowDnsEgress');
  assert.deepEqual(dns!.spec.policyTypes, ['Egress']);
  assert.deepEqual(dns!.spec.egress, [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
  ]);
  const [ing] = objectsOf('k8sNetworkPolicyAllowFromIngressController');
  assert.deepEqual(ing!.spec.ingress[0].from, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
});

test('RBAC snippets only read, never Secrets, and bind what they define', () => {
  const [sa, role, binding] = objectsOf('k8sRoleReadOnly');
  assert.equal(sa!.automountServiceAccountToken, false);
  for (const r of [...role!.rules, ...objectsOf('k8sClusterRoleReadOnly')[0]!.rules]) {
    assert.deepEqual(r.verbs, ['get', 'list', 'watch']);
    assert.ok(!r.resources.includes('secrets') && !r.resources.includes('*'));
  }
  assert.deepEqual(binding!.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role!.metadata.name });
  assert.deepEqual(binding!.subjects, [{ kind: 'ServiceAccount', name: sa!.metadata.name, namespace: sa!.metadata.namespace }]);
});

test('TLS snippets: renewBefore < duration, strong keys, TLS Secret without inline key, mTLS strict', () => {
  const hours = (d: string): number => Number(/^(\d+)h$/.exec(d)![1]);
  for (const prefix of ['k8sCertificateEcdsa', 'k8sCertificateRsa']) {
    const [cert] = objectsOf(prefix);
    assert.ok(hours(cert!.spec.renewBefore) < hours(cert!.spec.duration), prefix);
    const { algorithm, size } = cert!.spec.privateKey;
    assert.ok((algorithm === 'ECDSA' && [256, 384].includes(size)) || (algorithm === 'RSA' && size >= 2048), prefix);
  }
  const [ext] = objectsOf('k8sSecretTlsExternal');
  assert.equal(ext!.spec.target.template.type, 'kubernetes.io/tls');
  assert.deepEqual(
    ext!.spec.data.map((d: { secretKey: string }) => d.secretKey),
    ['tls.crt', 'tls.key'],
  );
  assert.ok(!JSON.stringify(ext).includes('PRIVATE KEY'));
  const [ingress] = objectsOf('k8sIngressTls');
  assert.deepEqual(ingress!.spec.tls[0].hosts, [ingress!.spec.rules[0].host]);
  assert.ok(Object.keys(ingress!.metadata.annotations).some((k) => k.startsWith('cert-manager.io/')));
  assert.equal(objectsOf('k8sPeerAuthenticationStrict')[0]!.spec.mtls.mode, 'STRICT');
  assert.equal(objectsOf('k8sDestinationRuleIstioMutual')[0]!.spec.trafficPolicy.tls.mode, 'ISTIO_MUTUAL');
});
