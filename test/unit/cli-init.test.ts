import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import schema from '../../schemas/kube-guardrails.schema.json';
import { EMPTY_CONFIG, loadConfigFile, parseConfig, resolveOptions } from '../../server/src/core/config';
import { STARTER_SECTIONS, starterConfigText } from '../../server/src/cli/starterConfig';
import { cli, tree } from './cli-helpers';

test('init writes the starter config, which loads through the real loader without a problem and changes nothing', () => {
  const t = tree({ 'repo/keep.txt': '' });
  try {
    const r = cli('init', t.p('repo'));
    assert.deepEqual(r, { code: 0, stdout: `Wrote ${t.p('repo/.kube-guardrails.yaml')}\n`, stderr: '' });
    const text = fs.readFileSync(t.p('repo/.kube-guardrails.yaml'), 'utf8');
    assert.equal(text, starterConfigText());
    const loaded = loadConfigFile(t.p('repo/.kube-guardrails.yaml'), { today: '2026-12-04' });
    assert.equal(loaded.readError, undefined);
    assert.deepEqual(loaded.problems, []);
    // Every value is the default: the resolved options equal those of no config at all.
    assert.deepEqual(resolveOptions(undefined, loaded.config), resolveOptions(undefined, EMPTY_CONFIG));
    assert.deepEqual(
      { ...loaded.config, helmCharts: undefined },
      { ...EMPTY_CONFIG, helmCharts: undefined, profile: 'restricted', pssVersion: Infinity },
    );
    assert.deepEqual(loaded.config.helmCharts ?? {}, {});
  } finally {
    t.cleanup();
  }
});

test('the starter file has one section per top-level key of the config schema, each default followed by its example commented out', () => {
  assert.deepEqual(STARTER_SECTIONS.map((s) => s.key).sort(), Object.keys(schema.properties).sort());
  const text = starterConfigText();
  for (const s of STARTER_SECTIONS) {
    assert.ok(text.includes(`\n${s.defaultYaml}\n# Example:\n`), `${s.key}: default then example`);
    for (const line of s.exampleYaml.split('\n'))
      assert.ok(text.includes(`\n# ${line}\n`), `${s.key}: example line "${line}" commented out`);
  }
});

test('each commented-out example, uncommented, is valid config that sets its key', () => {
  for (const s of STARTER_SECTIONS) {
    const parsed = parseConfig(s.exampleYaml + '\n', { today: '2026-12-04' });
    assert.deepEqual(parsed.problems, [], s.key);
    assert.notDeepEqual(parsed.config, EMPTY_CONFIG, `${s.key}: the example changes the config`);
  }
});

test('init refuses to overwrite an existing config file (either name) without --force, exit 2', () => {
  const t = tree({ 'a/.kube-guardrails.yaml': 'profile: baseline\n', 'b/.kube-guardrails.yml': 'profile: baseline\n' });
  try {
    for (const [dir, name] of [
      ['a', '.kube-guardrails.yaml'],
      ['b', '.kube-guardrails.yml'],
    ] as const) {
      const file = t.p(path.join(dir, name));
      const r = cli('init', t.p(dir));
      assert.deepEqual(r, {
        code: 2,
        stdout: '',
        stderr: `kube-guardrails: ${file} already exists; not overwritten (use --force to replace it).\n`,
      });
      assert.equal(fs.readFileSync(file, 'utf8'), 'profile: baseline\n');
      assert.deepEqual(fs.readdirSync(t.p(dir)), [name], 'no second config file written beside it');
      // --force replaces the file the loader reads, under its own name.
      const forced = cli('init', '--force', t.p(dir));
      assert.deepEqual(forced, { code: 0, stdout: `Wrote ${file}\n`, stderr: '' });
      assert.equal(fs.readFileSync(file, 'utf8'), starterConfigText());
      assert.deepEqual(fs.readdirSync(t.p(dir)), [name]);
    }
  } finally {
    t.cleanup();
  }
});

test('init defaults to the current folder; bad arguments and a missing folder exit 2', () => {
  const t = tree({ 'here/x.yaml': '' });
  const cwd = process.cwd();
  try {
    process.chdir(t.p('here'));
    assert.equal(cli('init').code, 0);
    assert.equal(fs.readFileSync(t.p('here/.kube-guardrails.yaml'), 'utf8'), starterConfigText());
  } finally {
    process.chdir(cwd);
  }
  try {
    const missing = cli('init', t.p('nope'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kube-guardrails: cannot write .*nope\/\.kube-guardrails\.yaml: ENOENT/);
    assert.equal(fs.existsSync(t.p('nope')), false);
    const bad = cli('init', '--forse');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^kube-guardrails: unknown option for init: --forse\n/);
    assert.match(cli('init', 'a', 'b').stderr, /^kube-guardrails: init takes at most one directory\n/);
  } finally {
    t.cleanup();
  }
});
