import * as path from 'path';
import type { SourceFiles } from '../../core/sources/types';
import { confinedToFolders } from '../../node/confinedFiles';

/**
 * The `SourceFiles` the editor's builds read through: an open document's text wins over the
 * disk (`readDisk`), and nothing outside the workspace folders is read or listed, by path or by
 * real path (a symbolic link must not lead a build outside the workspace). Listing, link
 * confinement, `readBytes` (a packaged subchart, `charts/*.tgz`) and `isFile` (a chart's
 * `.Files`, read only when a template asks) are the CLI's, from `node/confinedFiles.ts`, with
 * the size cap of the editor's manifests (`maxBytes`: the `maxFileSize` setting).
 */
export function workspaceFiles(
  folders: readonly string[],
  openText: (file: string) => string | undefined,
  readDisk: (file: string) => string | undefined,
  maxBytes: number,
): SourceFiles {
  const disk = confinedToFolders(folders, { maxBytes, byPath: true });
  const inFolder = (p: string) => folders.some((f) => p === f || p.startsWith(f + path.sep));
  // An open document is read as the editor holds it, saved or not.
  const open = (file: string) => (inFolder(file) ? openText(file) : undefined);
  return {
    read: (file) => open(file) ?? (disk.contains(file) ? readDisk(file) : undefined),
    readBytes: (file) => disk.readBytes?.(file),
    // Why a listed chart file cannot be read: the render fails on it, as Helm's does.
    unreadable: (file, name) => disk.unreadable?.(file, name),
    isFile: (file) => open(file) !== undefined || disk.isFile?.(file) === true,
    list: (dir) => disk.list(dir),
    isDirectory: (p) => disk.isDirectory(p),
    listEntries: (dir) => disk.listEntries?.(dir),
  };
}
