import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { crlf, fixText, mapAt, seqAt } from '../fixtures/fix/ops';
import { yaml } from '../helpers';

/*
 * The fix renderer, op by op, on 2-space, 4-space, not-indented and indented sequences,
 * CRLF, flow style and commented input: every expectation is the exact edited text.
 */

const POD_2 = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web   # the web pod',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx:1.27   # pinned',
  '    securityContext:',
  '      privileged: true   # needs devices',
  '      runAsUser: 1000',
  '  # trailing comment of the list',
);

test('set: replaces a scalar by its own range and keeps the comment', () => {
  assert.equal(
    fixText(POD_2, (r) => [{ op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['privileged'], value: false }]),
    POD_2.replace('privileged: true   # needs devices', 'privileged: false   # needs devices'),
  );
});

test('set: a new key goes after the last item of the block map, at its column', () => {
  assert.equal(
    fixText(POD_2, (r) => [{ op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['runAsNonRoot'], value: true }]),
    POD_2.replace('      runAsUser: 1000\n', '      runAsUser: 1000\n      runAsNonRoot: true\n'),
  );
});

test('set: several missing levels become one nested block (2-space, not-indented sequences)', () => {
  const text = yaml('kind: Pod', 'spec:', '  containers:', '  - name: app   # main', '    image: nginx:1.27', '  - name: side');
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec.containers.0'), path: ['securityContext', 'allowPrivilegeEscalation'], value: false },
      { op: 'set', map: mapAt(r, 'spec.containers.0'), path: ['securityContext', 'runAsNonRoot'], value: true },
      { op: 'append', map: mapAt(r, 'spec.containers.0'), path: ['securityContext', 'capabilities', 'drop'], values: ['ALL'] },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: app   # main',
      '    image: nginx:1.27',
      '    securityContext:',
      '      allowPrivilegeEscalation: false',
      '      runAsNonRoot: true',
      '      capabilities:',
      '        drop:',
      '        - ALL',
      '  - name: side',
    ),
  );
});

const POD_4 = yaml(
  'kind: Pod',
  'spec:',
  '    containers:',
  '        -   name: app',
  '            image: nginx:1.27',
  '            ports:',
  '                - containerPort: 80',
);

test('set: 4-space files with indented sequences get 4-space, indented blocks', () => {
  assert.equal(
    fixText(POD_4, (r) => [
      { op: 'append', map: mapAt(r, 'spec.containers.0'), path: ['securityContext', 'capabilities', 'drop'], values: ['ALL', 'NET_RAW'] },
    ]),
    POD_4 +
      [
        '            securityContext:',
        '                capabilities:',
        '                    drop:',
        '                        - ALL',
        '                        - NET_RAW',
        '',
      ].join('\n'),
  );
});

test('set: CRLF files keep CRLF in inserted lines', () => {
  const text = crlf('kind: Pod', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.27');
  assert.equal(
    fixText(text, (r) => [{ op: 'set', map: mapAt(r, 'spec.containers.0'), path: ['securityContext', 'runAsNonRoot'], value: true }]),
    crlf(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: nginx:1.27',
      '    securityContext:',
      '      runAsNonRoot: true',
    ),
  );
});

test('set: a map ending the file without a line break', () => {
  const text = 'kind: Pod\nspec:\n  hostPID: true';
  assert.equal(
    fixText(text, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostIPC'], value: false }]),
    'kind: Pod\nspec:\n  hostPID: true\n  hostIPC: false',
  );
});

test('set: inside flow maps, including empty ones', () => {
  const text = yaml(
    'kind: Pod',
    'spec:',
    '  containers:',
    '  - name: a',
    '    securityContext: { privileged: true }  # flow',
    '  - name: b',
    '    securityContext: {}',
  );
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['privileged'], value: false },
      { op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['capabilities', 'drop'], value: ['ALL'] },
      { op: 'set', map: mapAt(r, 'spec.containers.1'), path: ['securityContext', 'runAsNonRoot'], value: true },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: a',
      '    securityContext: { privileged: false, capabilities: {drop: [ALL]} }  # flow',
      '  - name: b',
      '    securityContext: {runAsNonRoot: true}',
    ),
  );
});

test('set: strings are quoted when YAML would read them as something else', () => {
  const text = yaml('kind: Pod', 'spec:', '  a: {x: 1}', '  b: 1');
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec'), path: ['c'], value: 'true' },
      { op: 'set', map: mapAt(r, 'spec.a'), path: ['y'], value: 'p, q' },
      { op: 'set', map: mapAt(r, 'spec'), path: ['b'], value: '1' },
    ]),
    yaml('kind: Pod', 'spec:', '  a: {x: 1, y: "p, q"}', '  b: "1"', '  c: "true"'),
  );
});

test('set: a key with no value gets a block, an explicit null a flow value', () => {
  const text = yaml('kind: Pod', 'spec:', '  securityContext:   # todo', '  hostNetwork: ~', '  dnsConfig: null');
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec'), path: ['securityContext', 'runAsNonRoot'], value: true },
      { op: 'set', map: mapAt(r, 'spec'), path: ['hostNetwork'], value: false },
      { op: 'set', map: mapAt(r, 'spec'), path: ['dnsConfig', 'options'], value: [] },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  securityContext:   # todo',
      '    runAsNonRoot: true',
      '  hostNetwork: false',
      '  dnsConfig: {options: []}',
    ),
  );
});

test('set: already the desired value yields no fix', () => {
  const text = yaml('kind: Pod', 'spec:', '  hostPID: false');
  assert.equal(
    fixText(text, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostPID'], value: false }]),
    undefined,
  );
});

test('set: two ops that disagree are refused', () => {
  const text = yaml('kind: Pod', 'spec:', '  hostPID: true');
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec'), path: ['x', 'y'], value: 1 },
      { op: 'set', map: mapAt(r, 'spec'), path: ['x', 'y'], value: 2 },
    ]),
    undefined,
  );
});

test('set: in the second document of a file', () => {
  const text = yaml('kind: A', 'a: 1', '---', 'kind: Pod', 'spec:', '  hostPID: true', '---', 'kind: B');
  assert.equal(
    fixText(text, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostPID'], value: false }], 1),
    yaml('kind: A', 'a: 1', '---', 'kind: Pod', 'spec:', '  hostPID: false', '---', 'kind: B'),
  );
});

test('set: nested insertions at the same offset come out innermost first', () => {
  const text = yaml('kind: Pod', 'spec:', '  containers:', '  - name: a', '    securityContext:', '      runAsUser: 1', 'status: {}');
  assert.equal(
    fixText(text, (r) => [
      { op: 'set', map: mapAt(r, 'spec'), path: ['hostPID'], value: false },
      { op: 'set', map: mapAt(r, 'spec.containers.0'), path: ['image'], value: 'nginx:1.27' },
      { op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['runAsNonRoot'], value: true },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: a',
      '    securityContext:',
      '      runAsUser: 1',
      '      runAsNonRoot: true',
      '    image: nginx:1.27',
      '  hostPID: false',
      'status: {}',
    ),
  );
});

test('append: to block and flow sequences, skipping values already there', () => {
  const text = yaml(
    'kind: Pod',
    'spec:',
    '  containers:',
    '  - name: a',
    '    securityContext:',
    '      capabilities:',
    '        drop:',
    '          - NET_RAW   # raw sockets',
    '  - name: b',
    '    securityContext: {capabilities: {drop: [NET_RAW]}}',
    '  - name: c',
    '    securityContext: {capabilities: {drop: []}}',
  );
  assert.equal(
    fixText(text, (r) => [
      { op: 'append', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['capabilities', 'drop'], values: ['NET_RAW', 'ALL'] },
      { op: 'append', map: mapAt(r, 'spec.containers.1.securityContext'), path: ['capabilities', 'drop'], values: ['ALL'] },
      { op: 'append', map: mapAt(r, 'spec.containers.2.securityContext'), path: ['capabilities', 'drop'], values: ['ALL'] },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: a',
      '    securityContext:',
      '      capabilities:',
      '        drop:',
      '          - NET_RAW   # raw sockets',
      '          - ALL',
      '  - name: b',
      '    securityContext: {capabilities: {drop: [NET_RAW, ALL]}}',
      '  - name: c',
      '    securityContext: {capabilities: {drop: [ALL]}}',
    ),
  );
});

const SC = yaml(
  'kind: Pod',
  'spec:',
  '  containers:',
  '  - name: app',
  '    securityContext:',
  '      # why privileged',
  '      privileged: true   # devices',
  '      runAsUser: 0',
  '    image: nginx:1.27',
);

test('remove: drops the whole line with its trailing comment, nothing else', () => {
  assert.equal(
    fixText(SC, (r) => [{ op: 'remove', map: mapAt(r, 'spec.containers.0.securityContext'), key: 'privileged' }]),
    SC.replace('      privileged: true   # devices\n', ''),
  );
});

test('remove: every key of a block map leaves `{}` on the parent key', () => {
  assert.equal(
    fixText(SC, (r) => [
      { op: 'remove', map: mapAt(r, 'spec.containers.0.securityContext'), key: 'privileged' },
      { op: 'remove', map: mapAt(r, 'spec.containers.0.securityContext'), key: 'runAsUser' },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - name: app',
      '    securityContext: {}',
      '      # why privileged',
      '    image: nginx:1.27',
    ),
  );
});

test('remove: the first key of a sequence item hands the dash to the next key', () => {
  const text = yaml('kind: Pod', 'spec:', '  containers:', '  - privileged: true  # x', '    name: app', '  - privileged: true');
  assert.equal(
    fixText(text, (r) => [
      { op: 'remove', map: mapAt(r, 'spec.containers.0'), key: 'privileged' },
      { op: 'remove', map: mapAt(r, 'spec.containers.1'), key: 'privileged' },
    ]),
    yaml('kind: Pod', 'spec:', '  containers:', '  - name: app', '  - {}'),
  );
});

test('remove: multi-line values go with their key', () => {
  const text = yaml(
    'kind: Pod',
    'spec:',
    '  hostAliases:',
    '  - ip: 1.2.3.4',
    '    hostnames: [a]',
    '  hostPID: true',
    '  command: |',
    '    echo',
    '  x: 1',
  );
  assert.equal(
    fixText(text, (r) => [
      { op: 'remove', map: mapAt(r, 'spec'), key: 'hostAliases' },
      { op: 'remove', map: mapAt(r, 'spec'), key: 'command' },
    ]),
    yaml('kind: Pod', 'spec:', '  hostPID: true', '  x: 1'),
  );
});

test('remove: in flow maps, middle, last and only keys', () => {
  const text = yaml('a: {x: 1, y: 2, z: 3}', 'b: {x: 1, y: 2}', 'c: { x: 1 }');
  assert.equal(
    fixText(text, (r) => [
      { op: 'remove', map: mapAt(r, 'a'), key: 'y' },
      { op: 'remove', map: mapAt(r, 'b'), key: 'y' },
      { op: 'remove', map: mapAt(r, 'c'), key: 'x' },
    ]),
    yaml('a: {x: 1, z: 3}', 'b: {x: 1}', 'c: {  }'),
  );
});

test('removeItem: block items with comments; the last one leaves `[]`', () => {
  const text = yaml(
    'kind: Pod',
    'spec:',
    '  securityContext:',
    '    sysctls:',
    '    - name: kernel.shm_rmid_forced   # safe',
    '      value: "1"',
    '    - name: net.core.somaxconn',
    '      value: "1024"',
    '  containers:',
    '  - name: a',
    '    securityContext:',
    '      capabilities:',
    '        add:',
    '          - SYS_ADMIN   # why',
  );
  assert.equal(
    fixText(text, (r) => [
      { op: 'removeItem', seq: seqAt(r, 'spec.securityContext.sysctls'), index: 1 },
      { op: 'removeItem', seq: seqAt(r, 'spec.containers.0.securityContext.capabilities.add'), index: 0 },
    ]),
    yaml(
      'kind: Pod',
      'spec:',
      '  securityContext:',
      '    sysctls:',
      '    - name: kernel.shm_rmid_forced   # safe',
      '      value: "1"',
      '  containers:',
      '  - name: a',
      '    securityContext:',
      '      capabilities:',
      '        add: []',
    ),
  );
});

test('removeItem: flow sequences', () => {
  const text = yaml('a: [SYS_ADMIN, NET_RAW, CHOWN]', 'b: [CHOWN, SYS_ADMIN]', 'c: [SYS_ADMIN]');
  assert.equal(
    fixText(text, (r) => [
      { op: 'removeItem', seq: seqAt(r, 'a'), index: 0 },
      { op: 'removeItem', seq: seqAt(r, 'b'), index: 1 },
      { op: 'removeItem', seq: seqAt(r, 'c'), index: 0 },
    ]),
    yaml('a: [NET_RAW, CHOWN]', 'b: [CHOWN]', 'c: []'),
  );
});

test('CRLF removal and `{}` keep CRLF', () => {
  const text = crlf('kind: Pod', 'spec:', '  securityContext:', '    privileged: true', '  hostPID: true');
  assert.equal(
    fixText(text, (r) => [{ op: 'remove', map: mapAt(r, 'spec.securityContext'), key: 'privileged' }]),
    crlf('kind: Pod', 'spec:', '  securityContext: {}', '  hostPID: true'),
  );
});

test('refused: aliases, anchors, merge keys, custom tags, block scalars, parse errors', () => {
  const anchored = yaml('kind: Pod', 'spec:', '  securityContext: &sc', '    privileged: true', '  other: *sc');
  assert.equal(
    fixText(anchored, (r) => [{ op: 'set', map: mapAt(r, 'spec.securityContext'), path: ['privileged'], value: false }]),
    undefined,
  );

  const merged = yaml('base: &b {privileged: true}', 'spec:', '  securityContext:', '    <<: *b', '    runAsUser: 1');
  assert.equal(
    fixText(merged, (r) => [{ op: 'set', map: mapAt(r, 'spec.securityContext'), path: ['privileged'], value: false }]),
    undefined,
  );

  const aliased = yaml('base: &b {privileged: true}', 'spec:', '  securityContext: *b');
  assert.equal(
    fixText(aliased, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['securityContext', 'privileged'], value: false }]),
    undefined,
  );

  const tagged = yaml('spec:', '  securityContext:', '    privileged: !!bool true');
  assert.equal(
    fixText(tagged, (r) => [{ op: 'set', map: mapAt(r, 'spec.securityContext'), path: ['privileged'], value: false }]),
    undefined,
  );

  const custom = yaml('spec: !custom', '  hostPID: true');
  assert.equal(
    fixText(custom, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostPID'], value: false }]),
    undefined,
  );

  const block = yaml('spec:', '  hostPID: |', '    true');
  assert.equal(
    fixText(block, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostPID'], value: false }]),
    undefined,
  );

  const broken = yaml('spec:', '  hostPID: true', '  hostPID: true');
  assert.equal(
    fixText(broken, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['hostIPC'], value: false }]),
    undefined,
  );

  const shape = yaml('spec:', '  securityContext: true');
  assert.equal(
    fixText(shape, (r) => [{ op: 'set', map: mapAt(r, 'spec'), path: ['securityContext', 'privileged'], value: false }]),
    undefined,
  );
});

test('refused: a change inside a pair another op removes', () => {
  assert.equal(
    fixText(SC, (r) => [
      { op: 'remove', map: mapAt(r, 'spec.containers.0'), key: 'securityContext' },
      { op: 'set', map: mapAt(r, 'spec.containers.0.securityContext'), path: ['privileged'], value: false },
    ]),
    undefined,
  );
});

test('removeItem + append on the same sequence replaces its items (block and flow)', () => {
  const text = yaml(
    'rules:',
    '- apiGroups: [""]',
    '  resources: [pods]',
    '  verbs: ["*"]',
    '- apiGroups: [""]',
    '  resources: [secrets]',
    '  verbs:',
    '  - "*"   # all',
    '- verbs: [get, "*"]',
  );
  assert.equal(
    fixText(text, (r) => [
      { op: 'removeItem', seq: seqAt(r, 'rules.0.verbs'), index: 0 },
      { op: 'append', map: mapAt(r, 'rules.0'), path: ['verbs'], values: ['get', 'list', 'watch'] },
      { op: 'removeItem', seq: seqAt(r, 'rules.1.verbs'), index: 0 },
      { op: 'append', map: mapAt(r, 'rules.1'), path: ['verbs'], values: ['get', 'list'] },
      { op: 'removeItem', seq: seqAt(r, 'rules.2.verbs'), index: 1 },
      { op: 'append', map: mapAt(r, 'rules.2'), path: ['verbs'], values: ['get', 'list'] },
    ]),
    yaml(
      'rules:',
      '- apiGroups: [""]',
      '  resources: [pods]',
      '  verbs: [get, list, watch]',
      '- apiGroups: [""]',
      '  resources: [secrets]',
      '  verbs:',
      '  - get',
      '  - list',
      '- verbs: [get, list]',
    ),
  );
});
