import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EMPTY_CONFIG, parseConfig, resolveOptions } from '../../server/src/core/config';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { yaml } from '../helpers';

test('no settings and no config give the built-in defaults', () => {
  assert.deepEqual(resolveOptions(undefined, undefined), {
    profile: DEFAULT_OPTIONS.profile,
    pssVersion: DEFAULT_OPTIONS.pssVersion,
    rules: {},
  });
  assert.deepEqual(resolveOptions({}, EMPTY_CONFIG), { profile: 'restricted', pssVersion: Infinity, rules: {} });
});

test('settings override the defaults', () => {
  assert.deepEqual(resolveOptions({ profile: 'baseline', pssVersion: 'v1.25', rules: { 'pss-privileged': 'warning' } }, undefined), {
    profile: 'baseline',
    pssVersion: 25,
    rules: { 'pss-privileged': 'warning' },
  });
});

test('the config file overrides settings; rules merge id by id', () => {
  const { config } = parseConfig(yaml('profile: restricted', 'rules:', '  pss-privileged: info', '  pss-run-as-user: off'));
  const o = resolveOptions(
    { profile: 'baseline', pssVersion: 'v1.25', rules: { 'pss-privileged': 'warning', 'pss-host-ports': 'off' } },
    config,
  );
  assert.deepEqual(o, {
    profile: 'restricted',
    pssVersion: 25, // the file does not set it: the setting stays
    rules: { 'pss-privileged': 'info', 'pss-host-ports': 'off', 'pss-run-as-user': 'off' },
  });
});

test('overrides (CLI flags) beat the config file', () => {
  const { config } = parseConfig(yaml('profile: restricted', 'pssVersion: v1.30', 'rules:', '  pss-privileged: info'));
  assert.deepEqual(resolveOptions(undefined, config, { profile: 'baseline', pssVersion: 24 }), {
    profile: 'baseline',
    pssVersion: 24,
    rules: { 'pss-privileged': 'info' },
  });
});

test('an invalid part of the config falls back to settings, not to a guess', () => {
  const { config, problems } = parseConfig(yaml('profile: strict', 'rules:', '  pss-privileged: loud'));
  assert.equal(problems.length, 2);
  assert.deepEqual(resolveOptions({ profile: 'baseline', rules: { 'pss-privileged': 'warning' } }, config), {
    profile: 'baseline',
    pssVersion: Infinity,
    rules: { 'pss-privileged': 'warning' },
  });
});

test('malformed settings are ignored value by value', () => {
  assert.deepEqual(
    resolveOptions(
      { profile: 'strict', pssVersion: 'v2.0', rules: { good: 'error', bad: 'loud', worse: 3, ['__proto__']: 'off' } },
      undefined,
    ),
    { profile: 'restricted', pssVersion: Infinity, rules: { good: 'error' } },
  );
  assert.deepEqual(resolveOptions({ rules: ['x'] as unknown, pssVersion: 28 }, undefined), {
    profile: 'restricted',
    pssVersion: 28,
    rules: {},
  });
  assert.deepEqual(resolveOptions({ rules: 'off', pssVersion: -1 }, undefined), { profile: 'restricted', pssVersion: Infinity, rules: {} });
});

test('maxFileSize passes through from settings and overrides only', () => {
  assert.equal(resolveOptions({ maxFileSize: 1000 }, undefined).maxFileSize, 1000);
  assert.equal(resolveOptions({ maxFileSize: -5 }, undefined).maxFileSize, undefined);
  assert.equal(resolveOptions({ maxFileSize: 1000 }, undefined, { maxFileSize: 20 }).maxFileSize, 20);
});
