import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cli, tree } from './cli-helpers';
import { parseArgs, type RenderArgs, type ScanArgs } from '../../server/src/cli/args';
import { pickValuesFlags } from '../../server/src/cli/valuesFlags';

/** `scan` takes every values flag `render` takes, parsed by the same code (cli/valuesFlags.ts). */

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  valuesPath?: string;
}

const POD_TEMPLATE = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '    - name: app',
  '      image: {{ .Values.image | quote }}',
  '      securityContext:',
  '        {{- toYaml .Values.securityContext | nindent 8 }}',
  '',
].join('\n');

function chart(extra: Record<string, string> = {}) {
  return tree({
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'demo/values.yaml': 'image: nginx:1.27\nsecurityContext: {}\n',
    'demo/templates/pod.yaml': POD_TEMPLATE,
    ...extra,
  });
}

/** The scan's findings of `ruleId` as `file:line:col-line:col valuesPath message`, and its errors. */
function scanFor(ruleId: string, root: string, ...flags: string[]) {
  const r = cli('scan', '--no-config', '-f', 'json', `${root}/demo`, ...flags);
  const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; errors: Array<{ file?: string; reason: string; message: string }> };
  const found = report.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => {
      const { start, end } = f.range;
      const where = `${f.file.slice(root.length + 1)}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
      return `${where} ${f.valuesPath ?? '-'} ${f.message.split(`${root}/`).join('')}`;
    });
  return { found, errors: report.errors, stderr: r.stderr };
}

const LATEST_ON_TEMPLATE =
  'demo/templates/pod.yaml:8:7-8:41 - Container "app" of Pod "web": image "nginx:latest" uses the mutable latest tag. (Pod "web" built by demo)';

test('scan --set, --set-string, --set-json, --set-file and --set-literal each reach the render: the finding on the template line', () => {
  const t = chart({ 'image.txt': 'nginx:latest' });
  try {
    assert.deepEqual(scanFor('image-tag-latest', t.root).found, []);
    for (const flags of [
      ['--set', 'image=nginx:latest'],
      ['--set-string', 'image=nginx:latest'],
      ['--set-json', 'image="nginx:latest"'],
      // A file the user names, outside the scanned folder: read where it is, as render reads it.
      ['--set-file', `image=${t.p('image.txt')}`],
      ['--set-literal=image=nginx:latest'],
    ]) {
      const r = scanFor('image-tag-latest', t.root, ...flags);
      assert.deepEqual(r, { found: [LATEST_ON_TEMPLATE], errors: [], stderr: '' }, flags.join(' '));
    }
  } finally {
    t.cleanup();
  }
});

test('scan values flags keep their helm types: --set true is a boolean, --set-string "true" a string, --set-json an object', () => {
  const t = chart();
  try {
    const privileged = 'demo/templates/pod.yaml:10:9-10:58 - Container "app" of Pod "web" is privileged. (Pod "web" built by demo)';
    assert.deepEqual(scanFor('pss-privileged', t.root, '--set', 'securityContext.privileged=true').found, [privileged]);
    assert.deepEqual(scanFor('pss-privileged', t.root, '--set-string', 'securityContext.privileged=true').found, []);
    assert.deepEqual(scanFor('pss-privileged', t.root, '--set-json', 'securityContext={"privileged":true}').found, [privileged]);
    // Applied in helm's order: --set-string after --set, whatever the command line's order.
    assert.deepEqual(
      scanFor('pss-privileged', t.root, '--set-string', 'securityContext.privileged=true', '--set', 'securityContext.privileged=true')
        .found,
      [],
    );
  } finally {
    t.cleanup();
  }
});

test("scan --set-file naming a missing file: the chart is not analysed, with helm's message (exit 2)", () => {
  const t = chart();
  try {
    const missing = t.p('nope.txt');
    const r = scanFor('image-tag-latest', t.root, '--set-file', `image=${missing}`);
    assert.deepEqual(r.errors, [
      {
        file: t.p('demo/Chart.yaml'),
        reason: 'build-incomplete',
        message: `build of ${t.p('demo')} is incomplete: failed parsing --set-file data: open ${missing}: no such file or directory`,
      },
    ]);
    assert.equal(cli('scan', '--no-config', t.p('demo'), '--set-file', `image=${missing}`).code, 2);
  } finally {
    t.cleanup();
  }
});

test('scan --output refuses a --set-file file: the scan read it', () => {
  const t = chart({ 'image.txt': 'nginx:latest' });
  try {
    const target = t.p('image.txt');
    assert.deepEqual(cli('scan', '--no-config', t.p('demo'), '--set-file', `image=${target}`, '-o', target), {
      code: 2,
      stdout: '',
      stderr: `kube-guardrails: --output ${target}: is one of the scanned files; the report would overwrite it\n`,
    });
    assert.equal(fs.readFileSync(target, 'utf8'), 'nginx:latest');
  } finally {
    t.cleanup();
  }
});

test('scan and render parse the values flags alike (--values split at commas as helm does; render alone has -f)', () => {
  const flags = [
    '--values',
    'a.yaml,b.yaml',
    '--set',
    'a=1',
    '--set-string=b=2',
    '--set-json',
    'c={}',
    '--set-file',
    'd=x.txt',
    '--set-literal',
    'e=a,b',
  ];
  const scan = parseArgs(['scan', 'dir', ...flags]) as ScanArgs;
  const render = parseArgs(['render', 'dir', ...flags]) as RenderArgs;
  const expected = {
    valuesFiles: ['a.yaml', 'b.yaml'],
    set: ['a=1'],
    setString: ['b=2'],
    setJson: ['c={}'],
    setFile: ['d=x.txt'],
    setLiteral: ['e=a,b'],
  };
  assert.deepEqual(pickValuesFlags(scan), expected);
  assert.deepEqual(pickValuesFlags(render), expected);
  assert.deepEqual((parseArgs(['render', 'dir', '-f', 'v.yaml']) as RenderArgs).valuesFiles, ['v.yaml']);
  assert.equal((parseArgs(['scan', 'dir', '-f', 'json']) as ScanArgs).format, 'json');
});
