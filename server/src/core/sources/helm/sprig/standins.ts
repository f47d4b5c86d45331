/**
 * Deterministic stand-ins for Sprig's random, crypto and clock functions: values of the
 * right shape from a seeded generator, so a render is stable between keystrokes and the
 * rendered objects stay analysable. Hashes and encodings are real (they are deterministic).
 */
import { createHash } from 'node:crypto';
import type { FuncMap } from '../template/exec';
import type { GoObject } from '../template/values';
import { goInt, newMap } from '../template/values';
import { int, str, toInt64 } from './convert';

/** mulberry32: small, fast, deterministic. */
export class SeededRandom {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick(chars: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.next() * chars.length)];
    return s;
  }
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 94 }, (_x, i) => String.fromCharCode(33 + i)).join('');

/** A fixed instant stands in for `now`: 2026-01-01T00:00:00Z. */
const FIXED_NOW = Date.UTC(2026, 0, 1);

class GoTime implements GoObject {
  readonly goType = 'time.Time';
  constructor(readonly ms: number) {}
  goField(name: string): { value: unknown } | undefined {
    if (name === 'Unix') return { value: BigInt(Math.floor(this.ms / 1000)) };
    if (name === 'Year') return { value: BigInt(new Date(this.ms).getUTCFullYear()) };
    return undefined;
  }
  goString(): string {
    return goDate('2006-01-02 15:04:05.999999999 -0700 MST', this.ms);
  }
}

/** Go's reference-time layout formatting (UTC), for the layouts charts use. */
function goDate(layout: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  // An out-of-range time (an invalid Date) has no month or weekday: as before, a full name
  // prints "undefined" and an abbreviation is an error.
  const month = months[d.getUTCMonth()];
  const day = days[d.getUTCDay()];
  const abbrev = (name: string | undefined) => {
    if (name === undefined) throw new Error('time out of range');
    return name.slice(0, 3);
  };
  return layout.replace(
    /2006|January|Jan|Monday|Mon|MST|-0700|-07:00|Z07:00|\.999999999|\.000|01|02|15|03|04|05|06|_2|1|2|3|4|5|PM/g,
    (t) => {
      switch (t) {
        case '2006':
          return String(d.getUTCFullYear());
        case '06':
          return p2(d.getUTCFullYear() % 100);
        case 'January':
          return month ?? 'undefined';
        case 'Jan':
          return abbrev(month);
        case 'Monday':
          return day ?? 'undefined';
        case 'Mon':
          return abbrev(day);
        case 'MST':
          return 'UTC';
        case '-0700':
          return '+0000';
        case '-07:00':
          return '+00:00';
        case 'Z07:00':
          return 'Z';
        case '.999999999':
          return '';
        case '.000':
          return '.' + String(d.getUTCMilliseconds()).padStart(3, '0');
        case '01':
          return p2(d.getUTCMonth() + 1);
        case '1':
          return String(d.getUTCMonth() + 1);
        case '02':
          return p2(d.getUTCDate());
        case '_2':
          return String(d.getUTCDate()).padStart(2, ' ');
        case '2':
          return String(d.getUTCDate());
        case '15':
          return p2(d.getUTCHours());
        case '03':
          return p2(d.getUTCHours() % 12 || 12);
        case '3':
          return String(d.getUTCHours() % 12 || 12);
        case '04':
          return p2(d.getUTCMinutes());
        case '4':
          return String(d.getUTCMinutes());
        case '05':
          return p2(d.getUTCSeconds());
        case '5':
          return String(d.getUTCSeconds());
        case 'PM':
          return d.getUTCHours() >= 12 ? 'PM' : 'AM';
      }
      return t;
    },
  );
}

function timeMs(v: unknown): number {
  if (v instanceof GoTime) return v.ms;
  const n = goInt(v) ?? v;
  if (typeof n === 'bigint' || typeof n === 'number') return Number(n) * 1000;
  return FIXED_NOW;
}

function fakePem(kind: string, rnd: SeededRandom, seed: string): string {
  const body = createHash('sha256')
    .update(seed + rnd.next())
    .digest('base64')
    .repeat(8);
  const lines = body.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${kind}-----\n${lines}\n-----END ${kind}-----\n`;
}

function certificate(rnd: SeededRandom, cn: string): Record<string, unknown> {
  const m = newMap();
  m.Cert = fakePem('CERTIFICATE', rnd, 'cert:' + cn);
  m.Key = fakePem('RSA PRIVATE KEY', rnd, 'key:' + cn);
  return m;
}

export function addStandIns(f: FuncMap, rnd: SeededRandom): void {
  const randStr = (chars: string) => ({ fn: (a: unknown[]) => rnd.pick(chars, Math.max(0, int(a[0]))) });
  f.set('randAlphaNum', randStr(ALPHA + DIGITS));
  f.set('randAlpha', randStr(ALPHA));
  f.set('randNumeric', randStr(DIGITS));
  f.set('randAscii', randStr(ASCII));
  f.set('randInt', {
    fn: (a) => {
      const lo = toInt64(a[0]);
      const hi = toInt64(a[1]);
      return lo + BigInt(Math.floor(rnd.next() * Number(hi - lo)));
    },
  });
  f.set('randBytes', { fn: (a) => Buffer.from(rnd.pick(ALPHA, int(a[0]))).toString('base64') });
  f.set('shuffle', {
    fn: (a) => {
      const c = [...str(a[0])];
      for (let i = c.length - 1; i > 0; i--) {
        const j = Math.floor(rnd.next() * (i + 1));
        const x = c[i];
        const y = c[j];
        if (x === undefined || y === undefined) continue;
        c[i] = y;
        c[j] = x;
      }
      return c.join('');
    },
  });
  f.set('uuidv4', {
    fn: () => {
      const h = rnd.pick('0123456789abcdef', 32).split('');
      h[12] = '4';
      h[16] = '89ab'.charAt(Math.floor(rnd.next() * 4));
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  });
  f.set('genCA', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genCAWithKey', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genSelfSignedCert', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genSelfSignedCertWithKey', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genSignedCert', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genSignedCertWithKey', { fn: (a) => certificate(rnd, str(a[0])) });
  f.set('genPrivateKey', { fn: (a) => fakePem(str(a[0]) === 'ecdsa' ? 'EC PRIVATE KEY' : 'RSA PRIVATE KEY', rnd, 'pk') });
  f.set('htpasswd', { fn: (a) => `${str(a[0])}:$2a$10$${rnd.pick(ALPHA + DIGITS + './', 53)}` });
  f.set('derivePassword', { fn: (a) => createHash('sha256').update(a.map(String).join('|')).digest('base64').slice(0, 20) });
  f.set('now', { fn: () => new GoTime(FIXED_NOW) });
  f.set('unixEpoch', { fn: (a) => String(Math.floor(timeMs(a[0]) / 1000)) });
  f.set('date', { fn: (a) => goDate(str(a[0]), timeMs(a[1])) });
  f.set('dateInZone', { fn: (a) => goDate(str(a[0]), timeMs(a[1])) });
  f.set('htmlDate', { fn: (a) => goDate('2006-01-02', timeMs(a[0])) });
  f.set('dateModify', { fn: (a) => a[1] });
  f.set('ago', { fn: () => '0s' });
  f.set('sha256sum', { fn: (a) => createHash('sha256').update(str(a[0]), 'utf8').digest('hex') });
  f.set('sha1sum', { fn: (a) => createHash('sha1').update(str(a[0]), 'utf8').digest('hex') });
  f.set('sha512sum', { fn: (a) => createHash('sha512').update(str(a[0]), 'utf8').digest('hex') });
  f.set('adler32sum', {
    fn: (a) => {
      let x = 1;
      let y = 0;
      for (const b of Buffer.from(str(a[0]))) {
        x = (x + b) % 65521;
        y = (y + x) % 65521;
      }
      return String(((y << 16) | x) >>> 0);
    },
  });
}
