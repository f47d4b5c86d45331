import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, pod, tree } from './cli-helpers';

const PRIVILEGED = pod('web', { namespace: 'shop', containerExtra: ['privileged: true'] });

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  range: { start: { line: number; character: number } };
}

function findings(stdout: string): JsonFinding[] {
  return JSON.parse(stdout).findings;
}

test('the nearest .kube-guardrails.yaml above a scanned file applies; --no-config ignores it', () => {
  const t = tree({
    'repo/.kube-guardrails.yaml': 'rules:\n  pss-privileged: warning\n',
    'repo/apps/web/web.yaml': PRIVILEGED,
  });
  try {
    const r = cli('scan', '-f', 'json', t.p('repo/apps'));
    assert.equal(r.stderr, '');
    assert.deepEqual(
      findings(r.stdout).map((f) => [f.ruleId, f.severity]),
      [['pss-privileged', 'warning']],
    );
    assert.equal(r.code, 0, 'a warning does not fail the scan');
    const n = cli('scan', '--no-config', '-f', 'json', t.p('repo/apps'));
    assert.deepEqual(
      findings(n.stdout).map((f) => [f.ruleId, f.severity]),
      [['pss-privileged', 'error']],
    );
    assert.equal(n.code, 1);
  } finally {
    t.cleanup();
  }
});

test('each file uses its own nearest config (a nested config wins for its folder)', () => {
  const t = tree({
    '.kube-guardrails.yaml': 'rules:\n  pss-privileged: info\n',
    'a/web.yaml': PRIVILEGED,
    'b/.kube-guardrails.yml': 'rules:\n  pss-privileged: off\n',
    'b/web.yaml': PRIVILEGED,
  });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.deepEqual(
      findings(r.stdout).map((f) => [f.file, f.severity]),
      [[t.p('a/web.yaml'), 'info']],
    );
    assert.equal(r.code, 0);
  } finally {
    t.cleanup();
  }
});

test('--config uses the given file for every scanned file; a missing one is exit 2', () => {
  const t = tree({
    'elsewhere/strict.yaml': 'rules:\n  pss-privileged: info\n',
    'repo/.kube-guardrails.yaml': 'rules:\n  pss-privileged: off\n',
    'repo/web.yaml': PRIVILEGED,
  });
  try {
    const r = cli('scan', '--config', t.p('elsewhere/strict.yaml'), '-f', 'json', t.p('repo'));
    assert.deepEqual(
      findings(r.stdout).map((f) => [f.ruleId, f.severity]),
      [['pss-privileged', 'info']],
    );
    assert.equal(r.code, 0);
    const m = cli('scan', '--config', t.p('nope.yaml'), t.p('repo'));
    assert.equal(m.code, 2);
    assert.equal(m.stdout, '');
    assert.equal(m.stderr, `kube-guardrails: --config: ${t.p('nope.yaml')}: no such file\n`);
  } finally {
    t.cleanup();
  }
});

test('an invalid config exits 2 before scanning, printing file:line:col messages like the editor', () => {
  const t = tree({
    'repo/.kube-guardrails.yaml': 'profile: strict\nrules:\n  pss-privilegd: off\nexemptions:\n  - rules: [pss-privileged]\n',
    'repo/web.yaml': PRIVILEGED,
  });
  try {
    for (const format of ['stylish', 'json', 'sarif']) {
      const r = cli('scan', '-f', format, t.p('repo'));
      assert.equal(r.code, 2, format);
      assert.equal(r.stdout, '', format);
      const cfg = t.p('repo/.kube-guardrails.yaml');
      assert.equal(
        r.stderr,
        [
          `${cfg}:1:10: error: profile must be one of baseline, restricted, not "strict".`,
          `${cfg}:3:3: warning: Unknown rule id "pss-privilegd" in rules (did you mean "pss-privileged"?); it matches no rule.`,
          `${cfg}:5:5: error: exemptions[0] is missing the required key "reason".`,
          'kube-guardrails: invalid configuration file; fix it or run with --no-config.',
          '',
        ].join('\n'),
        format,
      );
    }
    assert.equal(cli('scan', '--no-config', t.p('repo')).code, 1, '--no-config still scans');
  } finally {
    t.cleanup();
  }
});

test('a YAML syntax error in the config is exit 2 too', () => {
  const t = tree({ '.kube-guardrails.yaml': 'rules: [\n', 'web.yaml': PRIVILEGED });
  try {
    const r = cli('scan', t.root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.kube-guardrails\.yaml:\d+:\d+: error: YAML syntax error: /);
  } finally {
    t.cleanup();
  }
});

test('config warnings go to stderr and the scan goes on', () => {
  const t = tree({ '.kube-guardrails.yaml': 'rules:\n  no-such-rule: off\n', 'web.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `${t.p('.kube-guardrails.yaml')}:2:3: warning: Unknown rule id "no-such-rule" in rules; it matches no rule.\n`);
    assert.deepEqual(
      findings(r.stdout).map((f) => f.ruleId),
      ['pss-privileged'],
    );
  } finally {
    t.cleanup();
  }
});

test('CLI flags override the config file', () => {
  // runAsNonRoot false breaks only the restricted profile.
  const t = tree({
    '.kube-guardrails.yaml': 'profile: baseline\n',
    'web.yaml': pod('web', { namespace: 'shop', containerExtra: ['runAsNonRoot: false'] }),
  });
  try {
    const base = cli('scan', '-f', 'json', t.root);
    assert.deepEqual(
      findings(base.stdout).filter((f) => f.ruleId.startsWith('pss-')),
      [],
    );
    const restricted = cli('scan', '-f', 'json', '--profile', 'restricted', t.root);
    assert.deepEqual(
      findings(restricted.stdout)
        .filter((f) => f.ruleId.startsWith('pss-'))
        .map((f) => f.ruleId),
      ['pss-run-as-non-root'],
    );
  } finally {
    t.cleanup();
  }
});

test('exclude globs skip files relative to the config folder', () => {
  const t = tree({
    'repo/.kube-guardrails.yaml': 'exclude:\n  - vendor/**\n',
    'repo/vendor/upstream.yaml': PRIVILEGED,
    'repo/apps/ok.yaml': pod('ok', { namespace: 'shop' }),
  });
  try {
    const r = cli('scan', t.p('repo'));
    assert.equal(r.stdout, 'No problems found in 1 file.\n');
    assert.equal(r.code, 0);
    // Named explicitly, an excluded file is still excluded (CI often passes file lists).
    assert.equal(cli('scan', t.p('repo/vendor/upstream.yaml')).code, 0);
  } finally {
    t.cleanup();
  }
});

test('exemptions accept matching findings; expired ones stop applying and are reported once', () => {
  const t = tree({
    '.kube-guardrails.yaml': [
      'exemptions:',
      '  - rules: [pss-privileged]',
      '    names: ["legacy-*"]',
      '    reason: legacy agent, INFRA-42',
      '    expires: 2999-12-31',
      '  - rules: [pss-privileged]',
      '    names: [old]',
      '    reason: was temporary',
      '    expires: 2001-01-31',
      '',
    ].join('\n'),
    'legacy.yaml': pod('legacy-agent', { namespace: 'ops', containerExtra: ['privileged: true'] }),
    'old.yaml':
      pod('old', { namespace: 'ops', containerExtra: ['privileged: true'] }) +
      '---\n' +
      pod('old', { namespace: 'ops2', containerExtra: ['privileged: true'] }),
  });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.equal(r.code, 1);
    assert.deepEqual(
      findings(r.stdout).map((f) => [f.file, f.ruleId]),
      [
        [t.p('old.yaml'), 'pss-privileged'],
        [t.p('old.yaml'), 'pss-privileged'],
      ],
    );
    assert.equal(
      r.stderr,
      `${t.p('.kube-guardrails.yaml')}:9:14: warning: exemptions[1] (pss-privileged: "was temporary") expired on 2001-01-31; its findings are reported again. Renew or remove it.\n`,
    );
  } finally {
    t.cleanup();
  }
});

test('inline suppressions apply as in the editor; unused ones are info findings; strict modes ignore them', () => {
  const suppressed = pod('web', {
    namespace: 'shop',
    comment: '# kube-guardrails-disable-next-line pss-privileged -- node agent',
    containerExtra: ['privileged: true'],
  });
  const unused = pod('ok', { namespace: 'shop', comment: '# kube-guardrails-disable-next-line pss-privileged -- nothing here' });
  const t = tree({
    'a/web.yaml': suppressed,
    'b/ok.yaml': unused,
    'c/.kube-guardrails.yaml': 'disableInlineSuppressions: true\n',
    'c/web.yaml': suppressed,
  });
  try {
    const a = cli('scan', '-f', 'json', t.p('a'));
    assert.deepEqual(findings(a.stdout), []);
    assert.equal(a.code, 0);

    const b = cli('scan', '-f', 'json', t.p('b'));
    const fb = findings(b.stdout);
    assert.deepEqual(
      fb.map((f) => [f.ruleId, f.severity, f.range.start.line]),
      [['unused-suppression', 'info', 26]],
    );
    assert.match(fb[0]!.message, /^Unused suppression: no "pss-privileged" finding on the next line/);
    assert.equal(b.code, 0, 'info does not fail the scan');

    const strictFile = cli('scan', '-f', 'json', t.p('c'));
    assert.deepEqual(
      findings(strictFile.stdout).map((f) => f.ruleId),
      ['pss-privileged'],
    );
    assert.equal(strictFile.code, 1);

    const strictFlag = cli('scan', '-f', 'json', '--disable-inline-suppressions', t.p('a'));
    assert.deepEqual(
      findings(strictFlag.stdout).map((f) => f.ruleId),
      ['pss-privileged'],
    );
    assert.equal(strictFlag.code, 1);
  } finally {
    t.cleanup();
  }
});

test('unused-suppression can be re-levelled or switched off in the config like a rule', () => {
  const unused = pod('ok', { namespace: 'shop', comment: '# kube-guardrails-disable-next-line pss-privileged' });
  const t = tree({
    'err/.kube-guardrails.yaml': 'rules:\n  unused-suppression: error\n',
    'err/ok.yaml': unused,
    'off/.kube-guardrails.yaml': 'rules:\n  unused-suppression: off\n',
    'off/ok.yaml': unused,
  });
  try {
    const e = cli('scan', '-f', 'json', t.p('err'));
    assert.equal(e.stderr, '', 'unused-suppression is a known id');
    assert.deepEqual(
      findings(e.stdout).map((f) => [f.ruleId, f.severity]),
      [['unused-suppression', 'error']],
    );
    assert.equal(e.code, 1);
    const o = cli('scan', '-f', 'json', t.p('off'));
    assert.deepEqual(findings(o.stdout), []);
    assert.equal(o.code, 0);
  } finally {
    t.cleanup();
  }
});
