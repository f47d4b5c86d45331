import * as fs from 'fs';
import * as path from 'path';
import { refusedOutside } from '../core/config/insideRoots';
import { UNREADABLE, type ScanError } from './report';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MANIFEST_EXT = /\.ya?ml$/i;

export interface WalkResult {
  files: string[];
  errors: ScanError[];
}

/**
 * Expands the CLI's path arguments: files as given, directories walked for `*.yaml` and
 * `*.yml` (skipping `.git` and `node_modules`), in a stable sorted order. Symbolic links to
 * directories are not followed, so a link cycle cannot hang the walk; a link with a manifest
 * name is read when its target is a file inside the folder walked; dangling or pointing
 * outside, it is an error, never silently skipped (and never read).
 */
export function collectFiles(paths: readonly string[]): WalkResult {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      errors.push({
        file: p,
        reason: UNREADABLE,
        message: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
      });
      continue;
    }
    if (st.isDirectory()) walk(p, files, errors, realRoot(p));
    else files.push(p);
  }
  return { files, errors };
}

function walk(dir: string, files: string[], errors: WalkResult['errors'], root: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: dir, reason: UNREADABLE, message: `cannot read directory ${dir}: ${(e as Error).message}` });
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
      linkedManifest(full, files, errors, root);
    }
  }
}

/**
 * A symbolic link named like a manifest: read when its target is a regular file under
 * `root`; dangling, pointing outside or at something else, it is an error, unread.
 */
function linkedManifest(link: string, files: string[], errors: WalkResult['errors'], root: string): void {
  try {
    fs.realpathSync(link);
  } catch (e) {
    const dangling = (e as NodeJS.ErrnoException).code === 'ENOENT';
    errors.push({
      file: link,
      reason: UNREADABLE,
      message: `cannot read ${link}: ${dangling ? 'dangling symbolic link' : (e as Error).message}`,
    });
    return;
  }
  const refused = refusedOutside(link, [root]);
  if (refused) errors.push({ file: link, reason: UNREADABLE, message: refused });
  else files.push(link);
}

function realRoot(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
