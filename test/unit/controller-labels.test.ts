import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { controllerLabels, selectorMatchesPods } from '../../server/src/core/workspace/controllerLabels';
import { parseDocument } from 'yaml';
import { parseLabelSelector, type LabelSelector } from '../../server/src/core/workspace/selectors';
import { yaml } from '../helpers';
import { cli, tree } from './cli-helpers';

const labels = new Map([['app', 'redis']]);
/** A selector as the index reads it from YAML. */
function sel(s: Record<string, unknown>): LabelSelector {
  const doc = parseDocument(JSON.stringify(s));
  const parsed = parseLabelSelector(doc.contents, doc);
  assert.ok(parsed);
  return parsed;
}

test('StatefulSet pods carry statefulset.kubernetes.io/pod-name <name>-<ordinal> for each replica', () => {
  const gen = controllerLabels('StatefulSet', 'redis', 3);
  assert.deepEqual(gen.get('statefulset.kubernetes.io/pod-name'), ['redis-0', 'redis-1', 'redis-2']);
  assert.equal(
    selectorMatchesPods(sel({ matchLabels: { app: 'redis', 'statefulset.kubernetes.io/pod-name': 'redis-2' } }), labels, gen),
    true,
  );
  assert.equal(
    selectorMatchesPods(sel({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-3' } }), labels, gen),
    false,
    'no fourth replica',
  );
  assert.equal(
    selectorMatchesPods(
      sel({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-0' } }),
      labels,
      controllerLabels('StatefulSet', 'redis', undefined),
    ),
    true,
    'replicas defaults to 1',
  );
});

test('hash labels match any value; template labels stay fixed; other kinds add nothing', () => {
  const dep = controllerLabels('Deployment', 'web', 2);
  assert.equal(selectorMatchesPods(sel({ matchLabels: { 'pod-template-hash': '5d9f' } }), labels, dep), true);
  assert.equal(selectorMatchesPods(sel({ matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }] }), labels, dep), true);
  assert.equal(
    selectorMatchesPods(sel({ matchExpressions: [{ key: 'pod-template-hash', operator: 'DoesNotExist' }] }), labels, dep),
    false,
  );
  assert.equal(selectorMatchesPods(sel({ matchLabels: { app: 'web' } }), labels, dep), false, 'a template label is not replaced');
  assert.equal(
    selectorMatchesPods(sel({ matchLabels: { 'pod-template-hash': 'x' } }), labels, controllerLabels('Pod', 'p', undefined)),
    false,
  );
  assert.deepEqual(controllerLabels('Job', 'migrate', undefined).get('batch.kubernetes.io/job-name'), ['migrate']);
  assert.equal(controllerLabels('CronJob', 'nightly', undefined).get('job-name'), '*');
});

test('a Service selecting a StatefulSet pod by its generated name is not dangling', () => {
  const t = tree({
    'redis.yaml': yaml(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: redis-server, namespace: data}',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    metadata: {labels: {app: redis}}',
      '    spec: {containers: [{name: redis, image: redis:7.2.4}]}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: redis-announce-1, namespace: data}',
      'spec:',
      '  selector: {app: redis, statefulset.kubernetes.io/pod-name: redis-server-1}',
      '  ports: [{port: 6379}]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: redis-announce-2, namespace: data}',
      'spec:',
      '  selector: {app: redis, statefulset.kubernetes.io/pod-name: redis-server-2}',
      '  ports: [{port: 6379}]',
    ),
  });
  try {
    const out = JSON.parse(cli('scan', '--no-config', '-f', 'json', t.root).stdout);
    const dangling = out.findings.filter((f: { ruleId: string }) => f.ruleId === 'dangling-service');
    assert.deepEqual(
      dangling.map((f: { object: { name: string } }) => f.object.name),
      ['redis-announce-2'],
      'only the Service naming a replica that does not exist is dangling',
    );
  } finally {
    t.cleanup();
  }
});
