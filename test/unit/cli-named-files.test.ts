import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cli, tree } from './cli-helpers';
import { withNamedFiles } from '../../server/src/cli/namedFiles';
import { confinedFiles } from '../../server/src/node/confinedFiles';

/**
 * A file named by `--values` or `--set-file` that cannot be read is reported with the real
 * reason, in helm's (Go's) words where it has them, and is read to a size cap: a directory,
 * a file over 8 MiB, bytes that are no UTF-8 text (cli/namedFiles.ts).
 */

function chart() {
  return tree({
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'demo/values.yaml': 'image: nginx:1.27\n',
    'demo/templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: {{ .Values.image | quote }}\n',
    'dir/.keep': '',
  });
}

/** The scan's errors (exit 2 expected) for the chart with these flags. */
function scanErrors(root: string, ...flags: string[]) {
  const r = cli('scan', '--no-config', '-f', 'json', `${root}/demo`, ...flags);
  assert.equal(r.code, 2, r.stderr);
  return (JSON.parse(r.stdout) as { errors: Array<{ file: string; reason: string; message: string }> }).errors;
}

test('a directory named by --set-file or --values: "read X: is a directory" (helm\'s words), in scan and render', () => {
  const t = chart();
  try {
    const dir = t.p('dir');
    const incomplete = (why: string) => [
      { file: t.p('demo/Chart.yaml'), reason: 'build-incomplete', message: `build of ${t.p('demo')} is incomplete: ${why}` },
    ];
    assert.deepEqual(
      scanErrors(t.root, '--set-file', `image=${dir}`),
      incomplete(`failed parsing --set-file data: read ${dir}: is a directory`),
    );
    assert.deepEqual(scanErrors(t.root, '--values', dir), incomplete(`read ${dir}: is a directory`));
    const render = cli('render', t.p('demo'), '--set-file', `image=${dir}`);
    assert.equal(render.code, 2);
    assert.ok(render.stderr.includes(`failed parsing --set-file data: read ${dir}: is a directory`), render.stderr);
    // A missing file keeps helm's message.
    const missing = t.p('nope.txt');
    assert.deepEqual(scanErrors(t.root, '--values', missing), incomplete(`open ${missing}: no such file or directory`));
  } finally {
    t.cleanup();
  }
});

test('a --set-file file over 8 MiB is refused unread past the cap; bytes that are no UTF-8 text are refused, not turned into U+FFFD', () => {
  const t = chart();
  try {
    const big = t.p('big.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 8 * 1024 * 1024 + 1);
    const binary = t.p('binary.bin');
    fs.writeFileSync(binary, Buffer.from([0x6e, 0x67, 0xff, 0xfe, 0x00]));
    const incomplete = (why: string) => [
      {
        file: t.p('demo/Chart.yaml'),
        reason: 'build-incomplete',
        message: `build of ${t.p('demo')} is incomplete: failed parsing --set-file data: ${why}`,
      },
    ];
    assert.deepEqual(
      scanErrors(t.root, '--set-file', `image=${big}`),
      incomplete(`read ${big}: larger than 8 MiB, the most a values file may hold here`),
    );
    assert.deepEqual(
      scanErrors(t.root, '--set-file', `image=${binary}`),
      incomplete(`read ${binary}: not UTF-8 text (helm would pass its bytes on as they are; this renderer cannot)`),
    );
    // The cap itself is read (withNamedFiles with a 4-byte cap): 4 bytes are, 5 are not.
    fs.writeFileSync(t.p('four.txt'), 'abcd');
    fs.writeFileSync(t.p('five.txt'), 'abcde');
    const named = withNamedFiles(confinedFiles(t.p('demo')), [t.p('four.txt'), t.p('five.txt')], 4);
    assert.equal(named.read(t.p('four.txt')), 'abcd');
    assert.equal(named.readError?.(t.p('four.txt')), undefined);
    assert.equal(named.read(t.p('five.txt')), undefined);
    assert.equal(named.readError?.(t.p('five.txt')), `read ${t.p('five.txt')}: larger than 4 bytes, the most a values file may hold here`);
  } finally {
    t.cleanup();
  }
});
