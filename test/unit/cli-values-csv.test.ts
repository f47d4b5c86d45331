import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseArgs, type RenderArgs, type ScanArgs } from '../../server/src/cli/args';
import { cli, tree } from './cli-helpers';

/** `--values` is read as helm's string-slice flag reads it: one CSV record (cli/csvFlag.ts). */

test('--values as CSV: commas split, a quoted field is one file, an empty value is none, "" inside quotes is a quote', () => {
  const cases: Array<[string[], string[]]> = [
    [
      ['--values', 'a.yaml,b.yaml'],
      ['a.yaml', 'b.yaml'],
    ],
    [['--values', '"a,b.yaml"'], ['a,b.yaml']],
    [
      ['--values', '"a,b.yaml",c.yaml'],
      ['a,b.yaml', 'c.yaml'],
    ],
    [['--values', ''], []],
    [['--values='], []],
    [['--values', '"say ""hi"".yaml"'], ['say "hi".yaml']],
    [
      ['--values', 'a.yaml,'],
      ['a.yaml', ''],
    ],
    [['--values', ' a.yaml'], [' a.yaml']],
    [
      ['--values', 'a.yaml', '--values', '', '--values', 'b.yaml'],
      ['a.yaml', 'b.yaml'],
    ],
  ];
  for (const [flags, files] of cases) {
    assert.deepEqual((parseArgs(['scan', 'dir', ...flags]) as ScanArgs).valuesFiles, files, flags.join(' '));
    assert.deepEqual((parseArgs(['render', 'dir', ...flags]) as RenderArgs).valuesFiles, files, flags.join(' '));
  }
  assert.deepEqual((parseArgs(['render', 'dir', '-f', '"x,y.yaml"']) as RenderArgs).valuesFiles, ['x,y.yaml']);
});

test('--values with a stray quote is a usage error (exit 2), as helm refuses it', () => {
  for (const [value, why] of [
    ['a"b.yaml', 'bare " in non-quoted-field'],
    ['"a.yaml', 'extraneous or missing " in quoted-field'],
    ['"a"b.yaml', 'extraneous or missing " in quoted-field'],
  ] as const) {
    const r = cli('scan', 'dir', '--values', value);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n')[0], `kube-guardrails: invalid argument ${JSON.stringify(value)} for --values: ${why}`);
  }
});

test("scan --values '' renders with no values file (before, it asked for a file named '' and the chart was not analysed)", () => {
  const t = tree({
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'demo/values.yaml': 'image: nginx:1.27\n',
    'demo/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  image: {{ .Values.image | quote }}\n',
  });
  try {
    const r = cli('scan', '--no-config', '-f', 'json', t.p('demo'), '--values', '');
    assert.deepEqual(JSON.parse(r.stdout).errors, []);
    assert.equal(r.code, 0, r.stderr);
    const plain = cli('render', t.p('demo'));
    assert.ok(plain.stdout.includes('  image: "nginx:1.27"\n'), plain.stdout);
    assert.deepEqual(cli('render', t.p('demo'), '--values', ''), plain);
  } finally {
    t.cleanup();
  }
});
