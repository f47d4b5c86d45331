import * as fs from 'fs';

/**
 * Writes a command's `--output` file (where the user said, inside the scanned folder or not),
 * but never over a file the command read: `scan -o deploy.yaml deploy.yaml` or `report
 * -o values.yaml chart/` would replace the user's manifest with the report. `read`: every file
 * the command read (walked, and what its builds read: a chart's templates, helpers and values,
 * a kustomization's parts). Returns why nothing was written, or undefined once written.
 */
export function writeOutputFile(file: string, text: string, read: Iterable<string>): string | undefined {
  if (isOneOf(file, read)) return 'is one of the scanned files; the report would overwrite it';
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    return `cannot write the report: ${(e as Error).message}`;
  }
  return undefined;
}

/**
 * Whether `file` is the same file as one of `files`. By device and inode, not by path: a hard
 * link has a real path of its own, and a case-insensitive file system keeps the case typed.
 * A file that does not exist yet is none of them.
 */
export function isOneOf(file: string, files: Iterable<string>): boolean {
  const target = fileId(file);
  if (target === undefined) return false;
  // One stat per file read: about a millisecond per thousand, paid only when the output file exists.
  for (const f of files) if (fileId(f) === target) return true;
  return false;
}

/**
 * A file's identity: its device and inode (BigInt: Windows file indexes pass 2^53). A file
 * system without inode numbers (0) falls back to the real path. Undefined: no such file.
 */
function fileId(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true });
    return st.ino === 0n ? `path:${fs.realpathSync.native(file)}` : `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}
