import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a command's `--output` file (where the user said, inside the scanned folder or not),
 * but never over a file the command read: `scan -o deploy.yaml deploy.yaml` or `report
 * -o values.yaml chart/` would replace the user's manifest with the report. `read`: the files
 * the command read (as walked: symlinks and relative paths are compared by their real path).
 * Returns why nothing was written, or undefined once written.
 */
export function writeOutputFile(file: string, text: string, read: readonly string[]): string | undefined {
  const real = safeRealpath(file); // undefined: a new file, which cannot be one the command read
  if (real !== undefined) {
    const base = path.basename(real);
    for (const s of read) {
      // The base names first: a real path per file read costs a system call.
      if (path.basename(s) !== base && path.basename(safeRealpath(s) ?? s) !== base) continue;
      if (safeRealpath(s) === real) return 'is one of the scanned files; the report would overwrite it';
    }
  }
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    return `cannot write the report: ${(e as Error).message}`;
  }
  return undefined;
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
