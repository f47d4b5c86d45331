/**
 * Values files with several YAML documents, as Helm 4 reads them: every document merged in
 * turn (later wins, nested maps merged, a null document adds nothing, a list fails), split
 * where Kubernetes' YAMLReader splits. Expected outputs and messages are helm's (v4.1.4).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function values(valuesYaml: string, extra: Record<string, string> = {}, valuesFiles: string[] = []): string | undefined {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'c/values.yaml': valuesYaml,
    'c/templates/x.yaml': 'v: {{ .Values | toJson }}\n',
    ...extra,
  });
  const r = renderChart(files, 'c', { valuesFiles });
  return r.error ?? r.output.split('\n')[2];
}

test('every document of values.yaml is merged: later wins, nested maps merged, null adds nothing', () => {
  assert.equal(values('a: 1\n---\nb: 2\n'), 'v: {"a":1,"b":2}');
  assert.equal(values('a: {x: 1, z: 1}\n---\na: {z: 2}\nc: 3\n'), 'v: {"a":{"x":1,"z":2},"c":3}');
  assert.equal(values('a: 1\n---\nnull\n'), 'v: {"a":1}');
  assert.equal(values('a: 1\n---\na: null\n'), 'v: {"a":null}');
  assert.equal(values('a: 1\n--- # comment\nb: 2\n---\n'), 'v: {"a":1,"b":2}');
  // "---" not at a line's start is text.
  assert.equal(values('a: "x\n  ---y"\n'), 'v: {"a":"x ---y"}');
});

test('a document that is no map, or a line starting --- that is no separator, fails as in helm', () => {
  assert.equal(
    values('a: 1\n---\n- 1\n'),
    'cannot load values.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
  );
  assert.equal(values('a: 1\n---x: 1\n'), 'cannot load values.yaml: error reading yaml document: invalid Yaml document separator: x: 1');
  // Even inside a quoted scalar: helm splits before it parses.
  assert.equal(values('a: "x\n---y"\n'), 'cannot load values.yaml: error reading yaml document: invalid Yaml document separator: y"');
});

test('a -f values file with several documents is merged the same way', () => {
  assert.equal(values('b: 2\n', { 'f.yaml': 'a: {x: 1}\n---\na: {z: 2}\n' }, ['f.yaml']), 'v: {"a":{"x":1,"z":2},"b":2}');
});
