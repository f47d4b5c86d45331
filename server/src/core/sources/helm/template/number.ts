/**
 * Go's number literals in templates (text/template/parse newNumber, strconv ParseInt and
 * ParseFloat with base 0): what is an int, what a float64, and the errors for the rest.
 */
import type { Token } from './lexer';
import { TemplateSyntaxError } from './lexer';

/** strconv.ParseInt(s, 0, 64)'s syntax (before underscoreOK). */
const INT_SYNTAX = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/;
/** strconv.ParseFloat's decimal syntax (before underscoreOK). */
const DECIMAL_FLOAT = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
/** strconv.ParseFloat's hex syntax: the `p` exponent is required. */
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** Go's underscoreOK (strconv): `_` only between digits, or between a base prefix and a digit. */
function underscoreOK(text: string): boolean {
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

/** strconv.ParseFloat(text, 64), undefined where it fails (syntax, out of range). */
function parseFloat64(text: string): number | undefined {
  if (!underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  let f: number;
  const hex = HEX_FLOAT.exec(s);
  if (hex) {
    const [, sign, whole = '', frac = '', exp = '0'] = hex;
    if (whole + frac === '') return undefined;
    f = Number(BigInt('0x' + whole + frac)) * 2 ** (Number(exp) - 4 * frac.length);
    if (sign === '-') f = -f;
  } else if (DECIMAL_FLOAT.test(s) && /[0-9]/.test(s)) f = Number(s);
  else return undefined;
  return Number.isFinite(f) ? f : undefined;
}

/**
 * Go's newNumber and idealConstant: ParseInt's syntax -> int (bigint); else ParseFloat's ->
 * float64 (number), though an integer-looking float is an overflow (`08`, a huge literal).
 */
export function parseNumber(t: Token): number | bigint {
  if (t.val.endsWith('i')) throw new TemplateSyntaxError(t.pos, `complex numbers are not supported: ${t.val}`);
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
