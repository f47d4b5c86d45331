import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, rangeStr } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { SHARED } from '../helpers';

/**
 * `kubeGuardrails.helm.valuesFiles`: the editor renders a chart with the values files the
 * setting names for it, after the config file's `helm.charts.<dir>.valuesFiles` (a later
 * file wins, as with `helm -f a -f b`), and re-renders when the setting changes.
 */

const SCAFFOLD = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart');

const CONFIG = 'helm:\n  charts:\n    demo:\n      valuesFiles: [envs/ci.yaml]\n';
const CI_VALUES = 'securityContext:\n  privileged: false\n';
const PROD_VALUES = 'podSecurityContext:\n  runAsNonRoot: true\nsecurityContext:\n  privileged: true\n';

const summary = (ds: ReadonlyArray<{ code?: string | number | undefined; range: Parameters<typeof rangeStr>[0] }>) =>
  ds.map((d) => `${String(d.code)} ${rangeStr(d.range)}`).sort();

/** The fields the scaffold's container securityContext (`toYaml .Values.securityContext`) lacks, on the values key. */
const MISSING_ON_KEY = [
  'pss-allow-privilege-escalation',
  'pss-capabilities-restricted',
  'pss-run-as-non-root',
  'pss-seccomp-profile-restricted',
  'read-only-root-filesystem',
];

async function withChart(
  settings: Record<string, unknown>,
  body: (c: TestClient, dir: string) => Promise<void>,
  config = CONFIG,
): Promise<void> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-values-setting-')));
  fs.cpSync(SCAFFOLD, path.join(dir, 'demo'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'envs'));
  fs.writeFileSync(path.join(dir, '.kube-guardrails.yaml'), config);
  fs.writeFileSync(path.join(dir, 'envs/ci.yaml'), CI_VALUES);
  fs.writeFileSync(path.join(dir, 'envs/prod.yaml'), PROD_VALUES);
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }], settings });
    await c.settled();
    await body(c, dir);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function openAll(c: TestClient, dir: string, rels: string[]): Promise<string[]> {
  const uris = rels.map((r) => pathToUri(path.join(dir, r)));
  for (const [i, uri] of uris.entries()) await c.open(uri, fs.readFileSync(path.join(dir, rels[i]!), 'utf8'));
  await c.settled();
  return uris;
}

test('the setting normalises chart keys and files, and drops what is not a list of strings', () => {
  const s = normalizeSettings({
    helm: { valuesFiles: { './charts/web/': ['./envs/prod.yaml', 7, ' '], 'a\\b': ['x.yaml'], bad: 'x.yaml', empty: [], '.': ['v.yaml'] } },
  });
  assert.deepEqual(s.helmValuesFiles, { 'charts/web': ['envs/prod.yaml'], 'a/b': ['x.yaml'], '.': ['v.yaml'] });
  assert.deepEqual(normalizeSettings({ helm: 'x' }).helmValuesFiles, {});
  assert.deepEqual(normalizeSettings({ helm: { valuesFiles: ['a.yaml'] } }).helmValuesFiles, {});
  const proto = normalizeSettings({ helm: { valuesFiles: JSON.parse('{"__proto__": ["p.yaml"]}') } }).helmValuesFiles;
  assert.deepEqual(Object.keys(proto), ['__proto__']);
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
});

test("without the setting the config file's values file renders the chart", async () => {
  await withChart({}, async (c, dir) => {
    const [ci, prod] = await openAll(c, dir, ['envs/ci.yaml', 'envs/prod.yaml']);
    // The container securityContext comes from envs/ci.yaml: the missing fields are on its key.
    assert.deepEqual(
      summary(c.lastDiagnostics(ci!)),
      MISSING_ON_KEY.map((r) => `${r} 0:0-0:15`),
    );
    // envs/prod.yaml is not read by any render: a plain YAML file without a Kubernetes object.
    assert.deepEqual(summary(c.lastDiagnostics(prod!)), []);
  });
});

test("the setting's values file comes after the config file's: its value wins and the finding is placed there", async () => {
  const settings = { helm: { valuesFiles: { demo: ['envs/prod.yaml'] } } };
  await withChart(settings, async (c, dir) => {
    const [ci, prod, template] = await openAll(c, dir, ['envs/ci.yaml', 'envs/prod.yaml', 'demo/templates/deployment.yaml']);
    assert.deepEqual(
      summary(c.lastDiagnostics(prod!)),
      [...MISSING_ON_KEY.filter((r) => r !== 'pss-run-as-non-root').map((r) => `${r} 2:0-2:15`), 'pss-privileged 3:2-3:18'].sort(),
    );
    assert.deepEqual(summary(c.lastDiagnostics(ci!)), []);
    const privileged = c.lastDiagnostics(prod!).find((d) => d.code === 'pss-privileged')!;
    assert.match(privileged.message, /^Container "chart" of Deployment "release-name-chart" is privileged\./);
    assert.ok(!summary(c.lastDiagnostics(template!)).some((s) => s.startsWith('pss-privileged')));

    // Removing the setting re-renders with the config file's values only.
    await c.changeSettings({});
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(prod!)), []);
    assert.deepEqual(
      summary(c.lastDiagnostics(ci!)),
      MISSING_ON_KEY.map((r) => `${r} 0:0-0:15`),
    );
  });
});

test("the setting's values file applies over the config file's set too, as --values does in the CLI: its privileged: true wins", async () => {
  const settings = { helm: { valuesFiles: { demo: ['envs/prod.yaml'] } } };
  const config = CONFIG + '      set: [securityContext.privileged=false]\n';
  await withChart(
    settings,
    async (c, dir) => {
      const [prod] = await openAll(c, dir, ['envs/prod.yaml']);
      assert.deepEqual(
        summary(c.lastDiagnostics(prod!)).filter((s) => s.startsWith('pss-privileged')),
        ['pss-privileged 3:2-3:18'],
      );
    },
    config,
  );
});

test('a values file the setting names outside the workspace folder is not read: the render reports it', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-values-outside-'));
  fs.writeFileSync(path.join(outside, 'values.yaml'), 'securityContext:\n  privileged: true\n');
  try {
    const settings = { helm: { valuesFiles: { demo: [path.join(outside, 'values.yaml')] } } };
    await withChart(settings, async (c, dir) => {
      const [template] = await openAll(c, dir, ['demo/templates/deployment.yaml']);
      const outsideFile = path.join(outside, 'values.yaml');
      // The chart is reported not analysed on its Chart.yaml (never silently clean), and nothing of the file's value shows.
      const chart = pathToUri(path.join(dir, 'demo/Chart.yaml'));
      assert.deepEqual(
        c.lastDiagnostics(chart).map((d) => [d.code, d.message, rangeStr(d.range)]),
        [
          [
            'not-analyzed',
            `Not analysed (build-incomplete): build of demo is incomplete: open ${outsideFile}: no such file or directory`,
            '0:0-0:14',
          ],
        ],
      );
      assert.deepEqual(summary(c.lastDiagnostics(template!)), []);
    });
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
