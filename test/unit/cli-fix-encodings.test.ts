import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { dryRunDiff } from '../../server/src/cli/dryRunDiff';
import { cli, inFolder, pod, tree } from './cli-helpers';

const PRIVILEGED = pod('web', { containerExtra: ['privileged: true'] });
const FIXED = pod('web', { containerExtra: ['privileged: false'] });
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

/** The diff of PRIVILEGED's fix (its container's securityContext ends on line 27), as cli-fix.test.ts has it. */
const diffOf = (name: string) =>
  [
    `--- a/${name}`,
    `+++ b/${name}`,
    '@@ -24,7 +24,7 @@',
    '         readOnlyRootFilesystem: true',
    '         capabilities:',
    '           drop: [ALL]',
    '-        privileged: true',
    '+        privileged: false',
    ' ---',
    ' apiVersion: v1',
    ' kind: ServiceAccount',
    '',
  ].join('\n');

/** The name the diff gives a file outside the current folder: its absolute path without the leading `/`. */
const diffName = (file: string) => file.replace(/^\/+/, '');

const wideNote = (name: string, encoding: string) =>
  `${name}: left out of the diff: a ${encoding} file, whose change git apply and patch could not apply (they read a diff as UTF-8 bytes); --fix changes it in ${encoding}`;

test('--fix-dry-run on a UTF-16 file: left out of the diff, a note on stderr, the file unchanged; the same remaining report as --fix', () => {
  const t = tree({});
  try {
    const bytes = Buffer.concat([UTF16LE_BOM, Buffer.from(PRIVILEGED, 'utf16le')]);
    fs.writeFileSync(t.p('utf16.yaml'), bytes);
    const dry = cli('scan', '--no-config', '--fix-dry-run', '--format', 'json', t.p('utf16.yaml'));
    const name = diffName(t.p('utf16.yaml'));
    assert.equal(dry.stdout, '');
    assert.equal(dry.stderr, `kube-guardrails: ${wideNote(name, 'UTF-16LE')}\n`);
    assert.deepEqual(fs.readFileSync(t.p('utf16.yaml')), bytes);
    // --fix writes the same change in UTF-16LE, and both exit on what remains (nothing).
    const fixed = cli('scan', '--no-config', '--fix', '--format', 'json', t.p('utf16.yaml'));
    assert.equal(fixed.stderr, '');
    assert.equal(fixed.code, 0);
    assert.equal(dry.code, fixed.code);
    assert.deepEqual(fs.readFileSync(t.p('utf16.yaml')), Buffer.concat([UTF16LE_BOM, Buffer.from(FIXED, 'utf16le')]));
  } finally {
    t.cleanup();
  }
});

test('--fix-dry-run on a UTF-8 file with a byte order mark: the mark stays on line 1 of the diff, so a hunk there applies to the bytes', () => {
  // Hardened but for hostPID, whose fix is on line 4: its hunk starts on line 1.
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'spec:',
    '  hostPID: true',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    '      securityContext:',
    '        allowPrivilegeEscalation: false',
    '        capabilities:',
    '          drop: [ALL]',
    '        runAsNonRoot: true',
    '        seccompProfile:',
    '          type: RuntimeDefault',
    '        readOnlyRootFilesystem: true',
    '      imagePullPolicy: Always',
    '  automountServiceAccountToken: false',
    'metadata:',
    '  name: web',
    '',
  ].join('\n');
  const t = tree({});
  try {
    fs.writeFileSync(t.p('bom.yaml'), Buffer.concat([BOM, Buffer.from(text)]));
    const dry = cli('scan', '--no-config', '--fix-dry-run', t.p('bom.yaml'));
    const name = diffName(t.p('bom.yaml'));
    assert.equal(
      dry.stdout,
      [
        `--- a/${name}`,
        `+++ b/${name}`,
        '@@ -1,7 +1,7 @@',
        ' \uFEFFapiVersion: v1',
        ' kind: Pod',
        ' spec:',
        '-  hostPID: true',
        '+  hostPID: false',
        '   containers:',
        '     - name: app',
        '       image: nginx:1.27',
        '',
      ].join('\n'),
    );
    assert.equal(dry.stderr, '');
    assert.equal(dry.code, 0);
  } finally {
    t.cleanup();
  }
});

test('dryRunDiff leaves UTF-16 and UTF-32 files out, naming their encoding; a UTF-8 file without a mark has its diff and no note', () => {
  const edits = [{ start: 0, end: 1, newText: 'b' }];
  const cases: Array<[number[], string | undefined]> = [
    [[0xfe, 0xff], 'UTF-16BE'],
    [[0xff, 0xfe], 'UTF-16LE'],
    [[0xff, 0xfe, 0x00, 0x00], 'UTF-32LE'],
    [[0x00, 0x00, 0xfe, 0xff], 'UTF-32BE'],
    [[0x61], undefined],
  ];
  for (const [bytes, encoding] of cases) {
    const { diff, note } = dryRunDiff({ file: '/x/a.yaml', bytes: Uint8Array.from(bytes), text: 'a\n', edits });
    assert.equal(diff, encoding ? '' : '--- a/x/a.yaml\n+++ b/x/a.yaml\n@@ -1 +1 @@\n-a\n+b\n');
    assert.equal(note, encoding && wideNote('x/a.yaml', encoding));
  }
});

test('--fix-dry-run | git apply: with a UTF-16 file among them, the diff applies and makes the UTF-8 files what --fix makes them', () => {
  const utf16 = Buffer.concat([UTF16LE_BOM, Buffer.from(PRIVILEGED, 'utf16le')]);
  const t = tree({ 'a.yaml': PRIVILEGED, 'c.yaml': PRIVILEGED });
  try {
    fs.writeFileSync(t.p('b.yaml'), utf16);
    inFolder(t.root, () => {
      const dry = cli('scan', '--no-config', '--fix-dry-run', '.');
      assert.equal(dry.stdout, diffOf('a.yaml') + diffOf('c.yaml'));
      assert.equal(dry.stderr, `kube-guardrails: ${wideNote('b.yaml', 'UTF-16LE')}\n`);
      const git = (...args: string[]) => spawnSync('git', ['apply', ...args], { cwd: t.root, input: dry.stdout, encoding: 'utf8' });
      const check = git('--check');
      assert.deepEqual([check.status, check.stderr], [0, '']);
      assert.equal(git().status, 0);
    });
    assert.equal(fs.readFileSync(t.p('a.yaml'), 'utf8'), FIXED);
    assert.equal(fs.readFileSync(t.p('c.yaml'), 'utf8'), FIXED);
    assert.deepEqual(fs.readFileSync(t.p('b.yaml')), utf16);
  } finally {
    t.cleanup();
  }
});
