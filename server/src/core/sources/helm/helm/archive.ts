/**
 * Packaged charts (`charts/*.tgz`) as Helm's loader reads them (pkg/chart/loader/archive.go):
 * gzip, then tar; the first path component (the chart's folder) is dropped; absolute paths,
 * `..` and drive letters are refused; directories and PAX global headers are skipped. The
 * result is an in-memory `SourceFiles` rooted at the archive's own path, so `loadChart` reads
 * a packaged chart exactly as it reads a directory.
 *
 * `node:zlib` is pure computation (no file, process or network access), so the core may use it.
 * Every size is bounded before it is allocated: a gzip bomb stops at the decompressed cap.
 */
import { gunzipSync } from 'node:zlib';
import type { SourceFiles } from '../../types';

/** Helm's own caps (loader.MaxDecompressedChartSize / MaxDecompressedFileSize). */
const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const MAX_ARCHIVE_FILE_BYTES = 5 * 1024 * 1024;
/** Ours: no real chart has more entries; a hostile archive of empty files stops here. */
export const MAX_ARCHIVE_ENTRIES = 20_000;

export class ArchiveError extends Error {}

const BLOCK = 512;
// ignoreBOM keeps a byte order mark, as reading the same file from a directory does.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function field(b: Uint8Array, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const nul = s.indexOf(0);
  return decoder.decode(nul < 0 ? s : s.subarray(0, nul));
}

function octal(b: Uint8Array, start: number, len: number): number {
  // Base-256 sizes (high bit set) are for files over 8 GiB: far past every cap here.
  if ((b[start]! & 0x80) !== 0) throw new ArchiveError('archive entry is too large');
  const s = field(b, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new ArchiveError('archive has an invalid header');
  return parseInt(s, 8);
}

/** PAX extended header records: "<len> key=value\n". Only `path` matters here. */
function paxPath(data: Uint8Array): string | undefined {
  const text = decoder.decode(data);
  let i = 0;
  let found: string | undefined;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(text.slice(i, sp));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = text.slice(sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    i += len;
  }
  return found;
}

/** The archive's regular files, chart-relative (first component dropped), as Helm names them. */
export function readChartArchive(gz: Uint8Array): Map<string, Uint8Array> {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_ARCHIVE_BYTES + 64 * BLOCK });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ArchiveError(`decompressed chart is larger than the maximum size ${MAX_ARCHIVE_BYTES}`);
    throw new ArchiveError(`not a gzip archive: ${(e as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  let entries = 0;
  let longName: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length;) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) break; // end-of-archive marker
    if (++entries > MAX_ARCHIVE_ENTRIES) throw new ArchiveError(`archive has more than ${MAX_ARCHIVE_ENTRIES} entries`);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const dataStart = off + BLOCK;
    if (dataStart + size > tar.length) throw new ArchiveError('archive is truncated');
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x') {
      if (size > 64 * 1024) throw new ArchiveError('archive has an oversized extended header');
      longName = type === 'L' ? field(data, 0, size) : paxPath(data);
      continue;
    }
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    if (type === 'g' || type === '5' || name.endsWith('/')) continue;
    if (type !== '0' && type !== '\0' && type !== '7') continue; // links, devices, fifos: not chart files
    const rel = chartRelative(name);
    if (size > MAX_ARCHIVE_FILE_BYTES)
      throw new ArchiveError(`decompressed chart file "${rel}" is larger than the maximum file size ${MAX_ARCHIVE_FILE_BYTES}`);
    files.set(rel, data);
  }
  if (files.size === 0) throw new ArchiveError('no files in chart archive');
  return files;
}

/** Drops the first component and normalises like path.Clean; refuses what Helm refuses. */
function chartRelative(name: string): string {
  const delimiter = name.includes('\\') ? '\\' : '/';
  const parts = name.split(delimiter);
  if (parts[0] === 'Chart.yaml') throw new ArchiveError('chart yaml not in base directory');
  const rest = parts.slice(1).join('/');
  if (rest.startsWith('/')) throw new ArchiveError('chart illegally contains absolute paths');
  const clean: string[] = [];
  for (const p of rest.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (clean.length === 0) throw new ArchiveError('chart illegally references parent directory');
      clean.pop();
    } else clean.push(p);
  }
  if (clean.length === 0) throw new ArchiveError(`chart illegally contains content outside the base directory: "${name}"`);
  if (/^[a-zA-Z]:/.test(clean[0]!)) throw new ArchiveError('chart contains illegally named files');
  return clean.join('/');
}

/** A read-only `SourceFiles` over archive entries, with paths `<root>/<chart-relative name>`. */
export function archiveFiles(root: string, entries: Map<string, Uint8Array>): SourceFiles {
  const dirs = new Map<string, Set<string>>([[root, new Set()]]);
  for (const rel of entries.keys()) {
    const parts = rel.split('/');
    let dir = root;
    for (const p of parts.slice(0, -1)) {
      dirs.get(dir)!.add(p);
      dir = `${dir}/${p}`;
      if (!dirs.has(dir)) dirs.set(dir, new Set());
    }
    dirs.get(dir)!.add(parts[parts.length - 1]!);
  }
  const bytes = (file: string) => (file.startsWith(root + '/') ? entries.get(file.slice(root.length + 1)) : undefined);
  return {
    read: (file) => {
      const b = bytes(file);
      return b === undefined ? undefined : decoder.decode(b);
    },
    readBytes: bytes,
    list: (dir) => {
      const d = dirs.get(dir.replace(/\/$/, ''));
      return d ? [...d] : undefined;
    },
    isDirectory: (p) => dirs.has(p.replace(/\/$/, '')),
  };
}
