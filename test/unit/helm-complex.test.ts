/**
 * Go's imaginary and complex constants in templates (`1i`, `1+2i`): complex128 values printed
 * as Go's fmt prints them. Every expected text is `helm template`'s (v4.1.4) for the same template.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function render(expression: string) {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/templates/x.yaml': `x: "${expression}"\n`,
  });
  return renderChart(files, 'c', { releaseName: 'rel' });
}

function printed(expression: string): string {
  const r = render(expression);
  assert.equal(r.error, undefined, r.error);
  return r.output.replace(/^---\n# Source: chart\/templates\/x\.yaml\nx: "/, '').replace(/"\n$/, '');
}

test('imaginary literals and complex constants print as (re+imi), of type complex128', () => {
  assert.equal(
    printed('{{ 1i }} {{ 0i }} {{ 1+2i }} {{ 1.5-2.5i }} {{ -1-1i }} {{ +1i }} {{ .5i }}'),
    '(0+1i) (0+0i) (1+2i) (1.5-2.5i) (-1-1i) (0+1i) (0+0.5i)',
  );
  assert.equal(
    printed('{{ 1e21i }} {{ 0x1p-2i }} {{ 1_0i }} {{ 01i }} {{ 1e-2i }} {{ 1e2+1e-2i }}'),
    '(0+1e+21i) (0+0.25i) (0+10i) (0+1i) (0+0.01i) (100+0.01i)',
  );
  assert.equal(
    printed('{{ typeOf 1i }} {{ kindOf 1i }} {{ printf "%v %T %s" 2i 2i 2i }}'),
    'complex128 complex128 (0+2i) complex128 %!s(complex128=(0+2i))',
  );
  assert.equal(
    printed('{{ eq 1i 1i }} {{ eq 1i 2i }} {{ if 0i }}t{{ else }}f{{ end }} {{ 1i | toString }} {{ list 1i 2 }}'),
    'true false f (0+1i) [(0+1i) 2]',
  );
});

test('a sign after a number must start an imaginary part', () => {
  assert.equal(render('{{ 1+2 }}').error, 'parse error at (chart/templates/x.yaml:1): "1+2"');
  assert.equal(render('{{ 1+2j }}').error, 'parse error at (chart/templates/x.yaml:1): "1+2j"');
  assert.equal(render('{{ 1+i }}').error, 'parse error at (chart/templates/x.yaml:1): syntax error scanning complex number');
  assert.equal(printed('{{ 1e+2 }}'), '100');
});

test('a negative zero imaginary part prints with its sign only, as Go does: (0-0i)', () => {
  assert.equal(printed('{{ -0i }} {{ 1-0i }} {{ printf "%v" -0i }}'), '(0-0i) (1-0i) (0-0i)');
});
