import * as fs from 'fs';
import * as path from 'path';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MANIFEST = /\.ya?ml$/i;

/**
 * Every `*.yaml`/`*.yml` under the folders, skipping `.git` and `node_modules` (and
 * whatever `skip` says), without following symbolic links (a link cycle cannot hang the
 * walk). Asynchronous so a big workspace does not block the server's message loop.
 */
export async function listManifests(folders: readonly string[], skip: (file: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !skip(full)) await walk(full);
      } else if (e.isFile() && MANIFEST.test(e.name) && !skip(full)) {
        out.push(full);
      }
    }
  };
  for (const f of folders) await walk(f);
  return out;
}

export function isManifestPath(file: string): boolean {
  return MANIFEST.test(file) && !file.split(path.sep).some((part) => SKIPPED_DIRS.has(part));
}
