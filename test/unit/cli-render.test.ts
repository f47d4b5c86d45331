/**
 * `kube-guardrails render <dir>`: a corpus chart prints byte-for-byte what `helm template`
 * printed, a corpus kustomization the objects `kubectl kustomize` built; errors and parts not
 * built go to stderr with exit code 2; nothing outside <dir> is read but the files the user names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as YAML from 'yaml';
import { USAGE } from '../../server/src/cli/args';
import { SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';
import { corpusCases, helmArgs } from './helm-corpus-cases';

const HELM = path.join(SHARED, 'corpus', 'helm');
const HELM_FLAGS = ['--release-name', 'rel', '--namespace', 'ns1', '--kube-version', '1.33'];

test("render of a chart prints exactly what helm template printed (argo-workflows, -f with the chart's own ci values)", () => {
  const chart = path.join(HELM, 'argo-workflows', 'chart');
  // values-ci-ingress.yaml in the corpus is a copy of this file (cases.json valuesOrigin).
  const r = cli('render', chart, '-f', path.join(chart, 'ci', 'enable-ingress-values.yaml'), ...HELM_FLAGS);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, fs.readFileSync(path.join(HELM, 'argo-workflows', 'expected', 'ci-ingress.yaml'), 'utf8'));
});

test("render flags: --api-versions, --include-crds and --set reach the chart; the defaults are helm's", () => {
  const t = tree({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'c/crds/crd.yaml': 'kind: CustomResourceDefinition\n',
    'c/templates/x.yaml':
      'kind: ConfigMap\ndata:\n  r: {{ .Release.Name }}/{{ .Release.Namespace }}\n  k: {{ .Capabilities.KubeVersion.Version }}\n' +
      '  a: {{ .Capabilities.APIVersions.Has "x.io/v1" }} {{ .Capabilities.APIVersions.Has "y.io/v2" }}\n  s: {{ .Values.s | quote }}\n',
  });
  try {
    const r = cli('render', t.p('c'), '--api-versions', 'x.io/v1,y.io/v2', '--include-crds', '--set-string', 's=1', '--kube-version=1.30');
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      '---\n# Source: demo/crds/crd.yaml\nkind: CustomResourceDefinition\n\n' +
        '---\n# Source: demo/templates/x.yaml\nkind: ConfigMap\ndata:\n  r: release-name/default\n  k: v1.30.0\n  a: true true\n  s: "1"\n',
    );
  } finally {
    t.cleanup();
  }
});

test('render --set-literal: the value is the string given, commas and backslashes kept', () => {
  const t = tree({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'c/templates/x.yaml': 'kind: ConfigMap\ndata:\n  s: {{ .Values.s | quote }}\n',
  });
  try {
    const r = cli('render', t.p('c'), '--set', 's=1', '--set-literal', 's=a,b\\c');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '---\n# Source: demo/templates/x.yaml\nkind: ConfigMap\ndata:\n  s: "a,b\\\\c"\n');
  } finally {
    t.cleanup();
  }
});

test('render of a kustomization prints the objects kubectl kustomize built', () => {
  const group = path.join(SHARED, 'corpus', 'kustomize', 'kustomize-examples');
  const r = cli('render', path.join(group, 'examples', 'helloWorld'));
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const objects = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const got = objects(r.stdout);
  assert.equal(got.length, 3);
  assert.deepEqual(got, objects(fs.readFileSync(path.join(group, 'expected', 'helloWorld.yaml'), 'utf8')));
  // Documents separated by `---` lines, each ending in a newline (keys in the build's own order).
  assert.match(
    r.stdout,
    /^apiVersion: v1\nkind: ConfigMap\n[\s\S]*\n---\nkind: Service\n[\s\S]*\n---\napiVersion: apps\/v1\nkind: Deployment\n[\s\S]*[^\n]\n$/,
  );
});

test("render errors: helm's message on stderr, nothing on stdout, exit 2", () => {
  const fails = (dir: string, ...flags: string[]) => cli('render', path.join(HELM, dir, 'chart'), ...HELM_FLAGS, ...flags);
  const r = fails('aws-load-balancer-controller');
  assert.deepEqual(r, {
    code: 2,
    stdout: '',
    stderr:
      'kube-guardrails render: execution error at (aws-load-balancer-controller/templates/deployment.yaml:67:28): Chart cannot be installed without a valid clusterName!\n',
  });
  const s = fails('external-dns');
  assert.equal(s.code, 2);
  assert.equal(
    s.stderr,
    "kube-guardrails render: values don't meet the specifications of the schema(s) in the following chart(s):\nexternal-dns:\n- at '/policy': got null, want string\n",
  );
  const set = fails('helm-create', '--set', 'a[x]=1');
  assert.equal(
    set.stderr,
    'kube-guardrails render: failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax\n',
  );
  assert.equal(set.code, 2);
});

test('render reads the -f and --set-file files the user names wherever they are, and nothing else outside <dir>', () => {
  const t = tree({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'c/templates/x.yaml':
      'kind: ConfigMap\nv: {{ .Values.v | quote }}\nw: {{ .Values.w | quote }}\ng: {{ .Files.Get "../secret.txt" | quote }}\n',
    'values.yaml': 'v: from-values\n',
    'secret.txt': 'outside',
  });
  try {
    const r = cli('render', t.p('c'), '-f', t.p('values.yaml'), '--set-file', `w=${t.p('c/../secret.txt')}`);
    assert.deepEqual(r, {
      code: 0,
      // The template's own .Files.Get of the same file outside the chart reads nothing.
      stdout: '---\n# Source: demo/templates/x.yaml\nkind: ConfigMap\nv: "from-values"\nw: "outside"\ng: ""\n',
      stderr: '',
    });
    const missing = cli('render', t.p('c'), '--set-file', `v=${t.p('none.txt')}`);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      `kube-guardrails render: failed parsing --set-file data: open ${t.p('none.txt')}: no such file or directory\n`,
    );
  } finally {
    t.cleanup();
  }
});

test("render runs every corpus command line helm ran (-f values beside the chart) and prints helm's output", () => {
  const cases = corpusCases();
  let ran = 0;
  for (const c of cases) {
    // Its corpus copy lacks its subcharts: helm itself refuses it (helm-corpus.test renders it assembled).
    if (c.case === 'kube-prometheus-stack') continue;
    for (const v of c.variants) {
      if (v.exitCode !== 0 || !v.deterministic) continue;
      const [, release, chart, ...flags] = helmArgs(v);
      const argv = ['render', path.join(HELM, c.case, chart!), '--release-name', release!];
      for (let i = 0; i < flags.length; i++) argv.push(flags[i - 1] === '-f' ? path.join(HELM, c.case, flags[i]!) : flags[i]!);
      const r = cli(...argv);
      assert.equal(r.stderr, '', `${c.case}/${v.name}`);
      assert.equal(r.code, 0, `${c.case}/${v.name}`);
      assert.ok(r.stdout === fs.readFileSync(path.join(HELM, c.case, v.expected), 'utf8'), `${c.case}/${v.name}: output differs`);
      ran++;
    }
  }
  // Every deterministic variant that renders, kube-prometheus-stack's two aside.
  assert.equal(ran, 39);
});

test('render of a chart missing its dependencies names them before the error they cause (kube-prometheus-stack as the corpus ships it)', () => {
  const r = cli('render', path.join(HELM, 'kube-prometheus-stack', 'chart'), ...HELM_FLAGS);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    ['kube-state-metrics', 'prometheus-node-exporter', 'grafana', 'prometheus-windows-exporter']
      .map((d) => `kube-guardrails render: found in Chart.yaml, but missing in charts/ directory: ${d}\n`)
      .join('') +
      'kube-guardrails render: template: kube-prometheus-stack/templates/prometheus/clusterrole.yaml:43:40: executing "kube-prometheus-stack/templates/prometheus/clusterrole.yaml" at <.kubeRBACProxy.enabled>: nil pointer evaluating interface {}.enabled\n',
  );
});

test('render: a part not built is reported (exit 2) while what was built is printed; a directory of neither kind and usage errors exit 2', () => {
  const t = tree({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: gone\n    version: 1.0.0\n',
    'c/templates/x.yaml': 'kind: ConfigMap\n',
    'empty/readme.txt': 'nothing here',
  });
  try {
    assert.deepEqual(cli('render', t.p('c')), {
      code: 2,
      stdout: '---\n# Source: demo/templates/x.yaml\nkind: ConfigMap\n',
      stderr: 'kube-guardrails render: found in Chart.yaml, but missing in charts/ directory: gone\n',
    });
    assert.deepEqual(cli('render', t.p('empty')), {
      code: 2,
      stdout: '',
      stderr: `kube-guardrails render: ${t.p('empty')} holds neither a Chart.yaml nor a kustomization (kustomization.yaml, kustomization.yml, Kustomization)\n`,
    });
    const missing = cli('render', t.p('nope'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kube-guardrails render: cannot read .*nope: ENOENT/);
    assert.deepEqual(cli('render'), {
      code: 2,
      stdout: '',
      stderr: `kube-guardrails: render needs exactly one chart or kustomization directory\n\n${USAGE}\n`,
    });
    assert.equal(cli('render', t.p('c'), '--bogus').stderr.split('\n')[0], 'kube-guardrails: unknown option for render: --bogus');
  } finally {
    t.cleanup();
  }
});
