import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { humanDuration, parseGoDuration } from '../../server/src/core/rules/tls/_lib/goDuration';
import { tlsCovers } from '../../server/src/core/rules/tls/_lib/ingressHosts';
import { analyze, briefs, rangeOfText, yaml } from '../helpers';

test('Go durations parse like time.ParseDuration', () => {
  assert.equal(parseGoDuration('2160h'), 2160 * 3_600_000);
  assert.equal(parseGoDuration('90m'), 90 * 60_000);
  assert.equal(parseGoDuration('1h30m'), 90 * 60_000);
  assert.equal(parseGoDuration('1.5h'), 90 * 60_000);
  assert.equal(parseGoDuration('2h0m0s'), 2 * 3_600_000);
  assert.equal(parseGoDuration('300ms'), 300);
  assert.equal(parseGoDuration('0'), 0);
  for (const bad of ['', '90', '1d', 'h', '1h 30m', 'abc', '-']) assert.equal(parseGoDuration(bad), undefined, bad);
  // Beyond int64 nanoseconds (2562047h47m16.854775807s) Go reports an overflow.
  assert.equal(parseGoDuration('2562047h'), 2562047 * 3_600_000);
  assert.equal(parseGoDuration('2562048h'), undefined);
  assert.equal(humanDuration(2160 * 3_600_000), '90 days');
});

test('TLS host coverage: exact names and one-label wildcards, case-insensitive', () => {
  assert.ok(tlsCovers('shop.example.com', 'Shop.Example.com'));
  assert.ok(tlsCovers('*.example.com', 'shop.example.com'));
  assert.ok(tlsCovers('*.example.com', '*.example.com'));
  assert.ok(!tlsCovers('*.example.com', 'example.com'));
  assert.ok(!tlsCovers('*.example.com', 'a.b.example.com'));
  assert.ok(!tlsCovers('shop.example.com', '*.example.com'));
});

test('renewBefore compares against the default 90-day duration when duration is unset', () => {
  const cert = (renew: string) =>
    yaml(
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      'metadata: {name: c}',
      'spec:',
      '  secretName: c',
      '  issuerRef: {name: ca}',
      `  renewBefore: ${renew}`,
    );
  assert.deepEqual(briefs(cert('2159h59m'), 'tls-cert-renew-before'), []);
  const t = cert('2160h');
  assert.deepEqual(briefs(t, 'tls-cert-renew-before'), [{ ruleId: 'tls-cert-renew-before', range: rangeOfText(t, 'renewBefore: 2160h') }]);
  assert.deepEqual(briefs(cert('1d'), 'tls-cert-renew-before'), [], 'unparseable durations are skipped');
});

test('mesh, namespace and workload levels are named in PeerAuthentication messages', () => {
  const pa = (ns: string, selector: boolean) =>
    yaml(
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      `metadata: {name: p, namespace: ${ns}}`,
      'spec:',
      ...(selector ? ['  selector: {matchLabels: {app: a}}'] : []),
      '  mtls: {mode: PERMISSIVE}',
    );
  const msg = (t: string) => analyze(t).find((f) => f.ruleId === 'tls-istio-mtls-permissive')?.message;
  assert.equal(
    msg(pa('istio-system', false)),
    'PeerAuthentication "p" sets mTLS PERMISSIVE mesh-wide: plaintext connections are still accepted.',
  );
  assert.equal(
    msg(pa('shop', false)),
    'PeerAuthentication "p" sets mTLS PERMISSIVE namespace-wide in "shop": plaintext connections are still accepted.',
  );
  assert.equal(
    msg(pa('istio-system', true)),
    'PeerAuthentication "p" sets mTLS PERMISSIVE for the workloads it selects: plaintext connections are still accepted.',
  );
});
