/**
 * Test helper: writes a gzipped tar (ustar) in memory, header by header, so the archive tests
 * control every byte, including the hostile names and sizes a real packer would never write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data?: Uint8Array | string | undefined;
  /** '0' regular file (default), '5' directory, 'x' PAX header, 'L' GNU long name. */
  type?: string | undefined;
  /** Size written in the header when it must differ from the data (a truncated archive). */
  size?: number | undefined;
}

function put(h: Buffer, offset: number, len: number, s: string): void {
  h.write(s.slice(0, len), offset, 'latin1');
}

function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  put(h, 0, 100, name);
  put(h, 100, 8, '0000644\0');
  put(h, 108, 8, '0000000\0');
  put(h, 116, 8, '0000000\0');
  put(h, 124, 12, size.toString(8).padStart(11, '0') + '\0');
  put(h, 136, 12, '00000000000\0');
  put(h, 148, 8, '        '); // checksum counts its own field as spaces
  put(h, 156, 1, type);
  put(h, 257, 8, 'ustar\u000000');
  let sum = 0;
  for (const b of h) sum += b;
  put(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data ?? new Uint8Array());
    parts.push(header(e.name, e.size ?? data.length, e.type ?? '0'), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tar(entries));
}

/** A chart directory packed as `helm package` lays it out: every file under `<top>/`. */
export function packDir(dir: string, top: string): Buffer {
  const entries: TarEntry[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${e}` : e;
      if (fs.statSync(path.join(dir, r)).isDirectory()) walk(r);
      else entries.push({ name: `${top}/${r}`, data: fs.readFileSync(path.join(dir, r)) });
    }
  };
  walk('');
  return tarGz(entries);
}
