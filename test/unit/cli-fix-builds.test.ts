import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers';
import { cli, inFolder, tree } from './cli-helpers';

/** `scan --fix` in the parts of builds: the fix lands in the file that wrote the value, verified by rebuilding. */

test('--fix in a Kustomize overlay edits the patch that wrote the value, verified by rebuilding; the base is untouched', () => {
  const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'overlay-privileged');
  const read = (rel: string) => fs.readFileSync(path.join(fixture, rel), 'utf8');
  const files = ['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/replicas.yaml'];
  const t = tree(Object.fromEntries(files.map((f) => [f, read(f)])));
  try {
    const dry = inFolder(t.root, () => cli('scan', '--no-config', '--fix-dry-run', '.'));
    assert.equal(
      dry.stdout,
      [
        '--- a/overlays/prod/replicas.yaml',
        '+++ b/overlays/prod/replicas.yaml',
        '@@ -9,4 +9,4 @@',
        '       containers:',
        '         - name: web',
        '           securityContext:',
        '-            privileged: true',
        '+            privileged: false',
        '',
      ].join('\n'),
    );
    const r = cli('scan', '--no-config', '--fix', '-f', 'json', t.root);
    assert.equal(r.code, 0);
    const remaining = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string }> }).findings;
    assert.deepEqual(
      remaining.map((f) => `${f.ruleId} ${path.relative(t.root, f.file)}`),
      [
        'netpol-default-deny base/deployment.yaml',
        'netpol-egress-isolation base/deployment.yaml',
        'netpol-ingress-isolation base/deployment.yaml',
        'default-service-account base/deployment.yaml',
      ],
    );
    assert.equal(
      fs.readFileSync(t.p('overlays/prod/replicas.yaml'), 'utf8'),
      read('overlays/prod/replicas.yaml').replace('privileged: true', 'privileged: false'),
    );
    for (const f of files.filter((x) => x !== 'overlays/prod/replicas.yaml')) assert.equal(fs.readFileSync(t.p(f), 'utf8'), read(f), f);
  } finally {
    t.cleanup();
  }
});

test('--fix in a Helm chart edits values.yaml, where the rendered value came from', () => {
  const template = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: {{ .Release.Name }}-app',
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: {{ .Values.image }}',
    '      securityContext:',
    '        {{- toYaml .Values.securityContext | nindent 8 }}',
    '',
  ].join('\n');
  const values = '# Values for demo.\nimage: registry.example.com/app:1.2.3\nsecurityContext:\n  privileged: true\n';
  const t = tree({
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'demo/values.yaml': values,
    'demo/templates/pod.yaml': template,
  });
  try {
    const r = cli('scan', '--no-config', '--fix', '-f', 'json', t.root);
    type Found = { ruleId: string; file: string; range: { start: { line: number } } };
    const remaining = (JSON.parse(r.stdout) as { findings: Found[] }).findings;
    // What has no verified fix remains; the keys missing from the map `toYaml .Values.securityContext` renders are added to it.
    assert.deepEqual(
      remaining.map((f) => `${f.ruleId} ${path.relative(t.root, f.file)}:${f.range.start.line + 1}`),
      [
        'netpol-default-deny demo/templates/pod.yaml:4',
        'netpol-egress-isolation demo/templates/pod.yaml:4',
        'netpol-ingress-isolation demo/templates/pod.yaml:4',
        'automount-service-account-token demo/templates/pod.yaml:5',
        'default-service-account demo/templates/pod.yaml:5',
        'cpu-request-missing demo/templates/pod.yaml:7',
        'memory-limit-missing demo/templates/pod.yaml:7',
        'memory-request-missing demo/templates/pod.yaml:7',
      ],
    );
    assert.equal(r.code, 0, 'the one error (pss-privileged) was fixed; warnings remain');
    assert.equal(
      fs.readFileSync(t.p('demo/values.yaml'), 'utf8'),
      values.replace(
        'privileged: true\n',
        [
          'privileged: false',
          '  allowPrivilegeEscalation: false',
          '  capabilities:',
          '    drop:',
          '      - ALL',
          '  runAsNonRoot: true',
          '  seccompProfile:',
          '    type: RuntimeDefault',
          '  readOnlyRootFilesystem: true',
          '',
        ].join('\n'),
      ),
    );
    assert.equal(fs.readFileSync(t.p('demo/templates/pod.yaml'), 'utf8'), template);
  } finally {
    t.cleanup();
  }
});
