/** Sprig string functions (argument order as Sprig: the piped value is the last argument). */
import type { FuncMap } from '../template/exec';
import { goQuote } from '../template/fmt';
import { isMap, newMap } from '../template/values';
import { findAll, re2, type Re2 } from '../re2';
import { int, str, toGoString } from './convert';

/** A chart's pattern, compiled by RE2 (Go's own syntax, linear time). */
function compile(pattern: unknown): Re2 {
  try {
    return re2(str(pattern));
  } catch (e) {
    throw new Error(`error parsing regexp: ${(e as Error).message}`, { cause: e });
  }
}

/** Distinct patterns a render keeps compiled (a chart making patterns in a loop compiles the rest each time). */
const MAX_COMPILED = 1000;

/** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, groups: (string | undefined)[], names: (n: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let j = i + 1;
    if (template[j] === '{') {
      const close = template.indexOf('}', j);
      if (close < 0) {
        out += c;
        continue;
      }
      name = template.slice(j + 1, close);
      j = close + 1;
    } else {
      while (j < template.length && /[A-Za-z0-9_]/.test(template.charAt(j))) j++;
      name = template.slice(i + 1, j);
    }
    if (name === '') {
      out += c;
      continue;
    }
    out += /^[0-9]+$/.test(name) ? (groups[Number(name)] ?? '') : (names(name) ?? '');
    i = j - 1;
  }
  return out;
}

function replaceAll(
  r: Re2,
  src: string,
  repl: (groups: (string | undefined)[], named: (n: string) => string | undefined) => string,
): string {
  let out = '';
  let last = 0;
  for (const m of findAll(r, src)) {
    out +=
      src.slice(last, m.start) +
      repl(m.groups, (n) => {
        const mm = r.matcher(src.slice(m.start));
        return mm.lookingAt() ? (mm.group(n) ?? undefined) : undefined;
      });
    last = m.end;
  }
  return out + src.slice(last);
}

/** Go's Regexp.Split. */
function regexSplit(pattern: unknown, s: string, n: number, re: (pattern: unknown) => Re2): string[] {
  if (n === 0) return [];
  const r = re(pattern);
  if (s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(r, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.start;
    if (m.end !== 0) out.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

function strSlice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(toGoString);
  if (v === null || v === undefined) return [];
  return [toGoString(v)];
}

export function addStringFuncs(f: FuncMap): void {
  const s1 = (name: string, fn: (s: string) => unknown) => f.set(name, { fn: (a) => fn(str(a[0])), trace: 'last' });
  f.set('quote', {
    fn: (a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => goQuote(toGoString(x)))
        .join(' '),
    trace: 'last',
    keep: 'insert',
  });
  f.set('squote', {
    fn: (a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => `'${toGoString(x)}'`)
        .join(' '),
    trace: 'last',
    keep: 'insert',
  });
  f.set('indent', {
    fn: (a) => {
      const pad = ' '.repeat(int(a[0]));
      return pad + str(a[1]).replace(/\n/g, '\n' + pad);
    },
    trace: 'last',
    keep: 'insert',
  });
  f.set('nindent', {
    fn: (a) => {
      const pad = ' '.repeat(int(a[0]));
      return '\n' + pad + str(a[1]).replace(/\n/g, '\n' + pad);
    },
    trace: 'last',
    keep: 'insert',
  });
  f.set('trimSuffix', {
    fn: (a) => {
      const s = str(a[1]);
      const x = str(a[0]);
      return x && s.endsWith(x) ? s.slice(0, -x.length) : s;
    },
    trace: 'last',
    keep: 'prefix',
  });
  f.set('trimPrefix', {
    fn: (a) => {
      const s = str(a[1]);
      const x = str(a[0]);
      return x && s.startsWith(x) ? s.slice(x.length) : s;
    },
    trace: 'last',
    keep: 'suffix',
  });
  f.set('trunc', {
    fn: (a) => {
      const c = int(a[0]);
      const s = str(a[1]);
      if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
      if (c >= 0 && s.length > c) return s.slice(0, c);
      return s;
    },
    trace: 'last',
    keep: 'inner',
  });
  f.set('trim', { fn: (a) => str(a[0]).replace(/^\s+|\s+$/g, ''), trace: 'last', keep: 'inner' });
  f.set('trimAll', {
    fn: (a) => {
      const cut = [...str(a[0])];
      const s = [...str(a[1])];
      let i = 0;
      let j = s.length;
      while (i < j && cut.includes(s[i]!)) i++;
      while (j > i && cut.includes(s[j - 1]!)) j--;
      return s.slice(i, j).join('');
    },
    trace: 'last',
    keep: 'inner',
  });
  s1('upper', (s) => s.toUpperCase());
  s1('lower', (s) => s.toLowerCase());
  s1('title', (s) => s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase()));
  s1('b64enc', (s) => Buffer.from(s, 'utf8').toString('base64'));
  s1('b64dec', (s) => Buffer.from(s, 'base64').toString('utf8'));
  f.set('toString', { fn: (a) => toGoString(a[0]), trace: 'last' });
  f.set('toStrings', { fn: (a) => strSlice(a[0]) });
  f.set('replace', { fn: (a) => str(a[2]).split(str(a[0])).join(str(a[1])), trace: 'last' });
  f.set('contains', { fn: (a) => str(a[1]).includes(str(a[0])) });
  f.set('hasPrefix', { fn: (a) => str(a[1]).startsWith(str(a[0])) });
  f.set('hasSuffix', { fn: (a) => str(a[1]).endsWith(str(a[0])) });
  f.set('split', {
    fn: (a) => {
      const m = newMap();
      str(a[1])
        .split(str(a[0]))
        .forEach((p, i) => {
          m['_' + i] = p;
        });
      return m;
    },
  });
  f.set('splitList', { fn: (a) => str(a[1]).split(str(a[0])) });
  f.set('join', { fn: (a) => strSlice(a[1]).join(str(a[0])) });
  f.set('cat', {
    fn: (a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map(toGoString)
        .join(' '),
  });
  f.set('repeat', { fn: (a) => str(a[1]).repeat(Math.max(0, int(a[0]))) });
  f.set('substr', {
    fn: (a) => {
      const s = str(a[2]);
      let st = int(a[0]);
      const en = int(a[1]);
      if (st < 0) return s.slice(0, en);
      if (en < 0 || en > s.length) return s.slice(st);
      if (st > en) st = en;
      return s.slice(st, en);
    },
  });
  // Each pattern is compiled once per render (this function map is a render's): charts call
  // regexReplaceAll with the same pattern for every object (bitnami's common helpers).
  const compiled = new Map<string, Re2>();
  const re = (pattern: unknown): Re2 => {
    if (typeof pattern !== 'string') return compile(pattern);
    let r = compiled.get(pattern);
    if (r === undefined) {
      r = compile(pattern);
      if (compiled.size < MAX_COMPILED) compiled.set(pattern, r);
    }
    return r;
  };
  for (const name of ['regexMatch', 'mustRegexMatch']) f.set(name, { fn: (a) => re(a[0]).matcher(str(a[1])).find() });
  for (const name of ['regexFind', 'mustRegexFind']) f.set(name, { fn: (a) => findAll(re(a[0]), str(a[1]), 1)[0]?.groups[0] ?? '' });
  for (const name of ['regexFindAll', 'mustRegexFindAll'])
    f.set(name, { fn: (a) => findAll(re(a[0]), str(a[1]), int(a[2])).map((m) => m.groups[0] ?? '') });
  for (const name of ['regexReplaceAll', 'mustRegexReplaceAll'])
    f.set(name, {
      fn: (a) => {
        const src = str(a[1]);
        return replaceAll(re(a[0]), src, (g, named) => expand(str(a[2]), g, named));
      },
    });
  for (const name of ['regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral'])
    f.set(name, {
      fn: (a) => {
        const src = str(a[1]);
        return replaceAll(re(a[0]), src, () => str(a[2]));
      },
    });
  for (const name of ['regexSplit', 'mustRegexSplit']) f.set(name, { fn: (a) => regexSplit(a[0], str(a[1]), int(a[2]), re) });
  f.set('regexQuoteMeta', { fn: (a) => str(a[0]).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&') });
  f.set('base', {
    fn: (a) => {
      const s = str(a[0]).replace(/\/+$/, '');
      return s === '' ? (str(a[0]) ? '/' : '.') : s.slice(s.lastIndexOf('/') + 1);
    },
  });
  f.set('dir', {
    fn: (a) => {
      const s = str(a[0]);
      const i = s.lastIndexOf('/');
      return cleanPath(i < 0 ? '.' : s.slice(0, i + 1));
    },
  });
  f.set('clean', { fn: (a) => cleanPath(str(a[0])) });
  f.set('ext', {
    fn: (a) => {
      const s = str(a[0]);
      const m = /\.[^./]*$/.exec(s);
      return m ? m[0] : '';
    },
  });
  f.set('camelcase', {
    fn: (a) =>
      str(a[0])
        .split('_')
        .map((w) => (w ? w.charAt(0).toUpperCase() + w.slice(1) : ''))
        .join(''),
  });
  f.set('kebabcase', {
    fn: (a) =>
      str(a[0])
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .replace(/[_\s]+/g, '-')
        .toLowerCase(),
  });
  f.set('snakecase', {
    fn: (a) =>
      str(a[0])
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[-\s]+/g, '_')
        .toLowerCase(),
  });
  f.set('nospace', { fn: (a) => str(a[0]).replace(/\s/g, '') });
  f.set('abbrev', {
    fn: (a) => {
      const w = int(a[0]);
      const s = str(a[1]);
      return w < 4 || s.length <= w ? s : s.slice(0, w - 3) + '...';
    },
  });
  void isMap;
}

/** Go's path.Clean. */
function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}
