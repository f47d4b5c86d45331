/**
 * The Helm source map on a small fixture chart (test/fixtures/helm/sourcemap): exact origins
 * (file, line:col range, via, callSite) for literal text, values printed directly and through
 * quote/default/toYaml/nindent/include/tpl/range/with, the -f file that won, and the anchor
 * of "missing field" findings (issue #17).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { anchorOrigin } from '../../server/src/core/sources/helm/helm/anchor';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import type { BuiltDocument, SourceFiles } from '../../server/src/core/sources/types';
import { REPO_ROOT } from '../helpers';
import { dirFiles } from './helm-files';
import { brief, type Brief } from './helm-origins';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'sourcemap');

function renderFixture(): { files: SourceFiles; doc: BuiltDocument } {
  const files = dirFiles(FIXTURE);
  const r = renderChart(files, 'chart', { valuesFiles: ['override.yaml'] });
  assert.equal(r.error, undefined);
  assert.equal(r.documents.length, 1);
  return { files, doc: r.documents[0]! };
}

const DEPLOYMENT = 'chart/templates/deployment.yaml';
const HELPERS = 'chart/templates/_helpers.tpl';
const VALUES = 'chart/values.yaml';
const INCLUDE_SITE: Brief = {
  file: DEPLOYMENT,
  range: '5:4-5:46',
  text: '{{- include "demo.labels" . | nindent 4 }}',
  via: { kind: 'template-action' },
};

test('fixture chart renders as expected (the text the origins below refer to)', () => {
  const { doc } = renderFixture();
  assert.match(doc.text, /^ {4}app: demo\n {4}tier: web\n/m);
  assert.match(doc.text, /\n {10}securityContext:\n {12}runAsNonRoot: true\n {12}runAsUser: 1000\n/);
  assert.match(doc.text, /image: "nginx:1\.26"/);
  assert.match(doc.text, /note: release-name-note/);
});

test('source map: literal text, direct values, quote/default, the -f file that won', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('Deployment'), { file: DEPLOYMENT, range: '1:6-1:7', text: 'D', via: { kind: 'literal' } });
  assert.deepEqual(at('nginx'), {
    file: VALUES,
    range: '1:14-1:19',
    text: 'nginx',
    via: { kind: 'values', path: ['image', 'repository'] },
  });
  // image.tag is 1.25 in values.yaml and 1.26 in override.yaml: the -f file wins.
  assert.deepEqual(at('1.26'), {
    file: 'override.yaml',
    range: '1:7-1:13',
    text: '"1.26"',
    via: { kind: 'values', path: ['image', 'tag'] },
  });
  // `quote` keeps the value's origin; `default "demo"` over an empty value is the action's own text.
  assert.deepEqual(at('IfNotPresent'), {
    file: VALUES,
    range: '3:12-3:24',
    text: 'IfNotPresent',
    via: { kind: 'values', path: ['pullPolicy'] },
  });
  assert.deepEqual(at('"demo"'), {
    file: DEPLOYMENT,
    range: '3:8-3:51',
    text: '{{ .Values.name | default "demo" | quote }}',
    via: { kind: 'template-action' },
  });
});

test('source map: toYaml | nindent maps each nested key to its own values node', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  const runAsUser = { file: VALUES, range: '8:13-8:17', text: '1000', via: { kind: 'values', path: ['securityContext', 'runAsUser'] } };
  assert.deepEqual(at('runAsUser'), runAsUser);
  assert.deepEqual(at('1000'), runAsUser);
  assert.deepEqual(at('runAsNonRoot'), {
    file: VALUES,
    range: '7:16-7:20',
    text: 'true',
    via: { kind: 'values', path: ['securityContext', 'runAsNonRoot'] },
  });
});

test('source map: include maps into the define body with the including action as callSite', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('demo\n'), { file: HELPERS, range: '1:5-1:6', text: 'd', via: { kind: 'literal' }, callSite: INCLUDE_SITE });
  assert.deepEqual(at('tier'), { file: HELPERS, range: '2:0-2:1', text: 't', via: { kind: 'literal' }, callSite: INCLUDE_SITE });
  // `default "web"` over a missing value: the helper's action, still with its call site.
  assert.deepEqual(at('web'), {
    file: HELPERS,
    range: '2:6-2:40',
    text: '{{ .Values.tier | default "web" }}',
    via: { kind: 'template-action' },
    callSite: INCLUDE_SITE,
  });
});

test('source map: range over a values list and a values map inside with, and tpl of a values string', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('443'), { file: VALUES, range: '11:4-11:7', text: '443', via: { kind: 'values', path: ['ports', 1] } });
  assert.deepEqual(at('info'), { file: VALUES, range: '13:13-13:17', text: 'info', via: { kind: 'values', path: ['env', 'LOG_LEVEL'] } });
  // A map key is no values node: it is the action that printed it.
  assert.deepEqual(at('LOG_LEVEL'), { file: DEPLOYMENT, range: '24:20-24:28', text: '{{ $k }}', via: { kind: 'template-action' } });
  // tpl's output (its literal text and what its actions printed) is the values string it rendered.
  const note = { file: VALUES, range: '5:6-5:32', text: '"{{ .Release.Name }}-note"', via: { kind: 'values', path: ['note'] } };
  assert.deepEqual(at('release-name-note'), note);
  assert.deepEqual(at('-note'), note);
});

test('anchorOrigin: a missing field goes to the values key of a toYaml map, else the template key that emits the map', () => {
  const { files, doc } = renderFixture();
  const anchor = (needle: string) => brief(files, anchorOrigin(doc.provenance, doc.text.indexOf(needle)));
  // securityContext's map is `toYaml .Values.securityContext`: the values key, where a fix adds the field.
  assert.deepEqual(anchor('securityContext'), {
    file: VALUES,
    range: '7:2-8:17',
    text: 'runAsNonRoot: true\n  runAsUser: 1000',
    via: { kind: 'values', path: ['securityContext'] },
  });
  // A container (a list item): its `- name:` line; `env:` holds a list, so its map is the container too.
  const containerName = { file: DEPLOYMENT, range: '12:10-12:14', text: 'name', via: { kind: 'literal' } };
  assert.deepEqual(anchor('name: app'), containerName);
  assert.deepEqual(anchor('env:'), containerName);
  // A map written in the template, or included from a helper: the template key that introduces it.
  assert.deepEqual(anchor('labels'), { file: DEPLOYMENT, range: '4:2-4:8', text: 'labels', via: { kind: 'literal' } });
  assert.deepEqual(anchor('metadata'), { file: DEPLOYMENT, range: '2:0-2:8', text: 'metadata', via: { kind: 'literal' } });
  assert.deepEqual(anchor('containerPort: 80'), {
    file: DEPLOYMENT,
    range: '19:14-19:27',
    text: 'containerPort',
    via: { kind: 'literal' },
  });
  // The root map: its first key.
  assert.deepEqual(anchor('kind'), { file: DEPLOYMENT, range: '0:0-0:10', text: 'apiVersion', via: { kind: 'literal' } });
});
