import { commands, FileType, Uri, window, workspace } from 'vscode';
import { isRuleId, ruleTitle } from './ruleDocsFiles';

/**
 * Opens the bundled `docs/rules/<id>.md` in the Markdown preview (offline: the pages ship
 * inside the extension). Without an id, offers a quick pick of every bundled page.
 */
export async function showRuleDocs(extensionUri: Uri, ruleId?: unknown): Promise<void> {
  const dir = Uri.joinPath(extensionUri, 'docs', 'rules');
  let id = typeof ruleId === 'string' && isRuleId(ruleId) ? ruleId : undefined;
  if (!id) {
    const items = await listRules(dir);
    const picked = await window.showQuickPick(items, {
      placeHolder: 'kube-guardrails: show the documentation of a rule',
      matchOnDescription: true,
    });
    id = picked?.label;
  }
  if (!id) return;
  const page = Uri.joinPath(dir, `${id}.md`);
  try {
    await workspace.fs.stat(page);
  } catch {
    void window.showWarningMessage(`kube-guardrails: no documentation page for rule "${id}".`);
    return;
  }
  await commands.executeCommand('markdown.showPreview', page);
}

async function listRules(dir: Uri): Promise<Array<{ label: string; description: string }>> {
  const entries = await workspace.fs.readDirectory(dir).then(
    (e) => e,
    () => [] as Array<[string, FileType]>,
  );
  const ids = entries
    .filter(([name, type]) => type === FileType.File && name.endsWith('.md'))
    .map(([name]) => name.slice(0, -3))
    .filter(isRuleId)
    .sort();
  return Promise.all(
    ids.map(async (id) => {
      const bytes = await workspace.fs.readFile(Uri.joinPath(dir, `${id}.md`)).then(
        (b) => b,
        () => new Uint8Array(),
      );
      return { label: id, description: ruleTitle(new TextDecoder().decode(bytes.subarray(0, 512))) ?? '' };
    }),
  );
}
