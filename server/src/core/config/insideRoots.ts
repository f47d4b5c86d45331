import * as fs from 'fs';
import * as path from 'path';

/**
 * Files read because of workspace content (the config file found next to a manifest, a
 * symbolic link met while walking a folder) must not lead outside the workspace: a
 * `.kube-guardrails.yaml` that links to `/etc/shadow` would otherwise be read and its lines
 * echoed in "unknown key" messages. The check runs before anything is read.
 */

function realDir(dir: string): string | undefined {
  try {
    return fs.realpathSync(dir);
  } catch {
    return undefined;
  }
}

function within(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Why `file` may not be read, or undefined when it is a regular file whose real path
 * (symbolic links resolved) lies inside one of `roots`. Roots are resolved too, so a
 * workspace under a linked folder (`/tmp` -> `/private/tmp`) still contains its own files.
 * The message names the file as given, never the link's target.
 */
export function refusedOutside(file: string, roots: readonly string[]): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? `${file}: no such file`
      : `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}`;
  }
  const realRoots = roots.map(realDir).filter((r): r is string => r !== undefined);
  if (!realRoots.some((root) => within(real, root))) return `${file} leads outside the workspace through a symbolic link; it is not read`;
  try {
    if (!fs.statSync(real).isFile()) return `${file} is not a file (only a regular file is read)`;
  } catch (e) {
    return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}`;
  }
  return undefined;
}
