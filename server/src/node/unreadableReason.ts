import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Unreadable } from '../core/sources/types';

/**
 * Why a listed file cannot be read, in Helm's words where Helm fails on it too (a dangling
 * symbolic link: `error evaluating symlink`; no permission: `error reading <name>: open <path>:
 * permission denied`), and in ours where we refuse what Helm would read (a link leading outside
 * the folder, a file over the size limit, not a regular file). Undefined when it reads.
 */
export function unreadableReason(file: string, name: string, inside: (real: string) => boolean, maxBytes: number): Unreadable | undefined {
  const abs = path.resolve(file);
  let real: string;
  try {
    real = fs.realpathSync.native(abs);
  } catch (e) {
    return { message: `error evaluating symlink ${abs}: ${danglingTarget(abs, e)}`, outside: false };
  }
  if (!inside(real)) return { message: `error reading ${name}: ${abs} leads outside the folder, which is never read`, outside: true };
  const message = readFailure(abs, real, name, maxBytes);
  return message === undefined ? undefined : { message, outside: false };
}

/** Why a file inside the folder does not open, or undefined when it does. */
function readFailure(abs: string, real: string, name: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    const st = fs.statSync(real);
    // Never opened when not a regular file: opening a named pipe would block.
    if (!st.isFile()) return `error reading ${name}: ${abs} is not a regular file`;
    if (st.size > maxBytes) return `error reading ${name}: ${abs} is larger than the ${maxBytes} bytes read`;
    fd = fs.openSync(real, 'r');
    return undefined;
  } catch (e) {
    return `error reading ${name}: open ${abs}: ${goErrno(e)}`;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Go's filepath.EvalSymlinks error for a link to nothing: `lstat <target>: no such file or directory`. */
function danglingTarget(abs: string, e: unknown): string {
  try {
    const target = path.resolve(path.dirname(abs), fs.readlinkSync(abs));
    return `lstat ${target}: ${goErrno(e)}`;
  } catch {
    return `lstat ${abs}: ${goErrno(e)}`;
  }
}

/** syscall.Errno's text for the codes a read meets. */
function goErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? String(e);
  }
}
