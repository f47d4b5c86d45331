/**
 * Re-rendering with a RenderCache: templates are parsed once; after an edit only the edited
 * template is parsed again, and the output is exactly what a render without the cache gives.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { RenderCache } from '../../server/src/core/sources/helm/helm/renderCache';
import type { SourceFiles } from '../../server/src/core/sources/types';
import { SHARED } from '../helpers';
import { dirFiles, memFiles } from './helm-files';

const HELM_CREATE = path.join(SHARED, 'corpus', 'helm', 'helm-create');
const OPTS = { releaseName: 'rel', namespace: 'ns1', kubeVersion: '1.33' };

/** The corpus chart with some files' text replaced, as an editor's unsaved buffers would. */
function edited(overrides: Record<string, string>): SourceFiles {
  const base = dirFiles(HELM_CREATE);
  return { ...base, read: (f) => overrides[f] ?? base.read(f) };
}

test('templates are parsed once; an edit re-parses only the edited template, with the same output as an uncached render', () => {
  const cache = new RenderCache();
  const first = renderChart(dirFiles(HELM_CREATE), 'chart', { ...OPTS, cache });
  assert.equal(first.error, undefined);
  // helm create writes 9 templates (NOTES.txt, _helpers.tpl and tests/ included: all are parsed).
  assert.equal(cache.parses, 9);
  const again = renderChart(dirFiles(HELM_CREATE), 'chart', { ...OPTS, cache });
  assert.equal(cache.parses, 9);
  assert.equal(again.output, first.output);

  const svc = 'chart/templates/service.yaml';
  const text = dirFiles(HELM_CREATE).read(svc)!;
  const files = edited({ [svc]: text.replace('spec:\n', 'spec:\n  sessionAffinity: ClientIP\n') });
  const after = renderChart(files, 'chart', { ...OPTS, cache });
  assert.equal(cache.parses, 10);
  assert.equal(after.output, renderChart(files, 'chart', OPTS).output);
  assert.match(after.output, /kind: Service\nmetadata:\n(?: {2}.*\n)+spec:\n {2}sessionAffinity: ClientIP\n/);
  // Editing back re-parses that one template again (the cache keeps the latest text only).
  renderChart(dirFiles(HELM_CREATE), 'chart', { ...OPTS, cache });
  assert.equal(cache.parses, 11);
});

test('a template that fails to parse is not cached: every render reports the same error', () => {
  const cache = new RenderCache();
  const files = edited({ 'chart/templates/service.yaml': 'kind: Service\n{{ if }}\n' });
  const a = renderChart(files, 'chart', { ...OPTS, cache });
  const b = renderChart(files, 'chart', { ...OPTS, cache });
  assert.equal(a.error, 'parse error at (chart/templates/service.yaml:2): missing value for if');
  assert.equal(b.error, a.error);
});

test('cached YAML and tpl are safe to share: istiod (fromYaml results changed by mustMergeOverwrite, tpl) renders as helm did, every time', () => {
  const istiod = path.join(SHARED, 'corpus', 'helm', 'istiod');
  const want = fs.readFileSync(path.join(istiod, 'expected', 'ambient.yaml'), 'utf8');
  const cache = new RenderCache();
  for (let i = 0; i < 3; i++) {
    const r = renderChart(dirFiles(istiod), 'chart', { ...OPTS, valuesFiles: ['values-ambient.yaml'], cache });
    assert.equal(r.error, undefined);
    assert.equal(r.output, want, `render ${i + 1}`);
  }
});

test("each fromYaml call gets its own value even when the text was read before: a template that changes it changes nobody else's", () => {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'c/templates/a.yaml': '{{ $m := fromYaml "a: 1" }}{{ $_ := set $m "b" 2 }}a: {{ keys $m | sortAlpha | join "," }}\n',
    'c/templates/b.yaml': '{{ $m := fromYaml "a: 1" }}b: {{ keys $m | sortAlpha | join "," }}\n',
  });
  const cache = new RenderCache();
  const want = '---\n# Source: demo/templates/a.yaml\na: a,b\n---\n# Source: demo/templates/b.yaml\nb: a\n';
  assert.equal(renderChart(files, 'c', { cache }).output, want);
  assert.equal(renderChart(files, 'c', { cache }).output, want);
});
