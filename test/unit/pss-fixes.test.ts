import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { RULES } from '../../server/src/core/rules/registry';
import { rangeString, REPO_ROOT, yaml } from '../helpers';

/**
 * The PSS rules' declarative quick fixes: every fix offered on the firing fixtures renders
 * to verified edits, each op targets the deepest existing map (so only the missing part is
 * inserted), and rules whose remedy needs judgement offer none.
 */
const PSS_RULES = RULES.filter((r) => r.pss);
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

function optionsFor(ruleId: string, severity: string): AnalysisOptions {
  return { ...DEFAULT_OPTIONS, rules: { [ruleId]: severity as 'error' } };
}

/** Applies the fix of the `index`-th finding of `ruleId` and returns the new text. */
function fixed(text: string, ruleId: string, index = 0): string {
  const options = optionsFor(ruleId, 'warning');
  const analysis = analyzeText(text, options);
  const finding = analysis.findings.filter((f) => f.ruleId === ruleId)[index];
  assert.ok(finding, `no finding #${index} of ${ruleId}`);
  const edits = computeFix(analysis, finding, (t) => analyzeText(t, options));
  assert.ok(edits, `fix of ${ruleId} #${index} was refused`);
  return applyEdits(text, edits);
}

const NO_FIX = ['pss-host-path-volumes', 'pss-host-ports', 'pss-restricted-volumes', 'pss-run-as-user', 'pss-se-linux-options'];

test('every fix on the PSS firing fixtures renders to verified edits; judgement calls offer none', () => {
  let fixes = 0;
  for (const rule of PSS_RULES) {
    const text = fs.readFileSync(path.join(FIXTURES, rule.id, 'firing.yaml'), 'utf8');
    const options = optionsFor(rule.id, rule.severity);
    const analysis = analyzeText(text, options);
    const findings = analysis.findings.filter((f) => f.ruleId === rule.id);
    // Exactly the findings the fixture expects, at their ranges, get their fix checked.
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, rule.id, 'firing.expected.json'), 'utf8')) as Array<{ range: string }>;
    assert.deepEqual(
      findings.map((f) => rangeString(text, f.range)),
      expected.map((e) => e.range),
      rule.id,
    );
    for (const f of findings) {
      if (NO_FIX.includes(rule.id)) {
        assert.equal(f.fix, undefined, `${rule.id} must not offer a fix`);
        continue;
      }
      assert.ok(f.fix, `${rule.id}: "${f.message}" has no fix`);
      assert.ok(
        computeFix(analysis, f, (t) => analyzeText(t, options)),
        `${rule.id}: fix "${f.fix.title}" for "${f.message}" was refused`,
      );
      fixes++;
    }
  }
  // Every finding of the fixable PSS rules: as many as their firing.fixed.<n>.yaml files.
  assert.equal(fixes, 47);
});

const BARE = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: example.com/app:1.0.0',
);

test('a missing field under a container without securityContext creates the whole path', () => {
  assert.equal(fixed(BARE, 'pss-run-as-non-root'), BARE + '    securityContext:\n      runAsNonRoot: true\n');
  assert.equal(
    fixed(BARE, 'pss-capabilities-restricted'),
    BARE + '    securityContext:\n      capabilities:\n        drop:\n        - ALL\n',
  );
});

test('a missing field goes into the existing securityContext / capabilities map, keeping comments', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: example.com/app:1.0.0',
    '    securityContext:',
    '      runAsNonRoot: true   # keep me',
    '      capabilities:',
    '        drop: [NET_RAW]',
  );
  assert.equal(fixed(text, 'pss-allow-privilege-escalation'), text + '      allowPrivilegeEscalation: false\n');
  assert.equal(fixed(text, 'pss-capabilities-restricted'), text.replace('[NET_RAW]', '[NET_RAW, ALL]'));
  assert.equal(fixed(text, 'pss-seccomp-profile-restricted'), text + '      seccompProfile:\n        type: RuntimeDefault\n');
});

test('value fixes replace only the offending scalar', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations:',
    '    container.apparmor.security.beta.kubernetes.io/app: unconfined',
    'spec:',
    '  hostNetwork: true  # why',
    '  containers:',
    '  - name: app',
    '    image: example.com/app:1.0.0',
    '    securityContext: {procMount: Unmasked, seccompProfile: {type: Unconfined}}',
  );
  assert.equal(fixed(text, 'pss-host-namespaces'), text.replace('hostNetwork: true', 'hostNetwork: false'));
  assert.equal(fixed(text, 'pss-proc-mount'), text.replace('procMount: Unmasked', 'procMount: Default'));
  assert.equal(fixed(text, 'pss-seccomp-profile-baseline'), text.replace('type: Unconfined', 'type: RuntimeDefault'));
  assert.equal(fixed(text, 'pss-app-armor-profile'), text.replace('app: unconfined', 'app: runtime/default'));
});

test('list fixes remove exactly the forbidden item', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  securityContext:',
    '    sysctls:',
    '    - name: kernel.shm_rmid_forced',
    '      value: "1"',
    '    - name: kernel.msgmax',
    '      value: "65536"',
    '  containers:',
    '  - name: app',
    '    image: example.com/app:1.0.0',
    '    securityContext:',
    '      capabilities:',
    '        add: [CHOWN, SYS_ADMIN]',
  );
  assert.equal(fixed(text, 'pss-sysctls'), text.replace('    - name: kernel.msgmax\n      value: "65536"\n', ''));
  assert.equal(fixed(text, 'pss-capabilities-baseline'), text.replace('[CHOWN, SYS_ADMIN]', '[CHOWN]'));
});

test('an explicit null is reported on its pair and the fix fills it in', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: example.com/app:1.0.0',
    '    securityContext:',
    '      allowPrivilegeEscalation:',
    '      readOnlyRootFilesystem: true',
  );
  const options = optionsFor('pss-allow-privilege-escalation', 'warning');
  const f = analyzeText(text, options).findings.filter((x) => x.ruleId === 'pss-allow-privilege-escalation');
  assert.deepEqual(
    f.map((x) => x.message),
    ['Container "app" of Pod "p" does not set allowPrivilegeEscalation: false.'],
  );
  assert.equal(text.slice(f[0]!.range.start, f[0]!.range.end), 'allowPrivilegeEscalation:');
  assert.equal(
    fixed(text, 'pss-allow-privilege-escalation'),
    text.replace('allowPrivilegeEscalation:\n', 'allowPrivilegeEscalation: false\n'),
  );
});
