/**
 * Issue #17's corpus check: over every variant of ../shared/corpus/helm that renders, every
 * finding on the rendered objects is placed at a position inside a file of that case (never
 * lost, never at an unplaceable spot), and the per-object findings on the in-process render
 * equal, as a multiset of (rule, object), the findings of analysing `helm template`'s own
 * stored output (deterministic variants; random values can change findings otherwise).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { lintFile, type FileScope } from '../../server/src/core/lint';
import { lintBuildObjects, PlacedFindings, prepareBuild } from '../../server/src/core/lint/lintBuilds';
import { SourceTexts } from '../../server/src/core/sources/placement';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { dirFiles } from './helm-files';
import { corpusCases, HELM_CORPUS, variantOptions } from './helm-corpus-cases';

const scope: FileScope = { options: DEFAULT_OPTIONS, strict: false };
const key = (f: { ruleId: string; object: { kind: string; namespace?: string | undefined; name?: string | undefined } }) =>
  `${f.ruleId} ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name ?? ''}`;

test(
  'helm corpus: every finding on every render is placed in a file of its chart, and equals the findings on helm template output',
  { timeout: 900_000 },
  () => {
    const counts: string[] = [];
    const mismatches: string[] = [];
    let compared = 0;
    for (const c of corpusCases()) {
      const root = path.join(HELM_CORPUS, c.case);
      const files = dirFiles(root);
      for (const v of c.variants) {
        if (v.exitCode !== 0) continue;
        const options = variantOptions(v);
        const valuesFiles = options.valuesFiles ?? [];
        const result = renderChart(files, 'chart', options);
        if (result.error !== undefined) continue; // named in helm-corpus.test.ts (KNOWN_FAILING)
        const build = prepareBuild(`${c.case}/${v.name}`, 'chart/Chart.yaml', result);
        const placed = new PlacedFindings(new SourceTexts((f) => files.read(f)));
        const notAnalyzed = lintBuildObjects(build, scope, placed, () => undefined);
        assert.deepEqual(
          notAnalyzed.filter((n) => n.item.reason !== 'build-incomplete'),
          [],
          `${c.case}/${v.name}`,
        );
        assert.deepEqual(placed.notAnalyzed, [], `${c.case}/${v.name}: unplaceable findings`);
        const byFile = placed.finish(() => scope, []);
        let n = 0;
        for (const [file, findings] of byFile) {
          const text = files.read(file);
          assert.ok(text !== undefined && (file.startsWith('chart/') || valuesFiles.includes(file)), `${c.case}/${v.name}: ${file}`);
          for (const f of findings)
            assert.ok(f.range.start >= 0 && f.range.end <= text.length, `${c.case}/${v.name}: ${file} ${f.range.start}`);
          n += findings.length;
        }
        counts.push(`${c.case}/${v.name}: ${n}`);
        if (!v.deterministic) continue;
        const own = lintFile(build.built.text, scope).findings.map(key).sort();
        const helm = lintFile(fs.readFileSync(path.join(root, v.expected), 'utf8'), scope)
          .findings.map(key)
          .sort();
        compared++;
        if (JSON.stringify(own) !== JSON.stringify(helm)) mismatches.push(`${c.case}/${v.name}`);
      }
    }
    if (process.env.HELM_FINDINGS_REPORT) console.log(counts.join('\n'));
    assert.deepEqual(mismatches, []);
    assert.ok(compared >= 35, `deterministic variants compared: ${compared}`);
    assert.ok(counts.length >= 50, `variants placed: ${counts.length}`);
  },
);
