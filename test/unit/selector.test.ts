import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import {
  formatSelector,
  isEmptySelector,
  matchesSelector,
  parseLabelSelector,
  type LabelSelector,
} from '../../server/src/core/workspace/selectors';

/** Label selector semantics, case by case, as the Kubernetes API documents them. */
function sel(yamlText: string): LabelSelector | undefined {
  const doc = parseDocument(yamlText);
  return parseLabelSelector(doc.contents, doc);
}
const labels = (o: Record<string, string>) => new Map(Object.entries(o));

test('matchLabels: every pair must be present with the same value', () => {
  const s = sel('matchLabels: {app: web, tier: front}')!;
  assert.equal(matchesSelector(s, labels({ app: 'web', tier: 'front', extra: 'x' })), true);
  assert.equal(matchesSelector(s, labels({ app: 'web' })), false);
  assert.equal(matchesSelector(s, labels({ app: 'web', tier: 'back' })), false);
});

test('matchLabels values are compared as strings (numbers and booleans as written)', () => {
  const s = sel('matchLabels: {version: 2, canary: true}')!;
  assert.equal(matchesSelector(s, labels({ version: '2', canary: 'true' })), true);
});

test('In: the key must be present with one of the values', () => {
  const s = sel('matchExpressions: [{key: env, operator: In, values: [prod, staging]}]')!;
  assert.equal(matchesSelector(s, labels({ env: 'prod' })), true);
  assert.equal(matchesSelector(s, labels({ env: 'dev' })), false);
  assert.equal(matchesSelector(s, labels({})), false);
});

test('NotIn: matches objects lacking the key, and other values', () => {
  const s = sel('matchExpressions: [{key: env, operator: NotIn, values: [prod]}]')!;
  assert.equal(matchesSelector(s, labels({})), true);
  assert.equal(matchesSelector(s, labels({ env: 'dev' })), true);
  assert.equal(matchesSelector(s, labels({ env: 'prod' })), false);
});

test('Exists and DoesNotExist look at the key only', () => {
  const ex = sel('matchExpressions: [{key: env, operator: Exists}]')!;
  const nex = sel('matchExpressions: [{key: env, operator: DoesNotExist}]')!;
  assert.equal(matchesSelector(ex, labels({ env: '' })), true);
  assert.equal(matchesSelector(ex, labels({})), false);
  assert.equal(matchesSelector(nex, labels({})), true);
  assert.equal(matchesSelector(nex, labels({ env: 'x' })), false);
});

test('matchLabels and matchExpressions are ANDed', () => {
  const s = sel('matchLabels: {app: web}\nmatchExpressions: [{key: env, operator: NotIn, values: [prod]}]')!;
  assert.equal(matchesSelector(s, labels({ app: 'web', env: 'dev' })), true);
  assert.equal(matchesSelector(s, labels({ app: 'web', env: 'prod' })), false);
  assert.equal(matchesSelector(s, labels({ app: 'api' })), false);
});

test('the empty selector {} selects everything, even objects without labels', () => {
  const s = sel('{}')!;
  assert.equal(isEmptySelector(s), true);
  assert.equal(matchesSelector(s, labels({})), true);
  assert.equal(matchesSelector(s, labels({ a: 'b' })), true);
  assert.equal(formatSelector(s), '<all>');
});

test('an absent or null selector is not a selector: the caller decides (undefined)', () => {
  assert.equal(sel('null'), undefined);
  assert.equal(sel('~'), undefined);
  assert.equal(sel('- a'), undefined);
});

test('invalid selectors (unknown operator, In without values, Exists with values) match nothing', () => {
  for (const text of [
    'matchExpressions: [{key: env, operator: Equals, values: [a]}]',
    'matchExpressions: [{key: env, operator: In, values: []}]',
    'matchExpressions: [{key: env, operator: Exists, values: [a]}]',
    'matchExpressions: [{operator: Exists}]',
  ]) {
    const s = sel(text)!;
    assert.ok(s.invalid, text);
    assert.equal(matchesSelector(s, labels({ env: 'a' })), false, text);
    assert.equal(isEmptySelector(s), false, text);
  }
});

test('formatSelector prints the selector as kubectl does', () => {
  const s = sel(
    'matchLabels: {app: web}\nmatchExpressions: [{key: env, operator: In, values: [a, b]}, {key: x, operator: Exists}, {key: y, operator: DoesNotExist}, {key: z, operator: NotIn, values: [c]}]',
  )!;
  assert.equal(formatSelector(s), 'app=web, env in (a,b), x, !y, z notin (c)');
});
