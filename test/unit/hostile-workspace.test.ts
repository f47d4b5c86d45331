import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { formatStylish } from '../../server/src/cli/format/stylish';
import type { Finding } from '../../server/src/core/engine/finding';
import { escapeControl, MAX_MESSAGE_CHARS, redactCredentials, safeMessage } from '../../server/src/core/display';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { yaml } from '../helpers';
import { TestClient } from '../lsp/harness';
import { cli, tree } from './cli-helpers';

/**
 * A repository from a stranger (issue #13): nothing outside it is read, and nothing in it
 * can drive the terminal, flood the output or leak credentials through a message.
 */

/** Shaped like YAML keys, so a config loader that read it would echo them as unknown keys. */
const SECRET = 'SENTINEL-root: $6$hash:19000:0:99999:7:::';
const PRIVILEGED = (name: string, image = 'nginx:1.27') =>
  yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '  - name: app',
    `    image: ${image}`,
    '    securityContext:',
    '      privileged: true',
  );

/** A file outside the scanned folder, standing in for /etc/shadow. */
function outsideFile(content: string): { file: string; cleanup: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-outside-')));
  const file = path.join(dir, 'shadow');
  fs.writeFileSync(file, content);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('CLI: a config file linking outside the scanned folder is refused unread, naming the file', () => {
  const secret = outsideFile(`${SECRET}\nAPI_TOKEN: SENTINEL-TOKEN\n`);
  const t = tree({ 'pod.yaml': PRIVILEGED('web') });
  try {
    fs.symlinkSync(secret.file, t.p('.kube-guardrails.yaml'));
    const r = cli('scan', t.root);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.includes('SENTINEL'), false, 'nothing of the target is echoed');
    assert.equal(r.stdout.includes('SENTINEL'), false);
    assert.match(
      r.stderr,
      new RegExp(
        `${t.p('.kube-guardrails.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} leads outside the workspace through a symbolic link; it is not read`,
      ),
    );
    // A link to a file inside the scanned folder is fine (a shared config kept elsewhere in the repo).
    fs.rmSync(t.p('.kube-guardrails.yaml'));
    fs.mkdirSync(t.p('conf'));
    fs.writeFileSync(t.p('conf/kg.yaml'), 'rules:\n  pss-privileged: off\n');
    fs.symlinkSync(t.p('conf/kg.yaml'), t.p('.kube-guardrails.yaml'));
    const ok = cli('scan', '--format', 'json', t.root);
    assert.equal(ok.stderr, '');
    assert.equal(
      (JSON.parse(ok.stdout).findings as Array<{ ruleId: string }>).some((x) => x.ruleId === 'pss-privileged'),
      false,
    );
  } finally {
    t.cleanup();
    secret.cleanup();
  }
});

test('CLI walk: a linked manifest leading outside the scanned folder is reported and not read; one inside is scanned', () => {
  const outside = outsideFile(PRIVILEGED('outside'));
  const t = tree({ 'real/pod.yaml': PRIVILEGED('inside') });
  try {
    fs.symlinkSync(outside.file, t.p('evil.yaml'));
    fs.symlinkSync(t.p('real/pod.yaml'), t.p('alias.yaml'));
    const r = cli('scan', '--format', 'json', t.root);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout) as { findings: Array<{ file: string; ruleId: string }> };
    const privileged = report.findings.filter((f) => f.ruleId === 'pss-privileged').map((f) => path.relative(t.root, f.file));
    assert.deepEqual(privileged, ['alias.yaml', path.join('real', 'pod.yaml')]);
    assert.equal(r.stdout.includes('"outside"'), false);
    assert.equal(r.stderr, `kube-guardrails: ${t.p('evil.yaml')} leads outside the workspace through a symbolic link; it is not read\n`);
  } finally {
    t.cleanup();
    outside.cleanup();
  }
});

test('LSP: a config file linking outside the workspace folder gets one error on it and is not read', { timeout: 20000 }, async () => {
  const secret = outsideFile(`${SECRET}\nAPI_TOKEN: SENTINEL-TOKEN\n`);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-')));
  const configFile = path.join(dir, '.kube-guardrails.yaml');
  fs.symlinkSync(secret.file, configFile);
  const c = new TestClient();
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    const uri = pathToFileURL(path.join(dir, 'pod.yaml')).toString();
    const ds = await c.openOwn(uri, PRIVILEGED('web'));
    assert.ok(
      ds.some((d) => d.code === 'pss-privileged'),
      'the defaults apply',
    );
    const problems = await c.diagnostics(pathToFileURL(configFile).toString());
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.message]),
      [
        [
          'config-unreadable',
          DiagnosticSeverity.Error,
          `${configFile} leads outside the workspace through a symbolic link; it is not read`,
        ],
      ],
    );
    assert.equal(JSON.stringify(problems).includes('SENTINEL'), false);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    secret.cleanup();
  }
});

test('stylish output escapes control characters in values and file names', () => {
  const t = tree({ 'evil\nname.yaml': PRIVILEGED('"x\\u001b]0;owned\\u0007\\u001b[2J"') });
  try {
    const r = cli('scan', t.root);
    assert.equal(r.code, 1);
    // The only control character printed is the line feed ending each line (no colours: not a TTY).
    // eslint-disable-next-line no-control-regex -- the assertion is about control characters
    assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const heading = r.stdout.split('\n')[0];
    assert.equal(heading, `${t.root}${path.sep}evil\\nname.yaml`);
    assert.match(r.stdout, /Container "app" of Pod "x\\x1b\]0;owned\\x07\\x1b\[2J" /);
  } finally {
    t.cleanup();
  }
});

test('a 1 MB name is cut with an ellipsis: the output stays small', () => {
  const t = tree({ 'pod.yaml': PRIVILEGED('n'.repeat(1_000_000)), 'short/pod.yaml': PRIVILEGED('n') });
  try {
    for (const format of ['stylish', 'json', 'sarif']) {
      const r = cli('scan', '--format', format, t.p('pod.yaml'));
      const short = cli('scan', '--format', format, t.p('short/pod.yaml'));
      assert.equal(r.code, 1);
      // 15 findings each quote the name: at most about 350 characters more each (SARIF also names the object).
      assert.ok(
        r.stdout.length < short.stdout.length + 15 * 350,
        `${format}: ${r.stdout.length} chars, ${short.stdout.length} for a short name`,
      );
      assert.match(r.stdout, /Pod \\?"n{70,80}…n{20,30}\\?"/);
    }
  } finally {
    t.cleanup();
  }
});

test('credentials in image references are redacted in every output; digests are kept', () => {
  const t = tree({ 'pod.yaml': PRIVILEGED('web', 'deploy:SENTINEL-PW@registry.example.com/app:latest') });
  try {
    for (const format of ['stylish', 'json', 'sarif']) {
      const r = cli('scan', '--format', format, t.root);
      assert.equal(r.stdout.includes('SENTINEL-PW'), false, format);
      assert.match(r.stdout, /pulls \\?"\*\*\*@registry\.example\.com\/app:latest\\?"/, format);
    }
  } finally {
    t.cleanup();
  }
  assert.equal(redactCredentials('image "https://bot:tok@git.example.com/x" and "u@h"'), 'image "https://***@git.example.com/x" and "u@h"');
  assert.equal(redactCredentials('image "nginx:1.27@sha256:0123456789abcdef"'), 'image "nginx:1.27@sha256:0123456789abcdef"');
  assert.equal(redactCredentials('image "registry.io/app:1@sha256:0123456789abcdef"'), 'image "registry.io/app:1@sha256:0123456789abcdef"');
});

test('safeMessage: escapes C0, C1, DEL, separators and bidi overrides; bounds the whole message', () => {
  assert.equal(escapeControl('a\u001b[2Jb\nc\rd\te\u007ff\u0085g\u2028h\u202ei'), 'a\\x1b[2Jb\\nc\\rd\\te\\x7ff\\x85g\\u2028h\\u202ei');
  const words = Array.from({ length: 500 }, () => 'word').join(' ');
  const m = safeMessage(words);
  assert.equal(m.length, MAX_MESSAGE_CHARS);
  assert.ok(m.includes('…'));
});

test('stylish output of 300,000 findings does not overflow the stack', () => {
  const text = 'a: 1\n';
  const finding: Finding = {
    ruleId: 'pss-privileged',
    severity: 'error',
    message: 'm',
    range: { start: 0, end: 1 },
    object: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
    documentIndex: 0,
  };
  const findings = Array.from({ length: 300_000 }, () => finding);
  const out = formatStylish({ files: [{ file: 'f.yaml', lines: new LineIndex(text), findings }], errors: [] });
  assert.ok(out.endsWith('300000 problems (300000 errors, 0 warnings, 0 info) in 1 file.\n'));
});
