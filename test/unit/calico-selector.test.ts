import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  isAllSelector,
  matchesCalicoSelector,
  MAX_SELECTOR_DEPTH,
  MAX_SELECTOR_LENGTH,
  parseCalicoSelector,
} from '../../server/src/core/workspace/podPolicies/calicoSelector';

const labels = new Map([
  ['app', 'web'],
  ['tier', 'frontend'],
  ['projectcalico.org/namespace', 'shop'],
]);

function matches(text: string): boolean {
  const sel = parseCalicoSelector(text);
  assert.equal(sel.invalid, undefined, `${text}: ${sel.invalid ?? ''}`);
  return matchesCalicoSelector(sel, labels);
}

test("Calico selector operators follow Calico's documented semantics", () => {
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['all()', true],
    ['global()', false],
    ["app == 'web'", true],
    ['app == "api"', false],
    ["app != 'api'", true],
    ["missing != 'x'", true], // absent label: != holds
    ["app in {'api', 'web'}", true],
    ["app in {'api'}", false],
    ['app in {}', false],
    ["app not in {'api'}", true],
    ["missing not in {'x'}", true], // absent label: not in holds
    ["missing in {'x'}", false],
    ['has(tier)', true],
    ['!has(tier)', false],
    ['has(missing)', false],
    ["tier contains 'ont'", true],
    ["tier starts with 'front'", true],
    ["tier ends with 'front'", false],
    ["missing contains ''", false],
    ["app == 'web' && tier == 'backend'", false],
    ["app == 'web' || tier == 'backend'", true],
    ["!(app == 'web' && tier == 'backend')", true],
    ["app == 'x' || app == 'y' && has(tier)", false],
    ["(app == 'x' || app == 'web') && has(tier)", true],
    ["projectcalico.org/namespace == 'shop'", true],
    ['!!has(app)', true],
  ];
  for (const [text, want] of cases) assert.equal(matches(text), want, text);
  assert.ok(isAllSelector(parseCalicoSelector(' all() ')));
  assert.ok(isAllSelector(parseCalicoSelector('')));
  assert.ok(!isAllSelector(parseCalicoSelector('has(a)')));
});

test('a Calico selector that does not parse is invalid and matches nothing', () => {
  const cases: Array<[string, string]> = [
    ["app == 'web' &&", 'expected a label key'],
    ["app == 'web", 'unterminated string'],
    ['app == web', 'expected a quoted value'],
    ["app = 'web'", 'unexpected character "="'],
    ["(app == 'web'", 'expected ")"'],
    ["app == 'web')", 'unexpected ")"'],
    ["app in {'a' 'b'}", 'expected "}"'],
    ['app', 'expected an operator after "app"'],
    ["app starts 'x'", 'expected "with"'],
    ['has()', 'expected a label key'],
  ];
  for (const [text, why] of cases) {
    const sel = parseCalicoSelector(text);
    assert.equal(sel.invalid, why, text);
    assert.equal(matchesCalicoSelector(sel, labels), false, text);
  }
});

test('hostile Calico selectors are refused within the caps, without deep recursion', () => {
  const deepParens = '('.repeat(MAX_SELECTOR_DEPTH + 1) + 'has(a)' + ')'.repeat(MAX_SELECTOR_DEPTH + 1);
  assert.equal(parseCalicoSelector(deepParens).invalid, `nested more than ${MAX_SELECTOR_DEPTH} levels`);
  const deepNot = '!'.repeat(MAX_SELECTOR_DEPTH + 1) + 'has(a)';
  assert.equal(parseCalicoSelector(deepNot).invalid, `nested more than ${MAX_SELECTOR_DEPTH} levels`);
  // At the cap it parses and matches.
  const atCap = '('.repeat(MAX_SELECTOR_DEPTH - 1) + 'has(app)' + ')'.repeat(MAX_SELECTOR_DEPTH - 1);
  assert.equal(matchesCalicoSelector(parseCalicoSelector(atCap), labels), true);
  const long = "app == '" + 'x'.repeat(MAX_SELECTOR_LENGTH) + "'";
  assert.equal(parseCalicoSelector(long).invalid, `longer than ${MAX_SELECTOR_LENGTH} characters`);
  // A long flat chain is one level deep: parsed and matched without recursion per term.
  const chain = Array.from({ length: 200 }, (_, i) => `has(k${i})`).join(' || ') + ' || has(app)';
  assert.ok(chain.length < MAX_SELECTOR_LENGTH);
  assert.equal(matchesCalicoSelector(parseCalicoSelector(chain), labels), true);
  // A megabyte of parentheses or quotes is refused by length before any parsing.
  assert.equal(parseCalicoSelector('('.repeat(1_000_000)).invalid, `longer than ${MAX_SELECTOR_LENGTH} characters`);
  assert.equal(parseCalicoSelector("'".repeat(4000)).invalid, 'expected a label key');
});
