import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { deployment, pod } from '../helpers';

/** The builders' exact output: tests that use them take ranges from this text. */
test('pod(): the smallest Pod, with spec keys before containers and container lines indented under the item', () => {
  assert.equal(
    pod(),
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: example.com/app:1.0.0\n',
  );
  assert.equal(
    pod({
      name: 'a',
      namespace: 'shop',
      spec: ['hostPID: true'],
      containers: [{ image: 'x:1', lines: ['securityContext:', '  privileged: true'] }, { name: 'b' }],
    }),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: shop}',
      'spec:',
      '  hostPID: true',
      '  containers:',
      '  - image: x:1',
      '    securityContext:',
      '      privileged: true',
      '  - name: b',
      '',
    ].join('\n'),
  );
});

test('deployment(): block metadata, the pod spec under spec.template.spec', () => {
  assert.equal(
    deployment({ namespace: 'shop', spec: ['hostNetwork: true'] }),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      'spec:',
      '  template:',
      '    spec:',
      '      hostNetwork: true',
      '      containers:',
      '      - name: app',
      '        image: example.com/app:1.0.0',
      '',
    ].join('\n'),
  );
});
