/**
 * Templates that once crashed the renderer with a JavaScript RangeError: each is now an error
 * with the template's position (or renders), never a stack trace. Expected texts are helm's
 * (v4.1.4) for the same one-file chart, except where noted.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function render(template: string) {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/values.yaml': '',
    'c/templates/x.yaml': template,
  });
  return renderChart(files, 'c', { releaseName: 'rel' });
}

const INVALID = 'parse error at (chart/templates/x.yaml:1): invalid syntax';

test('string and rune escapes as strconv.Unquote: a bad one is "invalid syntax", never a RangeError', () => {
  for (const bad of [
    'v: {{ print "\\x" }}',
    "v: {{ print '\\x4' }}",
    'v: {{ print "\\u004" }}',
    'v: {{ print "\\U00110000" }}',
    'v: {{ print "\\uD800" }}',
    'v: {{ print "\\400" }}',
    "v: {{ print '\\400' }}",
    'v: {{ print "\\0" }}',
    'v: {{ print "\\\'" }}',
    "v: {{ print '\\\"' }}",
  ]) {
    assert.equal(render(bad).error, INVALID, bad);
  }
  assert.equal(render('v: {{ print "\\x41\\101\\u0041\\U0001F600" }}').output, '---\n# Source: chart/templates/x.yaml\nv: AAA\u{1F600}\n');
  assert.equal(render("v: {{ print '\\'' '\\377' }}").output, '---\n# Source: chart/templates/x.yaml\nv: 39 255\n');
});

test('printf %c and %q of an integer that is no rune print U+FFFD as Go does (not a nesting error)', () => {
  assert.equal(render('v: {{ printf "%c" -1 }}').output, '---\n# Source: chart/templates/x.yaml\nv: \ufffd\n');
  assert.equal(render('v: {{ printf "%q" 1114112 }}').output, "---\n# Source: chart/templates/x.yaml\nv: '\ufffd'\n");
  assert.equal(render('v: {{ printf "%c|%q" 55296 65 }}').output, "---\n# Source: chart/templates/x.yaml\nv: \ufffd|'A'\n");
});

test('nesting deeper than the JavaScript stack is an error naming the template, never a crash (helm renders it)', () => {
  // Helm renders both; ours cannot parse so deep and says so (and Go's own cap, 10,000 parentheses, lies beyond).
  const parens = render('v: {{ ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + ' }}');
  assert.equal(parens.error, 'parse error at (chart/templates/x.yaml): template nested too deeply to parse');
  assert.deepEqual(
    parens.problems.map((p) => p.origin?.file),
    ['c/templates/x.yaml'],
  );
  const ifs = render('v: ' + '{{ if 1 }}'.repeat(20000) + 'x' + '{{ end }}'.repeat(20000));
  assert.equal(ifs.error, 'parse error at (chart/templates/x.yaml): template nested too deeply to parse');
  // As deep as real charts go, and far deeper: rendered as helm renders it.
  assert.equal(
    render('v: ' + '{{ if 1 }}'.repeat(500) + 'x' + '{{ end }}'.repeat(500)).output,
    '---\n# Source: chart/templates/x.yaml\nv: x\n',
  );
  assert.equal(render('v: {{ ' + '('.repeat(500) + '1' + ')'.repeat(500) + ' }}').output, '---\n# Source: chart/templates/x.yaml\nv: 1\n');
});
