// The user's-eye check: a real VS Code workbench in headless Chromium with the packaged
// extension installed as a user installs it. Opens a manifest through Quick Open and checks
// what a person sees: the red squiggle, the Problems panel entry, the quick-fix menu (Ctrl+.)
// and the file after Enter applies the fix. Saves PNG screenshots in artifacts/.
// Usage: node scripts/e2e/ui-check.mjs [--vsix file]   (also called by run.mjs)
import { pathToFileURL } from 'node:url';
import { runCheckFromCommandLine, withWorkbench } from './browserCheck.mjs';
import { defaultVsixPath } from './vscodeServer.mjs';

const FILE = 'fix/privileged.yaml';
const STEP_TIMEOUT = 60_000;

/** Quick Open can swallow the first Ctrl+P while the workbench is still starting: retry. */
async function quickOpen(page, text) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('Control+P');
    try {
      await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 1500 });
      break;
    } catch {
      if (attempt === 19) throw new Error('Quick Open (Ctrl+P) never appeared');
    }
  }
  await page.keyboard.type(text);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
}

export async function runUiCheck({ chromium, vsix = defaultVsixPath() } = {}) {
  return withWorkbench({ prefix: 'ui', what: 'UI', chromium, vsix }, (page, shot) => {
    return [
      [
        `opening ${FILE} shows a red squiggle under "privileged: true"`,
        async () => {
          await quickOpen(page, FILE);
          await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
          await shot('ui-1-squiggle.png');
        },
      ],
      [
        'the Problems panel (Ctrl+Shift+M) lists the finding with its rule id',
        async () => {
          await page.keyboard.press('Control+Shift+M');
          const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'is privileged' }).first();
          await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          const text = await page.locator('.markers-panel').innerText();
          if (!text.includes('Container "api" of Pod "api" is privileged.')) throw new Error(`Problems panel shows: ${text}`);
          if (!text.includes('pss-privileged')) throw new Error(`Problems panel lacks the rule id: ${text}`);
          await shot('ui-2-problems.png');
        },
      ],
      [
        'Ctrl+. on the finding opens the quick-fix menu with "Set privileged: false"',
        async () => {
          await page.keyboard.press('Control+1'); // focus the editor again
          await page.keyboard.press('Control+G');
          await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page.keyboard.type('26:12');
          await page.keyboard.press('Enter');
          await page.keyboard.press('Control+.');
          const menu = page.locator('.action-widget');
          await menu.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page.locator('.action-widget', { hasText: 'Set privileged: false' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          const text = await menu.innerText();
          for (const want of ['Ignore pss-privileged for this line', 'Show documentation for pss-privileged']) {
            if (!text.includes(want)) throw new Error(`quick-fix menu lacks "${want}": ${text}`);
          }
          await shot('ui-3-quickfix-menu.png');
        },
      ],
      [
        'Enter applies the preferred fix: the squiggle goes and the text reads "privileged: false"',
        async () => {
          // The preferred fix is first in the menu and selected; a mouse click is blocked by an overlay.
          const first = await page.locator('.action-widget .monaco-list-row.action').first().innerText();
          if (!first.includes('Set privileged: false')) throw new Error(`first quick fix is "${first}"`);
          await page.keyboard.press('Enter');
          await page
            .locator('.monaco-editor .view-lines', { hasText: 'privileged: false' })
            .first()
            .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
          await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
          await shot('ui-4-fixed.png');
        },
      ],
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCheckFromCommandLine(runUiCheck);
