// `kube-guardrails report --format html` on the Argo CD install manifest (../shared corpus),
// opened in headless Chromium (Debian's, through playwright-core): the page must render its
// map (nodes and edges in the DOM, no script, nothing loaded from anywhere) in the light and
// the dark colour scheme; screenshots go to artifacts/report-argo-cd-{light,dark}.png.
// Run by the e2e runner (scripts/e2e/run.mjs) after the editor suites, or alone:
//   npm run build && node scripts/report-screenshot.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARGO = path.resolve(repoRoot, '..', 'shared', 'corpus', 'realworld', 'argo-cd', 'install.yaml');
const ARTIFACTS = path.join(repoRoot, 'artifacts');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'];

/** Writes the report, renders it, checks the DOM; returns mocha-like results for the e2e summary. */
export async function runReportCheck({ chromium = process.env.KG_E2E_CHROMIUM || '/usr/bin/chromium' } = {}) {
  const tests = [];
  const check = async (title, fn) => {
    try {
      await fn();
      tests.push({ title: `report: ${title}`, state: 'passed' });
    } catch (e) {
      tests.push({ title: `report: ${title}`, state: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const html = path.join(ARTIFACTS, 'report-argo-cd.html');
  await check('report --format html writes the page for Argo CD', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'report', ARGO, '--format', 'html', '--output', html], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
    const text = fs.readFileSync(html, 'utf8');
    if (/<script/i.test(text)) throw new Error('the page holds a script');
  });
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, headless: true, args: CHROMIUM_ARGS });
  try {
    for (const colorScheme of ['light', 'dark']) {
      await check(`the page renders in Chromium (${colorScheme})`, async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme });
        const requests = [];
        page.on('request', (req) => {
          if (!req.url().startsWith('file:')) requests.push(req.url());
        });
        await page.goto(pathToFileURL(html).href);
        const count = (selector) => page.locator(selector).count();
        const facts = {
          workloads: await count('svg.kg-view-network g.kg-node.kg-workload'),
          edges: await count('svg.kg-view-network g.kg-edge'),
          rbacNodes: await count('svg.kg-view-rbac g.kg-node'),
          rows: await count('#kg-workloads tr[data-id]'),
          server: await count('g.kg-node[data-id="workload:default/Deployment/argocd-server"]'),
          width: (await page.locator('svg.kg-view-network').boundingBox())?.width ?? 0,
        };
        await page.screenshot({ path: path.join(ARTIFACTS, `report-argo-cd-${colorScheme}.png`) });
        await page.close();
        if (
          facts.workloads < 5 ||
          facts.edges < 5 ||
          facts.rbacNodes < 5 ||
          facts.rows !== facts.workloads ||
          !facts.server ||
          facts.width < 100
        ) {
          throw new Error(`unexpected page: ${JSON.stringify(facts)}`);
        }
        if (requests.length > 0) throw new Error(`the page loaded ${requests.join(', ')}`);
      });
    }
  } finally {
    await browser.close();
  }
  return { passed: tests.filter((t) => t.state === 'passed').length, failed: tests.filter((t) => t.state !== 'passed').length, tests };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runReportCheck();
  for (const t of r.tests) console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'}  ${t.title}${t.error ? `\n      ${t.error}` : ''}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed > 0 ? 1 : 0;
}
