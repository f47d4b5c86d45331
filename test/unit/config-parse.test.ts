import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { builtInRuleIds, EMPTY_CONFIG, MAX_CONFIG_CHARS, parseConfig, type ConfigProblem } from '../../server/src/core/config';
import { rangeOfText, rangeString, REPO_ROOT, rng, yaml } from '../helpers';

const KNOWN = ['pss-privileged', 'pss-host-namespaces', 'pss-run-as-non-root'];

/** Problems as `{ code, severity, range, message }` with ranges as `L:C-L:C` strings. */
function problems(text: string, today?: string): Array<{ code: string; severity: string; range: string; message: string }> {
  return parseConfig(text, { knownRuleIds: KNOWN, today }).problems.map((p: ConfigProblem) => ({
    code: p.code,
    severity: p.severity,
    range: rangeString(text, p.range),
    message: p.message,
  }));
}

test('a complete valid config resolves every key and reports nothing', () => {
  const text = yaml(
    '# project policy',
    'profile: baseline',
    'pssVersion: v1.29',
    'rules:',
    '  pss-privileged: warning',
    '  pss-host-namespaces: off',
    'exclude:',
    '  - vendor/**',
    '  - "charts/*/templates"',
    'exemptions:',
    '  - rules: [pss-privileged]',
    '    namespaces: [kube-system, "monitoring-*"]',
    '    kinds: [DaemonSet]',
    '    names: [node-exporter]',
    '    files: ["infra/**"]',
    '    reason: node agent needs host access',
    '    expires: 2999-12-31',
    "  - rules: '*'",
    '    reason: generated upstream bundle',
    'disableInlineSuppressions: true',
  );
  const { config, problems: found } = parseConfig(text, { knownRuleIds: KNOWN, today: '2026-01-01' });
  assert.deepEqual(found, []);
  assert.equal(config.profile, 'baseline');
  assert.equal(config.pssVersion, 29);
  assert.deepEqual(config.rules, { 'pss-privileged': 'warning', 'pss-host-namespaces': 'off' });
  assert.deepEqual(config.exclude, ['vendor/**', 'charts/*/templates']);
  assert.equal(config.disableInlineSuppressions, true);
  assert.equal(config.exemptions.length, 2);
  const [a, b] = config.exemptions;
  assert.deepEqual(
    {
      rules: a!.rules,
      namespaces: a!.namespaces,
      kinds: a!.kinds,
      names: a!.names,
      files: a!.files,
      reason: a!.reason,
      expires: a!.expires,
      index: a!.index,
    },
    {
      rules: ['pss-privileged'],
      namespaces: ['kube-system', 'monitoring-*'],
      kinds: ['DaemonSet'],
      names: ['node-exporter'],
      files: ['infra/**'],
      reason: 'node agent needs host access',
      expires: '2999-12-31',
      index: 0,
    },
  );
  assert.equal(rangeString(text, a!.expiresRange!), rangeOfText(text, '2999-12-31'));
  assert.equal(rangeString(text, a!.range), rangeOfText(text, 'rules: [pss-privileged]'));
  assert.deepEqual(
    { rules: b!.rules, reason: b!.reason, index: b!.index, expires: b!.expires },
    { rules: '*', reason: 'generated upstream bundle', index: 1, expires: undefined },
  );
  assert.equal(config.pssVersion !== undefined && parseConfig('pssVersion: latest\n').config.pssVersion, Infinity);
});

test('empty, comment-only and null documents are valid and mean "no settings"', () => {
  for (const text of ['', '\n', '# nothing yet\n', '---\n', '~\n']) {
    const r = parseConfig(text);
    assert.deepEqual(r.problems, [], JSON.stringify(text));
    assert.deepEqual(r.config, EMPTY_CONFIG);
  }
});

test('a wrong-typed value is reported on the value, with the value as written', () => {
  const text = yaml('pssVersion: 1.30', 'profile: restricted');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, '1.30'),
      message: 'pssVersion must be a string, not the number 1.30.',
    },
  ]);
  // the valid key next to it still applies
  assert.equal(parseConfig(text).config.profile, 'restricted');
  assert.equal(parseConfig(text).config.pssVersion, undefined);
});

test('an enum mismatch names the allowed values and suggests the closest', () => {
  const text = yaml('profile: restriced');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'restriced'),
      message: 'profile must be one of baseline, restricted, not "restriced" (did you mean "restricted"?).',
    },
  ]);
});

test('a malformed pssVersion uses the pattern message', () => {
  const text = yaml('pssVersion: "1.30"');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, '"1.30"'),
      message: 'pssVersion must be "latest" or a version like "v1.30", not "1.30".',
    },
  ]);
});

test('an unknown top-level key is reported on the key, with a suggestion and the allowed keys', () => {
  const text = yaml('profle: baseline', 'exclude: []');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'profle'),
      message:
        'Unknown key "profle" (did you mean "profile"?). Allowed keys: profile, pssVersion, rules, exclude, exemptions, disableInlineSuppressions, customRules, helm.',
    },
  ]);
  assert.equal(parseConfig(text).config.profile, undefined);
});

test('rules: a bad level drops only that entry; a non-kebab id is reported on the key; unknown ids warn', () => {
  const text = yaml('rules:', '  pss-privileged: warn', '  Pss_Run: off', '  pss-run-as-non-root: info', '  pss-privilegd: error');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'warn'),
      message: 'rules.pss-privileged must be one of off, error, warning, info, not "warn" (did you mean "warning"?).',
    },
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'Pss_Run'),
      message: 'rules key "Pss_Run" is not a rule id (rule ids are kebab-case, like pss-privileged).',
    },
    {
      code: 'config-unknown-rule',
      severity: 'warning',
      range: rangeOfText(text, 'pss-privilegd'),
      message: 'Unknown rule id "pss-privilegd" in rules (did you mean "pss-privileged"?); it matches no rule.',
    },
  ]);
  assert.deepEqual(parseConfig(text, { knownRuleIds: KNOWN }).config.rules, { 'pss-run-as-non-root': 'info', 'pss-privilegd': 'error' });
});

test('an empty rule level is reported on its key', () => {
  const text = yaml('rules:', '  pss-privileged:');
  assert.deepEqual(
    problems(text).map((p) => [p.range, p.message]),
    [[rangeOfText(text, 'pss-privileged'), 'rules.pss-privileged must be a string, not empty.']],
  );
});

test('exclude: a bad item is dropped alone', () => {
  const text = yaml('exclude: [vendor/**, 3, ""]');
  assert.deepEqual(
    problems(text).map((p) => [p.range, p.message]),
    [
      [rangeOfText(text, '3'), 'exclude[1] must be a string, not the number 3.'],
      [rangeOfText(text, '""'), 'exclude[2] must not be empty.'],
    ],
  );
  assert.deepEqual(parseConfig(text).config.exclude, ['vendor/**']);
});

test('exemptions: an unknown selector key drops the whole exemption (a typo must not widen it)', () => {
  const text = yaml(
    'exemptions:',
    '  - rules: [pss-privileged]',
    '    namespace: kube-system',
    '    reason: agents',
    '  - rules: [pss-privileged]',
    '    namespaces: [kube-system]',
    '    reason: agents',
  );
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'namespace'),
      message:
        'Unknown key "namespace" in exemptions[0] (did you mean "namespaces"?). Allowed keys: rules, namespaces, kinds, names, files, reason, expires.',
    },
  ]);
  const ex = parseConfig(text).config.exemptions;
  assert.deepEqual(
    ex.map((e) => [e.index, e.namespaces]),
    [[1, ['kube-system']]],
  );
});

test('exemptions: a missing required key is reported on the item that should hold it', () => {
  const text = yaml('exemptions:', '  - kinds: [Deployment]', '    names: [web]');
  assert.deepEqual(problems(text), [
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'kinds: [Deployment]'),
      message: 'exemptions[0] is missing the required key "rules".',
    },
    {
      code: 'config-schema',
      severity: 'error',
      range: rangeOfText(text, 'kinds: [Deployment]'),
      message: 'exemptions[0] is missing the required key "reason".',
    },
  ]);
  assert.deepEqual(parseConfig(text).config.exemptions, []);
});

test('exemptions: rules must be "*" or a list; a bad item is reported on the item', () => {
  const text = yaml(
    'exemptions:',
    '  - rules: all',
    '    reason: x',
    '  - rules: [pss-privileged, 7]',
    '    reason: y',
    '  - rules: []',
    '    reason: z',
  );
  assert.deepEqual(
    problems(text).map((p) => [p.range, p.message]),
    [
      [rangeOfText(text, 'all'), 'exemptions[0].rules must be "*" or a list of rule ids, not "all".'],
      [rangeOfText(text, '7'), 'exemptions[1].rules[1] must be a string, not the number 7.'],
      [rangeOfText(text, '[]'), 'exemptions[2].rules must list at least one item.'],
    ],
  );
  assert.deepEqual(parseConfig(text).config.exemptions, []);
});

test('exemptions: a blank reason, a wrong list type, a bad or impossible date', () => {
  const text = yaml(
    'exemptions:',
    "  - rules: '*'",
    '    reason: "  "',
    "  - rules: '*'",
    '    names: web',
    '    reason: r',
    "  - rules: '*'",
    '    reason: r',
    '    expires: 31/12/2026',
    "  - rules: '*'",
    '    reason: r',
    '    expires: 2026-02-30',
  );
  assert.deepEqual(
    problems(text).map((p) => [p.code, p.range, p.message]),
    [
      ['config-schema', rangeOfText(text, '"  "'), 'exemptions[0].reason must not be blank, not "  ".'],
      ['config-schema', rangeOfText(text, 'web'), 'exemptions[1].names must be a list, not "web".'],
      ['config-schema', rangeOfText(text, '31/12/2026'), 'exemptions[2].expires must be a date written YYYY-MM-DD, not "31/12/2026".'],
      [
        'config-invalid-date',
        rangeOfText(text, '2026-02-30'),
        'exemptions[3].expires "2026-02-30" is not a real date; the exemption is ignored.',
      ],
    ],
  );
  assert.deepEqual(parseConfig(text).config.exemptions, []);
});

test('exemptions: unknown rule ids in a list warn on the item and the exemption is kept', () => {
  const text = yaml('exemptions:', '  - rules: [pss-privileged, no-such-rule]', '    reason: r');
  assert.deepEqual(problems(text), [
    {
      code: 'config-unknown-rule',
      severity: 'warning',
      range: rangeOfText(text, 'no-such-rule'),
      message: 'Unknown rule id "no-such-rule" in exemptions[0].rules[1]; it matches no rule.',
    },
  ]);
  assert.equal(parseConfig(text, { knownRuleIds: KNOWN }).config.exemptions.length, 1);
});

test('expired exemptions are reported (warning on the date) only when today is given, and stay in the config', () => {
  const text = yaml('exemptions:', "  - rules: '*'", '    reason: migration', '    expires: 2026-03-01');
  assert.deepEqual(problems(text), []);
  assert.deepEqual(problems(text, '2026-03-01'), [], 'still valid on its expiry day');
  assert.deepEqual(problems(text, '2026-03-02'), [
    {
      code: 'config-expired-exemption',
      severity: 'warning',
      range: rangeOfText(text, '2026-03-01'),
      message: 'exemptions[0] (every rule: "migration") expired on 2026-03-01; its findings are reported again. Renew or remove it.',
    },
  ]);
  assert.equal(parseConfig(text, { today: '2026-03-02' }).config.exemptions.length, 1);
});

test('anchors and aliases are data like any other value', () => {
  const text = yaml(
    'exemptions:',
    "  - rules: '*'",
    '    namespaces: &sys [kube-system, kube-public]',
    '    reason: a',
    '  - rules: [pss-privileged]',
    '    namespaces: *sys',
    '    reason: b',
  );
  const r = parseConfig(text, { knownRuleIds: KNOWN });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(
    r.config.exemptions.map((e) => e.namespaces),
    [
      ['kube-system', 'kube-public'],
      ['kube-system', 'kube-public'],
    ],
  );
  const bad = yaml('base: &b 3', 'profile: *b');
  assert.deepEqual(
    problems(bad).map((p) => p.range),
    [rangeOfText(bad, 'base'), rangeOfText(bad, '*b')],
  );
});

test('hostile: YAML syntax errors make the file unusable, at the error position, defaults kept', () => {
  const text = yaml('profile: baseline', 'rules: [', '  a');
  const r = parseConfig(text);
  assert.deepEqual(r.config, EMPTY_CONFIG);
  assert.ok(r.problems.length >= 1 && r.problems.length <= 3);
  assert.ok(
    r.problems.every(
      (p) => p.code === 'config-syntax' && p.severity === 'error' && /^YAML syntax error: .*ignored until this is fixed\.$/.test(p.message),
    ),
  );
  const dup = yaml('profile: baseline', 'profile: restricted');
  const d = parseConfig(dup);
  assert.deepEqual(d.config, EMPTY_CONFIG);
  assert.equal(d.problems[0]!.code, 'config-syntax');
  assert.match(d.problems[0]!.message, /unique/i);
});

test('hostile: a root that is not a map, or several documents', () => {
  for (const text of ['- profile: baseline\n', 'just a string\n', '42\n']) {
    const r = parseConfig(text);
    assert.deepEqual(r.config, EMPTY_CONFIG);
    assert.deepEqual(
      r.problems.map((p) => [p.code, rangeString(text, p.range)]),
      [['config-not-a-map', rangeOfText(text, text.trimEnd())]],
    );
  }
  const multi = yaml('profile: baseline', '---', 'profile: restricted');
  const m = parseConfig(multi);
  assert.deepEqual(m.config, EMPTY_CONFIG);
  assert.deepEqual(
    m.problems.map((p) => [p.code, rangeString(multi, p.range)]),
    [['config-syntax', rangeOfText(multi, '---')]],
  );
});

test('hostile: an alias bomb is refused without expanding it', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 8; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('profile: *a8');
  const text = yaml(...lines);
  const r = parseConfig(text);
  assert.deepEqual(r.config, EMPTY_CONFIG);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'config-syntax');
  assert.match(r.problems[0]!.message, /too many aliases/);
});

test('hostile: oversized, absurdly nested, non-string input and __proto__ keys never throw', () => {
  const big = 'exclude:\n' + '  - x\n'.repeat(MAX_CONFIG_CHARS / 4);
  const b = parseConfig(big);
  assert.deepEqual(b.config, EMPTY_CONFIG);
  assert.deepEqual(
    b.problems.map((p) => p.code),
    ['config-too-large'],
  );

  const deep = parseConfig('profile: ' + '['.repeat(50000));
  assert.deepEqual(deep.config, EMPTY_CONFIG);
  assert.ok(deep.problems.length >= 1 && deep.problems.length <= 3 && deep.problems.every((p) => p.severity === 'error'));

  assert.deepEqual(parseConfig(undefined as unknown as string).config, EMPTY_CONFIG);

  const proto = yaml('rules:', '  __proto__: off', 'exemptions:', '  - __proto__: {rules: "*"}', "    rules: '*'", '    reason: r');
  const p = parseConfig(proto);
  assert.deepEqual(Object.keys(p.config.rules), []);
  assert.equal(({} as Record<string, unknown>).rules, undefined, 'Object.prototype untouched');
  assert.deepEqual(p.config.exemptions, []);
  assert.ok(p.problems.some((x) => rangeString(proto, x.range) === rangeOfText(proto, '__proto__', 0)));
});

test('the shipped JSON Schema is closed (additionalProperties: false) at the root and for exemptions', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'kube-guardrails.schema.json'), 'utf8'));
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties), [
    'profile',
    'pssVersion',
    'rules',
    'exclude',
    'exemptions',
    'disableInlineSuppressions',
    'customRules',
    'helm',
  ]);
  assert.equal(schema.properties.helm.additionalProperties, false);
  assert.equal(schema.properties.helm.properties.charts.additionalProperties.additionalProperties, false);
  assert.equal(schema.definitions.exemption.additionalProperties, false);
  assert.deepEqual(schema.definitions.exemption.required, ['rules', 'reason']);
});

test('the documented example config in test/fixtures/config is valid', () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'example.kube-guardrails.yaml'), 'utf8');
  assert.deepEqual(parseConfig(text).problems, []);
});

test('by default every built-in id is known: per-object rules, cross-object rules and unused-suppression', () => {
  const ids = builtInRuleIds();
  for (const id of ['pss-privileged', 'netpol-default-deny', 'unused-suppression']) assert.ok(ids.includes(id), id);
  const text = yaml(
    'rules:',
    '  pss-privileged: warning',
    '  netpol-default-deny: off',
    '  unused-suppression: error',
    '  pss-privileged-typo: off',
  );
  assert.deepEqual(
    parseConfig(text).problems.map((p) => [p.code, rangeString(text, p.range)]),
    [['config-unknown-rule', rangeOfText(text, 'pss-privileged-typo')]],
  );
});

test('mutated configs never throw, and every problem range lies inside the text', () => {
  const base = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'example.kube-guardrails.yaml'), 'utf8');
  const rand = rng(0x5eed);
  const pieces = [
    ':',
    '-',
    ' ',
    '\n',
    '[',
    ']',
    '{',
    '}',
    '"',
    "'",
    '*',
    '&a',
    '*a',
    '!!str',
    '#',
    '\t',
    'x',
    '1',
    'null',
    '~',
    '---',
    '? ',
    '|',
    '>',
    '%',
    '@',
    '\r\n',
    '\u00e9',
    '\ud83d\ude00',
  ];
  for (let i = 0; i < 400; i++) {
    let text = base;
    const edits = 1 + Math.floor(rand() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * (text.length + 1));
      const op = rand();
      if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 8));
      else if (op < 0.8) text = text.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + text.slice(at);
      else {
        const lines = text.split('\n');
        const a = Math.floor(rand() * lines.length);
        const b = Math.floor(rand() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        text = lines.join('\n');
      }
    }
    const r = parseConfig(text, { today: '2026-01-01' });
    for (const p of r.problems) {
      assert.ok(
        p.range.start >= 0 && p.range.start <= p.range.end && p.range.end <= text.length,
        `range ${JSON.stringify(p.range)} in ${JSON.stringify(text)}`,
      );
      assert.ok(['error', 'warning', 'info'].includes(p.severity));
      assert.ok(p.message.length > 0);
    }
    assert.ok(r.config.profile === undefined || r.config.profile === 'baseline' || r.config.profile === 'restricted');
    assert.ok(Array.isArray(r.config.exclude) && Array.isArray(r.config.exemptions));
    for (const ex of r.config.exemptions)
      assert.ok(ex.reason.trim().length > 0 && (ex.rules === '*' || ex.rules.length > 0), JSON.stringify(text));
  }
});

test('helm.charts: render options per chart folder, normalised keys; an unknown option is reported on its key', () => {
  const ok = parseConfig(
    yaml(
      'helm:',
      '  charts:',
      '    ./charts/web/:',
      '      valuesFiles: [prod.yaml]',
      '      set: [a=1]',
      '      releaseName: web',
      '      namespace: shop',
    ),
    { knownRuleIds: KNOWN },
  );
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config.helmCharts, {
    'charts/web': {
      valuesFiles: ['prod.yaml'],
      set: ['a=1'],
      releaseName: 'web',
      namespace: 'shop',
      kubeVersion: undefined,
      apiVersions: undefined,
    },
  });
  const bad = parseConfig(yaml('helm:', '  charts:', '    web:', '      valueFiles: [prod.yaml]'), { knownRuleIds: KNOWN });
  assert.deepEqual(
    bad.problems.map((p) => [p.code, p.severity]),
    [['config-schema', 'error']],
  );
  assert.match(bad.problems[0]!.message, /valueFiles/);
});
