import * as path from 'path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import { uriToPath } from './uris';

/** The workspace folders as file-system paths, in the client's order. */
export class Folders {
  private paths: string[] = [];

  set(folders: readonly WorkspaceFolder[] | null | undefined, rootUri?: string | null): void {
    const uris = folders && folders.length > 0 ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.paths = [];
    this.add(uris);
  }

  add(uris: readonly string[]): void {
    for (const p of uris.map(folderPath)) if (p !== undefined && !this.paths.includes(p)) this.paths.push(p);
  }

  remove(uris: readonly string[]): void {
    const gone = new Set(uris.map(folderPath));
    this.paths = this.paths.filter((p) => !gone.has(p));
  }

  all(): readonly string[] {
    return this.paths;
  }

  /**
   * The folder holding the file (the innermost, when folders nest); none for a file
   * outside every folder. An untitled document uses the first folder, whose config file
   * then applies.
   */
  folderOf(filePath: string | undefined): string | undefined {
    if (filePath) {
      const inside = this.paths.filter((f) => filePath.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
      return inside.length > 0 ? inside.reduce((a, b) => (b.length > a.length ? b : a)) : undefined;
    }
    return this.paths[0];
  }
}

/** A folder URI as a path without a trailing separator (`file:///ws/` and `file:///ws` agree). */
function folderPath(uri: string): string | undefined {
  const p = uriToPath(uri);
  if (p === undefined) return undefined;
  const root = path.parse(p).root;
  return p.length > root.length && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}
