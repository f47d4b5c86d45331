/**
 * The Helm source map over the whole corpus: every non-whitespace character of every document
 * of every variant that renders maps to a file of that case's chart (or its -f values file),
 * inside that file's text, and what the origin says it is holds there: a literal is the same
 * character in the template, a template action is a whole `{{ ... }}`, a values origin lies
 * in a values file. Issue #17 places every finding through this map, so a gap here is a
 * finding lost or placed at line 0.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import type { Origin } from '../../server/src/core/sources/types';
import { corpusCases, HELM_CORPUS, variantOptions } from './helm-corpus-cases';
import { dirFiles } from './helm-files';

/** Variants that do not render in-process, with the reason (as in helm-corpus.test.ts). */
const NOT_RENDERED: Record<string, string> = {
  'kube-prometheus-stack/default': 'corpus: the vendored subcharts are missing from chart/charts/',
  'kube-prometheus-stack/no-grafana': 'corpus: the vendored subcharts are missing from chart/charts/',
};

/** Why `origin` is not a valid place for output character `ch`, or undefined when it is. */
function originProblem(
  origin: Origin | undefined,
  ch: string,
  read: (f: string) => string | undefined,
  allowed: Set<string>,
  valuesFiles: readonly string[],
): string | undefined {
  if (!origin) return 'no origin';
  if (!allowed.has(origin.file)) return `file ${origin.file} is not a file of the chart`;
  const text = read(origin.file);
  if (text === undefined) return `file ${origin.file} unreadable`;
  const { start, end } = origin.range;
  if (!(start >= 0 && start <= end && end <= text.length)) return `range ${start}-${end} outside ${origin.file} (${text.length})`;
  switch (origin.via.kind) {
    case 'literal':
      if (text.charAt(start) !== ch) return `literal ${JSON.stringify(text.charAt(start))} is not the output ${JSON.stringify(ch)}`;
      break;
    case 'template-action':
      if (!text.startsWith('{{', start) || text.slice(end - 2, end) !== '}}')
        return `action range is not {{ ... }}: ${text.slice(start, end)}`;
      break;
    case 'values':
      if (!origin.file.endsWith('/values.yaml') && !valuesFiles.includes(origin.file)) return `values origin in ${origin.file}`;
      break;
    default:
      return `unexpected via ${origin.via.kind}`;
  }
  if (origin.callSite) {
    const cs = origin.callSite;
    const csText = read(cs.file);
    if (!allowed.has(cs.file) || csText === undefined) return `callSite file ${cs.file} is not a file of the chart`;
    if (!csText.startsWith('{{', cs.range.start) || csText.slice(cs.range.end - 2, cs.range.end) !== '}}')
      return 'callSite is not a {{ ... }} action';
  }
  return undefined;
}

for (const c of corpusCases()) {
  const variants = c.variants.filter((v) => v.exitCode === 0);
  test(`helm source map: ${c.case} (${variants.length} variants): every non-whitespace output character maps into a file of the chart`, (t) => {
    const files = dirFiles(path.join(HELM_CORPUS, c.case));
    const texts = new Map<string, string | undefined>();
    const read = (f: string) => (texts.has(f) ? texts.get(f) : texts.set(f, files.read(f)).get(f));
    const counts = { documents: 0, characters: 0, literal: 0, values: 0, 'template-action': 0, callSite: 0 };
    const problems: string[] = [];
    let rendered = 0;
    for (const v of variants) {
      const id = `${c.case}/${v.name}`;
      const opts = variantOptions(v);
      const r = renderChart(files, 'chart', opts);
      if (r.error !== undefined) {
        assert.ok(id in NOT_RENDERED, `${id} does not render: ${r.error}`);
        continue;
      }
      rendered++;
      const allowed = new Set(r.filesRead.filter((f) => f.startsWith('chart/') || (opts.valuesFiles ?? []).includes(f)));
      for (const [d, doc] of r.documents.entries()) {
        counts.documents++;
        for (let i = 0; i < doc.text.length; i++) {
          const ch = doc.text.charAt(i);
          if (/\s/.test(ch)) continue;
          counts.characters++;
          const origin = doc.provenance.originAt(i);
          const problem = originProblem(origin, ch, read, allowed, opts.valuesFiles ?? []);
          if (problem !== undefined) {
            if (problems.length < 20) problems.push(`${id} document ${d} offset ${i}: ${problem}`);
            continue;
          }
          counts[origin!.via.kind as 'literal' | 'values' | 'template-action']++;
          if (origin!.callSite) counts.callSite++;
        }
      }
    }
    t.diagnostic(`${c.case}: ${rendered} variants rendered, ${JSON.stringify(counts)}`);
    assert.deepEqual(problems, []);
    assert.equal(rendered, variants.filter((v) => !(`${c.case}/${v.name}` in NOT_RENDERED)).length);
    assert.ok(counts.characters > 0 || rendered === 0, 'rendered variants produce output');
  });
}
