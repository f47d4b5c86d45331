import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildObjects, deployment } from './kustomize-helpers';

/**
 * Strategic merge as kustomize applies it: merge keys from the Kubernetes API table, kyaml's
 * list order (patch items first), `$patch` directives, and lists without a strategy replaced.
 */
const base = deployment(`template:
  spec:
    containers:
    - name: app
      image: app:1
      ports:
      - containerPort: 8080
        protocol: TCP
        name: http
      env:
      - name: A
        value: "1"
      - name: B
        value: "2"
    - name: sidecar
      image: side:1
    volumes:
    - name: cache
      emptyDir: {}
    - name: config
      configMap:
        name: cfg
    tolerations:
    - key: a
      operator: Exists`);

function build(patch: string) {
  const { objects, result } = buildObjects('k', {
    'k/kustomization.yaml': 'resources:\n- deploy.yaml\npatches:\n- path: patch.yaml\n',
    'k/deploy.yaml': base,
    'k/patch.yaml': deployment(patch),
  });
  assert.deepEqual(result.problems, []);
  return (objects[0] as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
}

test('containers merge by name: the patched one keeps its other fields, a new one comes first', () => {
  const spec = build(`template:
  spec:
    containers:
    - name: app
      image: app:2
    - name: proxy
      image: envoy:1`);
  assert.deepEqual(spec.containers, [
    {
      name: 'app',
      image: 'app:2',
      ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    },
    { name: 'proxy', image: 'envoy:1' },
    { name: 'sidecar', image: 'side:1' },
  ]);
});

test('container ports merge on containerPort + protocol (a missing protocol is TCP)', () => {
  const spec = build(`template:
  spec:
    containers:
    - name: app
      ports:
      - containerPort: 8080
        name: web
      - containerPort: 8080
        protocol: UDP
        name: dns`);
  const app = (spec.containers as { name: string; ports: unknown }[]).find((c) => c.name === 'app')!;
  assert.deepEqual(app.ports, [
    { containerPort: 8080, protocol: 'TCP', name: 'web' },
    { containerPort: 8080, protocol: 'UDP', name: 'dns' },
  ]);
});

test('$patch: delete removes a container, an env entry and a volume by merge key', () => {
  const spec = build(`template:
  spec:
    containers:
    - name: sidecar
      $patch: delete
    - name: app
      env:
      - name: A
        $patch: delete
    volumes:
    - name: cache
      $patch: delete`);
  assert.deepEqual(spec.containers, [
    { name: 'app', image: 'app:1', ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }], env: [{ name: 'B', value: '2' }] },
  ]);
  assert.deepEqual(spec.volumes, [{ name: 'config', configMap: { name: 'cfg' } }]);
});

test('volumes merge by name; $retainKeys drops the old volume source', () => {
  const spec = build(`template:
  spec:
    volumes:
    - name: cache
      $retainKeys: [name, configMap]
      configMap:
        name: other`);
  assert.deepEqual(spec.volumes, [
    { name: 'cache', configMap: { name: 'other' } },
    { name: 'config', configMap: { name: 'cfg' } },
  ]);
});

test('$patch: replace replaces a map; a list without patch strategy is replaced; null deletes', () => {
  const spec = build(`template:
  spec:
    containers:
    - name: app
      ports: null
      env:
      - $patch: replace
      - name: C
        value: "3"
    tolerations:
    - key: b
      operator: Exists
    volumes:
    - name: config
      configMap:
        $patch: replace
        name: new`);
  const app = (spec.containers as Record<string, unknown>[]).find((c) => c.name === 'app')!;
  assert.deepEqual(app, { name: 'app', image: 'app:1', env: [{ name: 'C', value: '3' }] });
  assert.deepEqual(spec.tolerations, [{ key: 'b', operator: 'Exists' }]);
  assert.deepEqual(spec.volumes, [
    { name: 'config', configMap: { name: 'new' } },
    { name: 'cache', emptyDir: {} },
  ]);
});

test('a custom resource merges as plain maps (lists with a name key by name, others replaced)', () => {
  const { objects } = buildObjects('k', {
    'k/kustomization.yaml':
      'resources:\n- cr.yaml\npatches:\n- patch: |-\n    apiVersion: example.com/v1\n    kind: Widget\n    metadata:\n      name: w\n    spec:\n      size: 2\n      parts:\n      - name: b\n        color: red\n      tags: [z]\n',
    'k/cr.yaml':
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  color: blue\n  parts:\n  - name: a\n  - name: b\n  tags: [x, y]\n',
  });
  assert.deepEqual(objects[0]!.spec, { size: 2, color: 'blue', parts: [{ name: 'b', color: 'red' }, { name: 'a' }], tags: ['z'] });
});
