// The security map's check from the browser (the webview's DOM is out of the extension
// host's reach, so the mocha suite cannot see it): a real VS Code workbench in headless
// Chromium with the packaged extension, the e2e workspace (test/e2e/workspace/map/ is its
// fixture). Runs "kube-guardrails: Show Security Map" from the command palette, checks the
// expected nodes and edges in the webview's SVG, clicks a node and checks the manifest opens,
// asks a reachability question, and saves screenshots in artifacts/ in a light and a dark theme.
// Usage: node scripts/e2e/map-check.mjs [--vsix file]   (also called by run.mjs)
import { pathToFileURL } from 'node:url';
import { runCheckFromCommandLine, withWorkbench } from './browserCheck.mjs';
import { defaultVsixPath } from './vscodeServer.mjs';

const STEP_TIMEOUT = 60_000;
const FRONTEND = 'workload:map-web/Deployment/frontend';
const DB = 'workload:map-data/StatefulSet/db';
const LOAD_BALANCER = 'entry:Service/map-web/frontend';
/** Every node and edge the fixture must produce (test/e2e/workspace/map/). */
const EXPECTED_NODES = [FRONTEND, DB, LOAD_BALANCER];
const EXPECTED_EDGES = [
  [LOAD_BALANCER, FRONTEND],
  ['anywhere', FRONTEND],
  [FRONTEND, DB],
];

/**
 * Runs a command from the palette. The palette can swallow the first F1 while the workbench is
 * still starting, and lists an extension's commands only once the extension host has read
 * them (the list does not refresh while open): reopen it until the command is listed.
 */
async function runCommand(page, title) {
  const deadline = Date.now() + STEP_TIMEOUT;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 1500 });
      await page.keyboard.type(title);
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}"`, { cause: e });
    }
  }
}

/** The map page inside the webview's two nested iframes. */
function mapFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

const nodeSel = (id) => `g.kg-node[data-id="${id}"]`;
const edgeSel = (from, to) => `g.kg-edge[data-from="${from}"][data-to="${to}"]`;

export async function runMapCheck({ chromium, vsix = defaultVsixPath() } = {}) {
  return withWorkbench({ prefix: 'map', what: 'map', chromium, vsix }, (page, shot) => {
    const map = mapFrame(page);
    return [
      [
        '"kube-guardrails: Show Security Map" draws the fixture\'s workloads, entry and allowed traffic',
        async () => {
          await runCommand(page, 'kube-guardrails: Show Security Map');
          // The first answer may be "indexing": the view redraws when the server says the index is complete.
          for (const id of EXPECTED_NODES) await map.locator(nodeSel(id)).waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          for (const [from, to] of EXPECTED_EDGES)
            await map.locator(edgeSel(from, to)).waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          const banner = await map.locator('#not-analysed').isHidden();
          if (!banner) throw new Error(`the "not analysed" banner shows: ${await map.locator('#not-analysed').innerText()}`);
        },
      ],
      [
        'the namespace picker narrows the map to map-web (light theme screenshot)',
        async () => {
          await map.locator('#namespace').selectOption('map-web');
          await map.locator(`${nodeSel(DB)}`).waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await map.locator('#zoom-fit').click();
          await shot('map-light.png');
        },
      ],
      [
        'clicking the database node opens data.yaml at the StatefulSet',
        async () => {
          await map.locator(nodeSel(DB)).click();
          await page
            .locator('.editor-group-container .tab.active', { hasText: 'data.yaml' })
            .first()
            .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page
            .locator('.monaco-editor .view-lines', { hasText: 'name: db' })
            .first()
            .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        },
      ],
      [
        'the reachability box answers: the front end reaches the database on 5432, not on 80',
        async () => {
          await map.locator('#reach-from').selectOption(FRONTEND);
          await map.locator('#reach-to').selectOption(DB);
          await map.locator('#reach-port').fill('5432');
          await map.locator('#reach button[type=submit]').click();
          await map.locator('#reach-verdict strong', { hasText: 'Allowed' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await map.locator('#reach-port').fill('80');
          await map.locator('#reach button[type=submit]').click();
          await map.locator('#reach-verdict strong', { hasText: 'Blocked' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        },
      ],
      [
        'in a dark theme the map follows the theme (dark screenshots, network and RBAC)',
        async () => {
          // Ctrl+K Ctrl+T opens the theme picker itself (the palette may rank "Browse Color Themes in Marketplace" first).
          await page.keyboard.press('Control+1');
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+T');
          await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page.keyboard.type('Dark Modern');
          await page
            .locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' })
            .first()
            .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page.keyboard.press('Enter');
          await page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await map.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await shot('map-dark.png');
          await map.locator('#namespace').selectOption('');
          await map.locator('#tab-rbac').click();
          await map.locator('#tab-rbac[aria-selected=true]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await map.locator('g.kg-node.kg-binding').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await shot('map-rbac-dark.png');
        },
      ],
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCheckFromCommandLine(runMapCheck);
