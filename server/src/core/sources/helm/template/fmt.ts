/** Go's fmt for template values: `%v` printing and `printf` verbs, with Go's exact output. */
import { GoComplex, GoInt64, isGoObject, isMap, sortedKeys, typeName } from './values';

/**
 * strconv.FormatFloat(f, 'g', -1, 64): shortest digits; exponent form when the exponent is
 * < -4 or >= the limit (6 for fmt's %v/%g, which is why Helm prints 1000000 from values as 1e+06).
 */
export function formatFloatG(f: number, shortestExpLimit = 6): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // Shortest round-trip digits, as JS gives them.
  const [mant = '', expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  const digits = mant.replace('-', '').replace('.', '');
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= shortestExpLimit) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** `%v` of a float64: Go's shortest %g. */
function formatFloatV(f: number): string {
  return formatFloatG(f, 6);
}

/** `%v` / `print` of any value. */
export function formatV(v: unknown, top = true): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloatV(v);
    case 'bigint':
      return v.toString();
  }
  if (Array.isArray(v)) return '[' + v.map((x) => formatV(x, false)).join(' ') + ']';
  if (v instanceof GoInt64) return v.n.toString();
  // Go's fmtComplex: both parts as %g, the imaginary one always signed.
  // (-0 is printed "-0", so it takes no "+": Go prints -0i as (0-0i).)
  if (v instanceof GoComplex)
    return `(${formatFloatV(v.re)}${(v.im >= 0 && !Object.is(v.im, -0)) || Number.isNaN(v.im) ? '+' : ''}${formatFloatV(v.im)}i)`;
  if (v instanceof Uint8Array) return '[' + Array.from(v).join(' ') + ']';
  if (isGoObject(v)) return v.goString ? v.goString() : `{${v.goType}}`;
  if (isMap(v))
    return (
      'map[' +
      sortedKeys(v)
        .map((k) => `${k}:${formatV(v[k], false)}`)
        .join(' ') +
      ']'
    );
  void top;
  return String(v);
}

function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export { goQuote };

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number | undefined;
  prec?: number | undefined;
}

function pad(s: string, sp: Spec, numeric: boolean): string {
  if (sp.width === undefined || s.length >= sp.width) return s;
  const n = sp.width - s.length;
  if (sp.minus) return s + ' '.repeat(n);
  if (sp.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s.charAt(0) : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

function bad(verb: string, v: unknown): string {
  return v === null || v === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${formatV(v)})`;
}

function sElement(v: unknown, sp: Spec): string {
  return v === null || v === undefined ? '<nil>' : fmtOne('s', v, sp);
}

function fmtOne(verb: string, v: unknown, sp: Spec): string {
  if (v instanceof GoInt64 && verb !== 'T') {
    // Formatted as the integer it holds; a bad verb names its type (`%!s(int64=1)`).
    const s = fmtOne(verb, v.n, sp);
    return s.startsWith(`%!${verb}(int=`) ? `%!${verb}(int64=` + s.slice(verb.length + 7) : s;
  }
  const signed = (s: string) => (sp.plus && !s.startsWith('-') ? '+' + s : sp.space && !s.startsWith('-') ? ' ' + s : s);
  switch (verb) {
    case 'v':
      if (typeof v === 'string' && sp.sharp) return pad(goQuote(v), sp, false);
      return pad(typeof v === 'number' || typeof v === 'bigint' ? signed(formatV(v)) : formatV(v), sp, typeof v !== 'string');
    case 's':
      if (typeof v === 'string') return pad(sp.prec !== undefined ? [...v].slice(0, sp.prec).join('') : v, sp, false);
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof GoComplex) return bad(verb, v);
      if (v === null || v === undefined) return '%!s(<nil>)';
      // Go's fmt applies the verb to each element of a list or map (`[%!s(int=1) a]`); a nil element prints `<nil>`.
      if (Array.isArray(v)) return '[' + v.map((x) => sElement(x, sp)).join(' ') + ']';
      if (isMap(v))
        return (
          'map[' +
          sortedKeys(v)
            .map((k) => `${k}:${sElement(v[k], sp)}`)
            .join(' ') +
          ']'
        );
      return pad(formatV(v), sp, false);
    case 'q':
      if (typeof v === 'string') return pad(goQuote(v), sp, false);
      if (typeof v === 'bigint') return pad(`'${runeText(v)}'`, sp, false);
      return bad(verb, v);
    case 'd':
      if (typeof v === 'bigint') return pad(signed(v.toString()), sp, true);
      if (Array.isArray(v)) return '[' + v.map((x) => fmtOne('d', x, sp)).join(' ') + ']';
      return bad(verb, v);
    case 'x':
    case 'X':
    case 'o':
    case 'b':
    case 'c': {
      if (typeof v === 'string' && (verb === 'x' || verb === 'X')) {
        const hex = Buffer.from(v, 'utf8').toString('hex');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, sp, false);
      }
      if (typeof v !== 'bigint') return bad(verb, v);
      if (verb === 'c') return pad(runeText(v), sp, false);
      const base = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
      let s = (v < 0n ? -v : v).toString(base);
      if (verb === 'X') s = s.toUpperCase();
      if (sp.sharp && verb !== 'b') s = (verb === 'o' ? '0' : verb === 'x' ? '0x' : '0X') + s;
      return pad(signed((v < 0n ? '-' : '') + s), sp, true);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (typeof v !== 'number') return bad(verb, v);
      let s: string;
      const lower = verb.toLowerCase();
      if (lower === 'f') s = v.toFixed(sp.prec ?? 6);
      else if (lower === 'e') s = v.toExponential(sp.prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      else s = sp.prec === undefined ? formatFloatG(v, 6) : formatGPrec(v, sp.prec);
      if (verb === 'E' || verb === 'G') s = s.toUpperCase();
      return pad(signed(s), sp, true);
    }
    case 't':
      if (typeof v === 'boolean') return pad(v ? 'true' : 'false', sp, false);
      return bad(verb, v);
    case 'T':
      return pad(typeName(v), sp, false);
  }
  return `%!${verb}(${typeName(v)}=${formatV(v)})`;
}

function formatGPrec(v: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  const [mant = '', expStr] = v.toExponential(p - 1).split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= p) {
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    const e = Math.abs(exp);
    return `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  const s = v.toFixed(Math.max(0, p - 1 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Go's fmt.Sprintf for the verbs templates use. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const sp: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') sp.minus = true;
      else if (c === '+') sp.plus = true;
      else if (c === '0') sp.zero = true;
      else if (c === ' ') sp.space = true;
      else if (c === '#') sp.sharp = true;
      else break;
    }
    const w = /^\d+/.exec(format.slice(i));
    if (w) {
      sp.width = Number(w[0]);
      i += w[0].length;
    }
    if (format[i] === '.') {
      i++;
      const pm = /^\d*/.exec(format.slice(i))!;
      sp.prec = pm[0] ? Number(pm[0]) : 0;
      i += pm[0].length;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = format.charAt(i++);
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += fmtOne(verb, args[argi++], sp);
  }
  if (argi < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argi)
        .map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${formatV(a)}`))
        .join(', ') +
      ')';
  }
  return out;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(args[i]);
  }
  return out;
}

export function sprintln(args: unknown[]): string {
  return args.map((a) => formatV(a)).join(' ') + '\n';
}

/** An integer as a rune, as Go's fmt prints it: U+FFFD for no valid rune (negative, a surrogate, past U+10FFFF). */
function runeText(v: bigint): string {
  const valid = v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn);
  return valid ? String.fromCodePoint(Number(v)) : '\ufffd';
}
