/** Masterminds/semver v3 versions and constraints, as Sprig's semverCompare uses them. */
import type { FuncMap } from '../template/exec';
import { newMap } from '../template/values';
import { LazyRe2, matchAll } from '../re2';
import { str } from './convert';

const VERSION = new LazyRe2('v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?');
const CONSTRAINT_VERSION = new LazyRe2(
  'v?(\\d+|[xX*])(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?',
);

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  original: string;
}

function parseVersion(s: string): Version {
  const m = matchAll(VERSION, s.trim());
  if (!m) throw new Error('Invalid Semantic Version');
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '', original: s };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const na = /^\d+$/.test(x);
    const nb = /^\d+$/.test(y);
    if (na && nb) {
      const d = Number(x) - Number(y);
      if (d) return Math.sign(d);
      continue;
    }
    if (na !== nb) return na ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareVersions(a: Version, b: Version): number {
  return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch) || comparePre(a.pre, b.pre);
}

/** One `op version` term; wildcards (x, *, missing parts) widen to ranges. */
function checkTerm(op: string, raw: string, v: Version): boolean {
  const m = matchAll(CONSTRAINT_VERSION, raw);
  if (!m) throw new Error(`improper constraint: ${op}${raw}`);
  const wild = (x?: string) => x === undefined || /^[xX*]$/.test(x);
  const c: Version = {
    major: wild(m[1]) ? 0 : Number(m[1]),
    minor: wild(m[2]) ? 0 : Number(m[2]),
    patch: wild(m[3]) ? 0 : Number(m[3]),
    pre: m[4] ?? '',
    original: raw,
  };
  // A version with a prerelease only satisfies constraints that carry a prerelease.
  if (v.pre !== '' && c.pre === '') return false;
  const cmp = compareVersions(v, c);
  const wMinor = wild(m[2]);
  const wPatch = wild(m[3]);
  const upper = (part: 'major' | 'minor'): Version =>
    part === 'major'
      ? { major: c.major + 1, minor: 0, patch: 0, pre: '', original: '' }
      : { major: c.major, minor: c.minor + 1, patch: 0, pre: '', original: '' };
  const below = (u: Version) => compareVersions({ ...v, pre: '' }, u) < 0;
  switch (op) {
    case '':
    case '=':
      if (wild(m[1])) return true;
      if (wMinor) return v.major === c.major;
      if (wPatch) return v.major === c.major && v.minor === c.minor;
      return cmp === 0;
    case '!=':
      if (wMinor) return v.major !== c.major;
      if (wPatch) return !(v.major === c.major && v.minor === c.minor);
      return cmp !== 0;
    case '>':
      if (wMinor) return v.major > c.major;
      if (wPatch) return v.major > c.major || (v.major === c.major && v.minor > c.minor);
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (wMinor) return v.major <= c.major;
      if (wPatch) return v.major < c.major || (v.major === c.major && v.minor <= c.minor);
      return cmp <= 0;
    case '~':
    case '~>':
      return cmp >= 0 && below(wMinor ? upper('major') : upper('minor'));
    case '^':
      if (c.major > 0 || wMinor) return cmp >= 0 && below(upper('major'));
      if (c.minor > 0 || wPatch) return cmp >= 0 && below(upper('minor'));
      return cmp >= 0 && below({ ...c, patch: c.patch + 1, pre: '' });
  }
  throw new Error(`improper constraint: ${op}${raw}`);
}

function satisfies(constraint: string, version: Version): boolean {
  return constraint.split('||').some((alt) => {
    const a = alt.trim();
    // "1.2 - 1.4" hyphen ranges
    const hy = /^(\S+)\s+-\s+(\S+)$/.exec(a);
    if (hy) {
      const [, lo = '', hi = ''] = hy;
      return checkTerm('>=', lo, version) && checkTerm('<=', hi, version);
    }
    const terms = a
      .split(/\s*,\s*|\s+(?=[<>=!~^])/)
      .map((t) => t.trim())
      .filter(Boolean);
    return terms.every((t) => {
      const [, op = '', ver = ''] = /^(!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(.+)$/.exec(t)!;
      return checkTerm(op, ver, version);
    });
  });
}

export function addSemverFuncs(f: FuncMap): void {
  f.set('semverCompare', { fn: (a) => satisfies(str(a[0]), parseVersion(str(a[1]))) });
  f.set('semver', {
    fn: (a) => {
      const v = parseVersion(str(a[0]));
      const m = newMap();
      Object.assign(m, { Major: BigInt(v.major), Minor: BigInt(v.minor), Patch: BigInt(v.patch), Prerelease: v.pre, Original: v.original });
      return m;
    },
  });
}
