import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fromPlain } from '../../server/src/core/sources/kustomize/node';
import { labelSelectorMatches } from '../../server/src/core/sources/kustomize/patches';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { ParseCache } from '../../server/src/core/sources/kustomize/load';
import { buildObjects, deployment, memFiles } from './kustomize-helpers';

/** JSON 6902 operations, name references after prefix and hash suffix, refused entries. */
const base = deployment(`replicas: 1
template:
  metadata:
    annotations:
      a: "1"
  spec:
    serviceAccountName: runner
    containers:
    - name: app
      image: app:1
      envFrom:
      - configMapRef:
          name: app-config
    volumes:
    - name: config
      configMap:
        name: app-config
    - name: creds
      secret:
        secretName: creds`);

test('JSON 6902: add, replace, remove, copy, move, test; ~1 in a path is a slash', () => {
  const { objects, result } = buildObjects('k', {
    'k/kustomization.yaml':
      [
        'resources:',
        '- deploy.yaml',
        'patches:',
        '- target:',
        '    kind: Deploy.*',
        '    name: w.b',
        '  patch: |-',
        '    - op: test',
        '      path: /spec/replicas',
        '      value: 1',
        '    - op: replace',
        '      path: /spec/replicas',
        '      value: 4',
        '    - op: add',
        '      path: /spec/template/spec/containers/0/args',
        '      value: [--x]',
        '    - op: add',
        '      path: /spec/template/metadata/annotations/b~1c',
        '      value: two',
        '    - op: copy',
        '      from: /spec/template/spec/containers/0/image',
        '      path: /metadata/labels',
        '    - op: move',
        '      from: /spec/template/metadata/annotations/a',
        '      path: /spec/template/metadata/annotations/moved',
        '    - op: remove',
        '      path: /spec/template/spec/volumes/1',
        '    - op: add',
        '      path: /spec/template/spec/volumes/-',
        '      value: {name: tmp, emptyDir: {}}',
      ].join('\n') + '\n',
    'k/deploy.yaml': base,
  });
  assert.deepEqual(result.problems, []);
  const d = objects[0] as {
    metadata: unknown;
    spec: { replicas: number; template: { metadata: unknown; spec: { containers: { args: string[] }[]; volumes: unknown } } };
  };
  assert.equal(d.spec.replicas, 4);
  assert.deepEqual(d.spec.template.spec.containers[0]!.args, ['--x']);
  assert.deepEqual(d.spec.template.metadata, { annotations: { 'b/c': 'two', moved: '1' } });
  assert.deepEqual(d.metadata, { name: 'web', labels: 'app:1' });
  assert.deepEqual(d.spec.template.spec.volumes, [
    { name: 'config', configMap: { name: 'app-config' } },
    { name: 'tmp', emptyDir: {} },
  ]);
});

test('a failing JSON 6902 test op is a build problem, not a crash', () => {
  const { objects, result } = buildObjects('k', {
    'k/kustomization.yaml':
      'resources:\n- deploy.yaml\npatches:\n- target: {kind: Deployment}\n  patch: "[{op: test, path: /spec/replicas, value: 9}]"\n',
    'k/deploy.yaml': base,
  });
  assert.deepEqual(objects, []);
  assert.deepEqual(
    result.problems.map((p) => p.message),
    ['not analysed: k: test failed at /spec/replicas'],
  );
});

test('namePrefix + generator hash: names and every reference rewritten (kustomize hash)', () => {
  // Same data as the corpus' handwritten/base generator, whose kubectl kustomize name is app-config-g8h528mmhh.
  const { objects, result } = buildObjects('k', {
    'k/kustomization.yaml':
      [
        'namePrefix: p-',
        'resources:',
        '- deploy.yaml',
        '- sa.yaml',
        'configMapGenerator:',
        '- name: app-config',
        '  literals:',
        '  - LOG_LEVEL=info',
        '  - FEATURE_X=false',
        '  files:',
        '  - config/app.properties',
        'secretGenerator:',
        '- name: creds',
        '  literals:',
        '  - DB_PASSWORD=changeme',
      ].join('\n') + '\n',
    'k/config/app.properties': 'server.port=8080\nserver.tls=false\n',
    'k/deploy.yaml': base,
    'k/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n',
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`),
    ['ServiceAccount/p-runner', 'ConfigMap/p-app-config-g8h528mmhh', 'Secret/p-creds-g86hbtt8hm', 'Deployment/p-web'],
  );
  const spec = (objects[3] as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
  assert.equal(spec.serviceAccountName, 'p-runner');
  assert.deepEqual(spec.volumes, [
    { name: 'config', configMap: { name: 'p-app-config-g8h528mmhh' } },
    { name: 'creds', secret: { secretName: 'p-creds-g86hbtt8hm' } },
  ]);
  assert.deepEqual((spec.containers as { envFrom: unknown }[])[0]!.envFrom, [{ configMapRef: { name: 'p-app-config-g8h528mmhh' } }]);
  assert.deepEqual(objects[2]!.data, { DB_PASSWORD: 'Y2hhbmdlbWU=' });
});

test('remote resources, helmCharts and plugins are not analysed, at their entry; the rest is built', () => {
  const kustomization =
    'resources:\n- https://github.com/example/repo//base?ref=v1\n- deploy.yaml\nhelmCharts:\n- name: redis\ntransformers:\n- plugin.yaml\n';
  const plugin = 'apiVersion: someteam.example.com/v1\nkind: ChartInflator\nmetadata:\n  name: x\n';
  const { objects, result } = buildObjects('k', { 'k/kustomization.yaml': kustomization, 'k/deploy.yaml': base, 'k/plugin.yaml': plugin });
  assert.deepEqual(
    objects.map((o) => o.kind),
    ['Deployment'],
  );
  const at = (s: string) => ({ start: kustomization.indexOf(s), end: kustomization.indexOf(s) + s.length });
  assert.deepEqual(
    result.problems.map((p) => [p.message, p.origin?.file, p.origin?.range]),
    [
      [
        'not analysed: Helm chart (helmCharts is not run): helmCharts',
        'k/kustomization.yaml',
        { start: at('name: redis').start, end: at('name: redis').end + 1 },
      ],
      [
        'not analysed: remote resource https://github.com/example/repo//base?ref=v1 (never fetched)',
        'k/kustomization.yaml',
        at('https://github.com/example/repo//base?ref=v1'),
      ],
      [
        'not analysed: transformer plugin someteam.example.com/v1 ChartInflator (plugins are not run): plugin.yaml',
        'k/kustomization.yaml',
        at('plugin.yaml'),
      ],
    ],
  );
  assert.deepEqual(result.filesRead.sort(), ['k/deploy.yaml', 'k/kustomization.yaml', 'k/plugin.yaml']);
});

test('a builtin ValueAddTransformer config applies (its value defaults to the directory name)', () => {
  const { objects, result } = buildObjects('projects/cat-1', {
    'projects/cat-1/kustomization.yaml': 'resources:\n- cm.yaml\ntransformers:\n- ../../set\n',
    'projects/cat-1/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  path: projects\n',
    'set/kustomization.yaml': 'resources:\n- t.yaml\n',
    'set/t.yaml':
      'apiVersion: builtin\nkind: ValueAddTransformer\nmetadata:\n  name: t\ntargets:\n- fieldPath: metadata/namespace\n- selector: {kind: ConfigMap}\n  fieldPath: data/path\n  filePathPosition: 2\n',
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(objects, [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'cat-1' }, data: { path: 'projects/cat-1' } },
  ]);
});

test('namespace, labels with includeSelectors, images and replicas', () => {
  const { objects } = buildObjects('k', {
    'k/kustomization.yaml':
      [
        'namespace: prod',
        'resources:',
        '- deploy.yaml',
        'labels:',
        '- pairs: {team: a}',
        '  includeSelectors: true',
        'images:',
        '- name: app',
        '  newName: registry/app',
        '  newTag: 1.20',
        'replicas:',
        '- name: web',
        '  count: 5',
      ].join('\n') + '\n',
    'k/deploy.yaml': base,
  });
  const d = objects[0] as {
    metadata: unknown;
    spec: { replicas: number; selector: unknown; template: { metadata: { labels: unknown }; spec: { containers: { image: string }[] } } };
  };
  assert.deepEqual(d.metadata, { name: 'web', namespace: 'prod', labels: { team: 'a' } });
  assert.deepEqual(d.spec.selector, { matchLabels: { team: 'a' } });
  assert.deepEqual(d.spec.template.metadata.labels, { team: 'a' });
  // kustomize reads newTag as a string: the unquoted 1.20 stays 1.20.
  assert.equal(d.spec.template.spec.containers[0]!.image, 'registry/app:1.20');
  assert.equal(d.spec.replicas, 5);
});

test('hostile trees: a kustomization cycle and a missing resource are problems, not hangs or crashes', () => {
  const cycle = buildObjects('a', { 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' });
  assert.deepEqual(
    cycle.result.problems.map((p) => p.message),
    ['not analysed: a: cycle: a -> b -> a'],
  );
  const missing = buildObjects('a', { 'a/kustomization.yaml': 'resources:\n- nope.yaml\n' });
  assert.deepEqual(
    missing.result.problems.map((p) => p.message),
    ['not analysed: a: cannot read a/nope.yaml'],
  );
  const self = buildObjects('a', { 'a/kustomization.yaml': 'resources:\n- .\n' });
  assert.deepEqual(
    self.result.problems.map((p) => p.message),
    ['not analysed: a: cycle: a -> a'],
  );
  const none = buildObjects('a', { 'a/x.yaml': '' });
  assert.deepEqual(
    none.result.problems.map((p) => p.message),
    ['not analysed: a: no kustomization in a'],
  );
});

test('hostile inputs: an alias bomb and a backtracking selector pattern finish with exact results', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 20 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  const aliases = buildObjects('k', {
    'k/kustomization.yaml': 'resources:\n- bomb.yaml\n',
    'k/bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${bomb.replace(/\n/g, '\n  ')}\n`,
  });
  assert.deepEqual(aliases.objects, []);
  assert.deepEqual(
    aliases.result.problems.map((p) => p.message),
    ['not analysed: k: YAML aliases are not supported in kustomize inputs'],
  );
  const long = 'a'.repeat(5000) + '!';
  const redos = buildObjects('k', {
    'k/kustomization.yaml': `resources:\n- cm.yaml\npatches:\n- target:\n    name: "(a+)+$"\n  patch: "[{op: add, path: /data/x, value: y}]"\n`,
    'k/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${long}\ndata: {}\n`,
  });
  assert.deepEqual(redos.result.problems, []);
  assert.deepEqual(redos.objects[0]!.data, {});
});

test("output order: kustomize's legacy kind order by default, accumulation order with sortOptions fifo", () => {
  const files = {
    'k/all.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: v\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
  };
  const kinds = (extra: string) =>
    buildObjects('k', { ...files, 'k/kustomization.yaml': `resources:\n- all.yaml\n${extra}` }).objects.map((o) => o.kind);
  assert.deepEqual(kinds(''), ['Namespace', 'Service', 'Deployment', 'Widget', 'ValidatingWebhookConfiguration']);
  assert.deepEqual(kinds('sortOptions:\n  order: fifo\n'), [
    'Deployment',
    'Service',
    'Namespace',
    'ValidatingWebhookConfiguration',
    'Widget',
  ]);
});

test('label selectors of patch targets: =, ==, !=, existence, !, in, notin', () => {
  const labels = fromPlain({ app: 'web', tier: 'front', env: 'prod' });
  const yes = ['app=web', 'app==web,tier!=back', 'env', '!missing', 'tier in (front, back)', 'env notin (dev,test),app=web'];
  const no = ['app=api', 'tier!=front', 'missing', '!env', 'tier in (back)', 'env notin (prod)'];
  assert.deepEqual(
    yes.filter((s) => !labelSelectorMatches(s, labels)),
    [],
  );
  assert.deepEqual(
    no.filter((s) => labelSelectorMatches(s, labels)),
    [],
  );
});

test('a ParseCache shared by builds: the same result each time, and an edited file is parsed again', () => {
  const files: Record<string, string> = {
    'k/kustomization.yaml': 'namePrefix: p-\nnamespace: n\nresources:\n- deploy.yaml\npatches:\n- path: patch.yaml\n',
    'k/deploy.yaml': base,
    'k/patch.yaml': deployment('replicas: 2'),
  };
  const cache = new ParseCache();
  const texts = () => buildKustomization('k', memFiles(files), cache).documents.map((d) => d.text);
  const first = texts();
  assert.deepEqual(texts(), first);
  assert.match(first[0]!, /^ {2}replicas: 2$/m);
  files['k/patch.yaml'] = deployment('replicas: 3');
  assert.match(texts()[0]!, /^ {2}replicas: 3$/m);
  assert.match(texts()[0]!, /^ {2}name: p-web$/m);
});
