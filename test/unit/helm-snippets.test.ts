import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';
import { dirFiles } from './helm-files';
import { expandSnippet } from './snippet-expander';

/**
 * The chart snippets (snippets/helm.code-snippets.json) are clean when rendered: the
 * scaffold `helm create` writes, with the values blocks in values.yaml and the NetworkPolicy
 * template in templates/networkpolicy.yaml (each expanded with its defaults, as inserted),
 * is rendered in-process and scanned; the findings the snippets address are gone and what
 * remains is exactly what the snippets do not touch.
 */

const HELM_SNIPPETS = path.join(REPO_ROOT, 'snippets', 'helm.code-snippets.json');
const K8S_SNIPPETS = path.join(REPO_ROOT, 'snippets', 'kubernetes.code-snippets.json');
const SCAFFOLD = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
const snippets: Record<string, Snippet> = JSON.parse(fs.readFileSync(HELM_SNIPPETS, 'utf8'));
const expanded = (prefix: string): string => {
  const s = Object.values(snippets).find((x) => x.prefix === prefix);
  assert.ok(s, prefix);
  return expandSnippet(s.body.join('\n'));
};

test('chart snippets are registered for yaml in package.json, beside the manifest snippets', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.snippets, [
    { language: 'yaml', path: './snippets/kubernetes.code-snippets.json' },
    { language: 'yaml', path: './snippets/helm.code-snippets.json' },
  ]);
});

test('chart snippet prefixes are helm<What>, unique among all snippets, described, without tabs', () => {
  const manifestPrefixes = Object.values(JSON.parse(fs.readFileSync(K8S_SNIPPETS, 'utf8')) as Record<string, Snippet>).map((s) => s.prefix);
  const prefixes = Object.values(snippets).map((s) => s.prefix);
  assert.deepEqual(prefixes.sort(), ['helmNetworkPolicyTemplate', 'helmValuesNetworkPolicy', 'helmValuesSecurityContext']);
  for (const s of Object.values(snippets)) {
    assert.ok(!manifestPrefixes.includes(s.prefix), s.prefix);
    assert.ok(s.description.length > 20, s.prefix);
    assert.ok(
      s.body.every((l) => !l.includes('\t')),
      `${s.prefix}: tabs are not YAML indentation`,
    );
  }
});

test('the values snippets are YAML maps of the keys the templates read', () => {
  const security = parse(expanded('helmValuesSecurityContext'));
  assert.deepEqual(security, {
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
  });
  assert.deepEqual(parse(expanded('helmValuesNetworkPolicy')), {
    networkPolicy: { enabled: true, defaultDenyNamespace: true, ingressFrom: [], extraEgress: [] },
  });
});

/** The files `helm create` writes, under `demo/`. */
function scaffold(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else files[`${rel}/${e.name}`] = fs.readFileSync(path.join(dir, e.name), 'utf8');
    }
  };
  walk(SCAFFOLD, 'demo');
  return files;
}

/** The scaffold with the snippets inserted as a person would: values blocks replace the empty maps. */
function scaffoldWithSnippets(networkPolicyValues = expanded('helmValuesNetworkPolicy')): Record<string, string> {
  const files = scaffold();
  const values = files['demo/values.yaml']!;
  assert.ok(values.includes('\npodSecurityContext: {}\n') && values.includes('\nsecurityContext: {}\n'));
  files['demo/values.yaml'] =
    values.replace('\npodSecurityContext: {}\n', '\n').replace('\nsecurityContext: {}\n', '\n' + expanded('helmValuesSecurityContext')) +
    '\n' +
    networkPolicyValues;
  files['demo/templates/networkpolicy.yaml'] = expanded('helmNetworkPolicyTemplate');
  return files;
}

interface JsonReport {
  findings: Array<{ ruleId: string; file: string; range: { start: { line: number } }; object: { kind: string } }>;
  errors: unknown[];
}

function scan(files: Record<string, string>): { findings: string[]; errors: unknown[] } {
  const t = tree(files);
  try {
    const run = cli('scan', '-f', 'json', '--no-config', t.root);
    const report = JSON.parse(run.stdout) as JsonReport;
    return {
      findings: report.findings
        .map((f) => `${f.ruleId} ${path.relative(t.root, f.file)}:${f.range.start.line + 1} ${f.object.kind}`)
        .sort(),
      errors: report.errors,
    };
  } finally {
    t.cleanup();
  }
}

/** What the snippets address: the pod security the values set, and NetworkPolicy isolation. */
const ADDRESSED = new Set([
  'pss-run-as-non-root',
  'pss-seccomp-profile-restricted',
  'pss-allow-privilege-escalation',
  'pss-capabilities-restricted',
  'read-only-root-filesystem',
  'netpol-default-deny',
  'netpol-ingress-isolation',
  'netpol-egress-isolation',
  'netpol-allow-all',
  'netpol-egress-unrestricted',
]);

test('helm create + the chart snippets: no finding the snippets address is left, on any rendered object', () => {
  const { findings, errors } = scan(scaffoldWithSnippets());
  assert.deepEqual(errors, []);
  // The Deployment keeps what values.yaml's other keys decide (resources, the token mount);
  // the `helm test` Pod has its own securityContext-less spec in templates/tests.
  assert.deepEqual(findings, [
    'automount-service-account-token demo/templates/deployment.yaml:25 Deployment',
    'automount-service-account-token demo/templates/tests/test-connection.yaml:9 Pod',
    'cpu-request-missing demo/templates/deployment.yaml:36 Deployment',
    'cpu-request-missing demo/templates/tests/test-connection.yaml:11 Pod',
    'default-service-account demo/templates/tests/test-connection.yaml:9 Pod',
    'image-tag-latest demo/templates/tests/test-connection.yaml:12 Pod',
    'memory-limit-missing demo/templates/deployment.yaml:36 Deployment',
    'memory-limit-missing demo/templates/tests/test-connection.yaml:11 Pod',
    'memory-request-missing demo/templates/deployment.yaml:36 Deployment',
    'memory-request-missing demo/templates/tests/test-connection.yaml:11 Pod',
    'pss-allow-privilege-escalation demo/templates/tests/test-connection.yaml:11 Pod',
    'pss-capabilities-restricted demo/templates/tests/test-connection.yaml:11 Pod',
    'pss-run-as-non-root demo/templates/tests/test-connection.yaml:11 Pod',
    'pss-seccomp-profile-restricted demo/templates/tests/test-connection.yaml:11 Pod',
    'read-only-root-filesystem demo/templates/tests/test-connection.yaml:11 Pod',
  ]);
  assert.deepEqual(
    findings.filter((f) => ADDRESSED.has(f.split(' ')[0]!) && !f.includes('test-connection.yaml')),
    [],
  );
  // Without the snippets, the Deployment has every one of those findings but the ones about policies' own rules.
  const before = scan(scaffold());
  assert.deepEqual(before.errors, []);
  const onDeployment = (list: string[]) =>
    [...new Set(list.filter((f) => f.endsWith(' Deployment') && ADDRESSED.has(f.split(' ')[0]!)).map((f) => f.split(' ')[0]))].sort();
  assert.deepEqual(
    onDeployment(before.findings),
    [...ADDRESSED].filter((r) => !['netpol-allow-all', 'netpol-egress-unrestricted'].includes(r)).sort(),
  );
});

test('the NetworkPolicy template renders the namespace default deny and the release policy, and nothing when off', () => {
  const render = (npValues: string) => {
    const t = tree(scaffoldWithSnippets(npValues));
    try {
      const r = renderChart(dirFiles(t.root), 'demo', {});
      assert.equal(r.error, undefined);
      return parseAllDocuments(r.output)
        .map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: unknown })
        .filter((o) => o?.kind === 'NetworkPolicy');
    } finally {
      t.cleanup();
    }
  };
  const selector = { 'app.kubernetes.io/name': 'chart', 'app.kubernetes.io/instance': 'release-name' };
  const policies = render(expanded('helmValuesNetworkPolicy'));
  assert.deepEqual(
    policies.map((p) => [p.metadata.name, p.spec]),
    [
      ['release-name-chart-default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
      [
        'release-name-chart',
        {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { port: 53, protocol: 'UDP' },
                { port: 53, protocol: 'TCP' },
              ],
            },
            { to: [{ podSelector: { matchLabels: selector } }], ports: [{ port: 'http', protocol: 'TCP' }] },
          ],
        },
      ],
    ],
  );
  // Sources and extra egress from values; the namespace-wide deny can be left out.
  const custom = render(
    'networkPolicy:\n  enabled: true\n  defaultDenyNamespace: false\n' +
      '  ingressFrom:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n' +
      '  extraEgress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n      ports: [{port: 5432, protocol: TCP}]\n',
  );
  assert.deepEqual(
    custom.map((p) => p.metadata.name),
    ['release-name-chart'],
  );
  const spec = custom[0]!.spec as { ingress: unknown[]; egress: unknown[] };
  assert.deepEqual(spec.ingress, [
    {
      ports: [{ port: 'http', protocol: 'TCP' }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
    },
  ]);
  assert.deepEqual(spec.egress[2], { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 5432, protocol: 'TCP' }] });
  assert.deepEqual(render('networkPolicy:\n  enabled: false\n'), []);
});
