/**
 * Packaged subcharts (`charts/*.tgz`): rendered exactly as the same chart in a directory, and
 * hostile archives (path traversal, absolute paths, gzip bombs, too many entries, truncation)
 * refused with a problem, never a crash or an unbounded allocation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_ARCHIVE_ENTRIES, readChartArchive } from '../../server/src/core/sources/helm/helm/archive';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import type { SourceFiles } from '../../server/src/core/sources/types';
import { SHARED } from '../helpers';
import { dirFiles, memFiles } from './helm-files';
import { packDir, tar, tarGz, type TarEntry } from './tar-helper';

const PROMETHEUS = path.join(SHARED, 'corpus', 'helm', 'prometheus');

/** `base` with the directory `charts/<dir>` replaced by the archive `charts/<archiveName>`. */
function withArchive(base: SourceFiles, chartsDir: string, dir: string, archiveName: string, bytes: Uint8Array): SourceFiles {
  const archivePath = `${chartsDir}/${archiveName}`;
  return {
    read: (f) => (f === archivePath || f.startsWith(`${chartsDir}/${dir}/`) ? undefined : base.read(f)),
    readBytes: (f) => (f === archivePath ? bytes : undefined),
    list: (d) => (d === chartsDir ? base.list(d)?.map((e) => (e === dir ? archiveName : e)) : base.list(d)),
    isDirectory: (p) => p !== archivePath && base.isDirectory(p),
  };
}

const PROM_OPTS = { releaseName: 'rel', namespace: 'ns1', kubeVersion: '1.33' };

test('a packaged subchart renders byte-identical to helm template (prometheus with kube-state-metrics-8.4.0.tgz)', () => {
  const bytes = packDir(path.join(PROMETHEUS, 'chart', 'charts', 'kube-state-metrics'), 'kube-state-metrics');
  const files = withArchive(dirFiles(PROMETHEUS), 'chart/charts', 'kube-state-metrics', 'kube-state-metrics-8.4.0.tgz', bytes);
  const r = renderChart(files, 'chart', PROM_OPTS);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.problems, []);
  assert.equal(r.output, fs.readFileSync(path.join(PROMETHEUS, 'expected', 'default.yaml'), 'utf8'));
  assert.ok(r.filesRead.includes('chart/charts/kube-state-metrics-8.4.0.tgz'));
  const ksm = r.output.split('\n').filter((l) => l.startsWith('# Source: prometheus/charts/kube-state-metrics/'));
  assert.equal(ksm.length, 5);
});

test('nested archives: a packaged chart whose own charts/ holds a .tgz', () => {
  const leaf = tarGz([
    { name: 'leaf/Chart.yaml', data: 'apiVersion: v2\nname: leaf\nversion: 0.1.0\n' },
    { name: 'leaf/values.yaml', data: 'msg: from-leaf\n' },
    { name: 'leaf/templates/cm.yaml', data: 'kind: ConfigMap\nmsg: {{ .Values.msg }} {{ .Chart.Name }} {{ .Files.Get "data.txt" }}\n' },
    { name: 'leaf/data.txt', data: 'file-text' },
  ]);
  const mid = tarGz([
    { name: 'mid/', type: '5' },
    { name: 'mid/Chart.yaml', data: 'apiVersion: v2\nname: mid\nversion: 0.1.0\n' },
    { name: 'mid/charts/leaf-0.1.0.tgz', data: leaf },
  ]);
  const base = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n',
    'c/values.yaml': 'mid:\n  leaf:\n    msg: from-top\n',
    'c/charts/.keep': '',
  });
  const files: SourceFiles = {
    ...base,
    list: (d) => (d === 'c/charts' ? ['mid-0.1.0.tgz'] : base.list(d)),
    readBytes: (f) => (f === 'c/charts/mid-0.1.0.tgz' ? mid : undefined),
  };
  const r = renderChart(files, 'c', PROM_OPTS);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.problems, []);
  assert.equal(r.output, '---\n# Source: top/charts/mid/charts/leaf/templates/cm.yaml\nkind: ConfigMap\nmsg: from-top leaf file-text\n');
});

function refusal(entries: TarEntry[]): string {
  try {
    readChartArchive(tarGz(entries));
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
}

test("hostile archives are refused with Helm's message: traversal, absolute paths, drive letters, Chart.yaml at the top", () => {
  assert.equal(refusal([{ name: 'c/../../etc/passwd', data: 'x' }]), 'chart illegally references parent directory');
  assert.equal(refusal([{ name: 'c//etc/passwd', data: 'x' }]), 'chart illegally contains absolute paths');
  assert.equal(refusal([{ name: 'c/C:/x', data: 'x' }]), 'chart contains illegally named files');
  assert.equal(refusal([{ name: 'Chart.yaml', data: 'x' }]), 'chart yaml not in base directory');
  assert.equal(refusal([{ name: 'c', data: 'x' }]), 'chart illegally contains content outside the base directory: "c"');
  assert.equal(refusal([{ name: 'c/', type: '5' }]), 'no files in chart archive');
  // A PAX header's path replaces the header name, as Go's archive/tar reads it.
  assert.equal(
    refusal([
      { name: 'pax', type: 'x', data: '24 path=c/../../evil.txt\n' },
      { name: 'c/ok.txt', data: 'x' },
    ]),
    'chart illegally references parent directory',
  );
  // `..` that stays inside the chart is cleaned, as path.Clean does.
  assert.deepEqual([...readChartArchive(tarGz([{ name: 'c/a/../b.txt', data: 'x' }])).keys()], ['b.txt']);
});

test('hostile archives are bounded: gzip bomb, oversized file, too many entries, truncation, not gzip', { timeout: 60_000 }, () => {
  // 101 MiB of zeros compresses to ~100 KiB: refused while decompressing, never fully allocated.
  const bomb = gzipSync(Buffer.alloc(101 * 1024 * 1024), { level: 9 });
  assert.throws(() => readChartArchive(bomb), { message: 'decompressed chart is larger than the maximum size 104857600' });
  assert.equal(
    refusal([{ name: 'c/big.bin', data: Buffer.alloc(5 * 1024 * 1024 + 1) }]),
    'decompressed chart file "big.bin" is larger than the maximum file size 5242880',
  );
  const many = Array.from({ length: MAX_ARCHIVE_ENTRIES + 1 }, (_, i) => ({ name: `c/f${i}` }));
  assert.equal(refusal(many), `archive has more than ${MAX_ARCHIVE_ENTRIES} entries`);
  assert.throws(() => readChartArchive(gzipSync(tar([{ name: 'c/x', data: 'abc', size: 4096 }]).subarray(0, 1024))), {
    message: 'archive is truncated',
  });
  assert.throws(() => readChartArchive(Buffer.from('not gzip at all')), /^Error: not a gzip archive: /);
});

test('a broken packaged subchart is a build problem at the archive, the parent still renders', () => {
  const base = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n',
    'c/templates/a.yaml': 'kind: ConfigMap\n',
  });
  const files: SourceFiles = {
    ...base,
    list: (d) => (d === 'c/charts' ? ['bad-1.0.0.tgz'] : base.list(d)),
    readBytes: (f) => (f === 'c/charts/bad-1.0.0.tgz' ? tarGz([{ name: 'bad/../../x', data: 'x' }]) : undefined),
  };
  const r = renderChart(files, 'c', PROM_OPTS);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.problems, [
    {
      message: 'c/charts/bad-1.0.0.tgz: chart illegally references parent directory',
      origin: { file: 'c/charts/bad-1.0.0.tgz', range: { start: 0, end: 0 }, via: { kind: 'literal' } },
    },
  ]);
  assert.equal(r.output, '---\n# Source: top/templates/a.yaml\nkind: ConfigMap\n');
});
