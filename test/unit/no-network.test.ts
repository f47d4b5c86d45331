import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as dns from 'dns';
import * as http from 'http';
import * as net from 'net';
import { NO_NETWORK_FLAG } from '../guard/noNetwork';

test('the no-network guard is preloaded into this test process', () => {
  assert.equal(
    (globalThis as Record<string, unknown>)[NO_NETWORK_FLAG],
    true,
    'run the unit tests with --require ./out/test/guard/noNetwork.js (npm run test:unit does)',
  );
});

test('the guard refuses TCP connections, HTTP requests and DNS lookups', () => {
  assert.throws(() => net.connect({ host: '127.0.0.1', port: 9 }), /network access attempted/);
  assert.throws(() => http.get('http://127.0.0.1:9/'), /network access attempted/);
  assert.throws(() => dns.lookup('example.com', () => undefined), /network access attempted/);
});
