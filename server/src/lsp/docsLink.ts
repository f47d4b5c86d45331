import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { docsRelativePath } from '../core/docs';

/**
 * The extension root, which holds the bundled `docs/rules` pages. The shipped server is
 * `dist/server.js`, so that is `path.join(__dirname, '..')`; the tsc output that tests run
 * lives deeper (`out/server/src/lsp`), so walk up to the first folder holding `docs/rules`
 * (a fixed number of levels; nothing from the workspace is consulted).
 */
function extensionRoot(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const parent = path.dirname(dir);
    if (fs.existsSync(path.join(parent, 'docs', 'rules'))) return parent;
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(from, '..');
}

let cachedRoot: string | undefined;
const uris = new Map<string, string | undefined>();

/**
 * `file://` URI of the rule's offline docs page; undefined when the extension ships no
 * page for that id (a link to a missing file is worse than none). Checked once per id.
 */
export function docsFileUri(ruleId: string): string | undefined {
  if (uris.has(ruleId)) return uris.get(ruleId);
  cachedRoot ??= extensionRoot();
  const file = path.join(cachedRoot, docsRelativePath(ruleId));
  const uri = fs.existsSync(file) ? pathToFileURL(file).toString() : undefined;
  uris.set(ruleId, uri);
  return uri;
}
