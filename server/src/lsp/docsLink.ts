import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { docsRelativePath } from '../core/docs';

/**
 * The bundled docs folder. The shipped server is `dist/server.js`, so the pages are at
 * `<extension>/docs/rules`; the tsc output used by tests lives at `out/server/src/lsp`, so
 * walk up until a `docs/rules` folder is found (at most a few levels, no workspace input).
 */
export function docsRoot(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const parent = path.dirname(dir);
    const candidate = path.join(parent, 'docs', 'rules');
    if (fs.existsSync(candidate)) return parent;
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(from, '..');
}

let cachedRoot: string | undefined;

/** `file://` URI of the rule's offline docs page. */
export function docsFileUri(ruleId: string): string {
  cachedRoot ??= docsRoot();
  return pathToFileURL(path.join(cachedRoot, docsRelativePath(ruleId))).toString();
}
