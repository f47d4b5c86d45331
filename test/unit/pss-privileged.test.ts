import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { briefs, rangeOfText, yaml } from '../helpers';

const FIRING = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '          securityContext:',
  '            privileged: true',
  '      initContainers:',
  '        - name: init',
  '          image: busybox:1.36',
  '          securityContext: { privileged: true }',
);

test('pss-privileged fires on privileged containers and init containers with exact ranges', () => {
  assert.deepEqual(briefs(FIRING, 'pss-privileged'), [
    { ruleId: 'pss-privileged', range: rangeOfText(FIRING, 'privileged: true', 0) },
    { ruleId: 'pss-privileged', range: rangeOfText(FIRING, 'privileged: true', 1) },
  ]);
});

test('pss-privileged does not fire on privileged: false or an absent field', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: a',
    '    image: nginx:1.27',
    '    securityContext:',
    '      privileged: false',
    '  - name: b',
    '    image: nginx:1.27',
  );
  assert.deepEqual(briefs(text, 'pss-privileged'), []);
});
