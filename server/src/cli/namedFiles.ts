import * as fs from 'fs';
import { DEFAULT_MAX_FILE_SIZE } from '../core/engine/inputGuard';
import type { SourceFiles } from '../core/sources/types';

/**
 * `files` that also reads the files the user named on the command line (`-f`/`--values`,
 * `--set-file`) where they are, inside the scanned or rendered folder or not: the user chose
 * them, as with `--config` and as helm reads them. Every other read stays confined to `files`.
 * A named file that cannot be read says why (`readError`), in Go's words where helm has them
 * (`read x: is a directory`, `open x: permission denied`); at most `maxBytes` are read.
 */
export function withNamedFiles(files: SourceFiles, named: readonly string[], maxBytes = DEFAULT_MAX_FILE_SIZE): SourceFiles {
  if (named.length === 0) return files;
  const errors = new Map<string, string>();
  return {
    ...files,
    read: (file) => {
      if (!named.includes(file)) return files.read(file);
      const r = readNamed(file, maxBytes);
      if ('error' in r) errors.set(file, r.error);
      else errors.delete(file);
      return 'text' in r ? r.text : undefined;
    },
    readError: (file) => (named.includes(file) ? errors.get(file) : files.readError?.(file)),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A named file's text, or why not. Opened first (a pipe, `--values <(cmd)`, is read as helm
 * reads it), then read up to one byte past the cap, so a huge file is never held whole.
 */
function readNamed(file: string, maxBytes: number): { text: string } | { error: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return { error: `open ${file}: ${goReason(e)}` };
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) return { error: `read ${file}: is a directory` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { error: `read ${file}: larger than ${sizeText(maxBytes)}, the most a values file may hold here` };
    }
    try {
      return { text: utf8.decode(Buffer.concat(chunks, total)) };
    } catch {
      // Helm passes the bytes on; a JS string cannot hold them as they are, so the render would differ.
      return { error: `read ${file}: not UTF-8 text (helm would pass its bytes on as they are; this renderer cannot)` };
    }
  } catch (e) {
    return { error: `read ${file}: ${goReason(e)}` };
  } finally {
    fs.closeSync(fd);
  }
}

function sizeText(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib} MiB` : `${bytes} bytes`;
}

/** A Node file-system error as Go's os package words it (`no such file or directory`). */
function goReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const go: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'file name too long',
  };
  return code !== undefined && Object.hasOwn(go, code) ? go[code]! : (e as Error).message;
}
