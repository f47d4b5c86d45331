import * as fs from 'fs';
import * as path from 'path';
import { refusedOutside } from '../core/config/insideRoots';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MANIFEST_EXT = /\.ya?ml$/i;

export interface WalkResult {
  files: string[];
  errors: Array<{ file: string; message: string }>;
}

/**
 * Expands the CLI's path arguments: files as given, directories walked for `*.yaml` and
 * `*.yml` (skipping `.git` and `node_modules`), in a stable sorted order. Symbolic links to
 * directories are not followed, so a link cycle cannot hang the walk. A linked manifest is
 * read only when its target is a regular file inside the folder being walked; otherwise it
 * is reported as an error, unread (a link to a file outside the scanned folder is refused).
 */
export function collectFiles(paths: readonly string[]): WalkResult {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      errors.push({ file: p, message: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) walk(p, files, errors, p);
    else files.push(p);
  }
  return { files, errors };
}

function walk(dir: string, files: string[], errors: WalkResult['errors'], root: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: dir, message: `cannot read directory ${dir}: ${(e as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(full, files, errors, root);
    } else if (e.isFile() && MANIFEST_EXT.test(e.name)) {
      files.push(full);
    } else if (e.isSymbolicLink() && MANIFEST_EXT.test(e.name)) {
      const refused = refusedOutside(full, [root]);
      if (refused) errors.push({ file: full, message: refused });
      else files.push(full);
    }
  }
}
