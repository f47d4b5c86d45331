import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { sniffKind, splitDocuments } from '../../server/src/core/yaml/chunks';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { yaml } from '../helpers';

/**
 * YAML 1.2 line breaks are LF, CRLF and a lone CR. A manifest written with lone CRs (or a
 * mix) is analysed like its LF twin, with ranges into the original text, and edits keep the
 * file's own line break.
 */
const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext:',
  '      privileged: true',
);
const withBreaks = (text: string, breaks: string[]) =>
  text
    .split('\n')
    .map((l, i, all) => l + (i < all.length - 1 ? breaks[i % breaks.length] : ''))
    .join('');

function privileged(text: string): Array<{ at: string; line: number; character: number }> {
  const lines = new LineIndex(text);
  return analyzeText(text, DEFAULT_OPTIONS)
    .findings.filter((f) => f.ruleId === 'pss-privileged')
    .map((f) => ({ at: text.slice(f.range.start, f.range.end), ...lines.positionAt(f.range.start) }));
}

test('a privileged Pod with lone-CR line endings gets its finding at the right range', () => {
  const cr = POD.replace(/\n/g, '\r');
  assert.deepEqual(privileged(cr), [{ at: 'privileged: true', line: 9, character: 6 }]);
  const r = analyzeText(cr, DEFAULT_OPTIONS);
  assert.deepEqual(r.ruleFailures, []);
  assert.deepEqual(
    r.findings.filter((f) => f.ruleId === 'yaml-syntax'),
    [],
  );
});

test('mixed LF, CRLF and lone-CR line endings are analysed like LF', () => {
  const lf = analyzeText(POD, DEFAULT_OPTIONS).findings.map((f) => f.ruleId);
  for (const breaks of [
    ['\n', '\r'],
    ['\r\n', '\r', '\n'],
    ['\r', '\r\n'],
  ]) {
    const text = withBreaks(POD, breaks);
    assert.deepEqual(privileged(text), [{ at: 'privileged: true', line: 9, character: 6 }], JSON.stringify(breaks));
    assert.deepEqual(
      analyzeText(text, DEFAULT_OPTIONS).findings.map((f) => f.ruleId),
      lf,
      JSON.stringify(breaks),
    );
  }
});

test('the --- splitter and the kind sniffer see lone-CR lines', () => {
  const two = (POD + '---\n' + POD.replace('name: p', 'name: q')).replace(/\n/g, '\r');
  assert.equal(splitDocuments(two)?.length, 2);
  assert.deepEqual(sniffKind('apiVersion: v1\rkind: ConfigMap\rdata: {}\r'), { apiVersion: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(
    privileged(two).map((p) => p.line),
    [9, 20],
  );
});

test('a fix inserting lines into a lone-CR file uses lone CRs', () => {
  const cr = POD.replace(/\n/g, '\r');
  const reanalyse = (t: string) => analyzeText(t, DEFAULT_OPTIONS);
  const first = reanalyse(cr);
  const f = first.findings.find((x) => x.ruleId === 'pss-allow-privilege-escalation')!;
  const edits = computeFix(first, f, reanalyse)!;
  assert.ok(edits.length > 0);
  const after = applyEdits(cr, edits);
  assert.equal(after.includes('\n'), false, 'no LF was introduced');
  assert.match(after, /\r {6}allowPrivilegeEscalation: false\r/);
  assert.deepEqual(
    reanalyse(after).findings.filter((x) => x.ruleId === 'pss-allow-privilege-escalation'),
    [],
  );
});
