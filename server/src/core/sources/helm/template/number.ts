/**
 * Go's number literals in templates (text/template/parse newNumber, strconv ParseInt and
 * ParseFloat with base 0): what is an int, what a float64, and the errors for the rest.
 */
import type { Token } from './lexer';
import { TemplateSyntaxError } from './lexer';
import { GoComplex } from './values';

/** strconv.ParseInt(s, 0, 64)'s syntax (before underscoreOK). */
const INT_SYNTAX = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/;
/** A float's exponent digits (the `_` already removed). */
const EXPONENT = /^[+-]?[0-9]+$/;

/** Go's underscoreOK (strconv): `_` only between digits, or between a base prefix and a digit. */
export function underscoreOK(text: string): boolean {
  const s = text.replace(/^[+-]/, '');
  let saw = '^';
  let i = 0;
  const hex = /^0[xX]/.test(s);
  if (/^0[xXbBoO]/.test(s)) {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else if (saw === '_') return false;
    else saw = '!';
  }
  return saw !== '_';
}

/** A mantissa's whole and fraction digits (at most one `.`, at least one digit), each matching `digits`. */
function mantissa(m: string, digits: RegExp): [string, string] | undefined {
  const dot = m.indexOf('.');
  const whole = dot < 0 ? m : m.slice(0, dot);
  const frac = dot < 0 ? '' : m.slice(dot + 1);
  return digits.test(whole) && digits.test(frac) && whole + frac !== '' ? [whole, frac] : undefined;
}

/**
 * strconv.ParseFloat(text, 64), undefined where it fails (syntax, out of range): decimal with an
 * optional `e` exponent, or hex (`0x1.8p1`) with its required `p` exponent. Read piece by piece
 * (no nested quantifiers: redos.test).
 */
function parseFloat64(text: string): number | undefined {
  if (!underscoreOK(text)) return undefined;
  let s = text.replace(/_/g, '');
  const neg = s.startsWith('-');
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let f: number;
  if (/^0[xX]/.test(s)) {
    const p = s.search(/[pP]/);
    if (p < 0 || !EXPONENT.test(s.slice(p + 1))) return undefined;
    const m = mantissa(s.slice(2, p), /^[0-9a-fA-F]*$/);
    if (!m) return undefined;
    f = Number(BigInt('0x' + m[0] + m[1])) * 2 ** (Number(s.slice(p + 1)) - 4 * m[1].length);
  } else {
    const e = s.search(/[eE]/);
    if (e >= 0 && !EXPONENT.test(s.slice(e + 1))) return undefined;
    if (!mantissa(e < 0 ? s : s.slice(0, e), /^[0-9]*$/)) return undefined;
    f = Number(s);
  }
  if (neg) f = -f;
  return Number.isFinite(f) ? f : undefined;
}

/** A decimal integer with nothing to strip or convert, too short to overflow an int64. */
const PLAIN_DECIMAL = /^(?:0|[1-9][0-9]{0,17})$/;

/**
 * Go's newNumber and idealConstant: ParseInt's syntax -> int (bigint); else ParseFloat's ->
 * float64 (number), though an integer-looking float is an overflow (`08`, a huge literal).
 */
export function parseNumber(t: Token): number | bigint | GoComplex {
  // Most numbers in charts (`nindent 4`, `trunc 63`) are plain: what the rules below make of them.
  if (PLAIN_DECIMAL.test(t.val)) return BigInt(t.val);
  if (t.val.endsWith('i')) return parseComplex(t);
  if (INT_SYNTAX.test(t.val) && underscoreOK(t.val)) {
    let s = t.val.replace(/_/g, '');
    const neg = s.startsWith('-');
    if (s[0] === '+' || s[0] === '-') s = s.slice(1);
    let v = /^0[0-7]+$/.test(s) ? BigInt('0o' + s.slice(1)) : BigInt(s.replace(/^0([xXbBoO])/, (_m, b: string) => '0' + b.toLowerCase()));
    v = neg ? -v : v;
    if (v > 9223372036854775807n || v < -9223372036854775808n) throw new TemplateSyntaxError(t.pos, `integer overflow: "${t.val}"`);
    return v;
  }
  const f = parseFloat64(t.val);
  if (f === undefined) throw new TemplateSyntaxError(t.pos, `illegal number syntax: ${JSON.stringify(t.val)}`);
  if (!/[.eEpP]/.test(t.val)) throw new TemplateSyntaxError(t.pos, `integer overflow: ${JSON.stringify(t.val)}`);
  return f;
}

/**
 * Go's imaginary literal (`1i`: ParseFloat of the text before the `i`) or complex constant
 * (`1+2i`, the lexer's itemComplex: fmt.Sscan), a complex128 either way.
 */
function parseComplex(t: Token): GoComplex {
  const text = t.val.slice(0, -1);
  // The sign between the parts: the last + or - not at the start and not after an exponent letter.
  let split = -1;
  for (let i = text.length - 1; i > 0; i--) {
    if ((text[i] === '+' || text[i] === '-') && !/[eEpP]/.test(text.charAt(i - 1))) {
      split = i;
      break;
    }
  }
  if (split < 0) {
    const im = parseFloat64(text);
    if (im === undefined) throw new TemplateSyntaxError(t.pos, `illegal number syntax: ${JSON.stringify(t.val)}`);
    return new GoComplex(0, im);
  }
  const re = parseFloat64(text.slice(0, split));
  const im = parseFloat64(text.slice(split));
  if (re === undefined || im === undefined) throw new TemplateSyntaxError(t.pos, 'syntax error scanning complex number');
  return new GoComplex(re, im);
}
