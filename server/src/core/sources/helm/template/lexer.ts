/**
 * Lexer of Go's text/template: splits a template into literal text and the tokens of
 * `{{ }}` actions. Trim markers (`{{- `, ` -}}`) are applied here, as Go does, so the parser
 * sees already-trimmed text; every token keeps its offset into the template source so errors
 * and the source map can point at it.
 */

/** The length of the characters in `set` from `p` on (Go's lexer acceptRun). */
function runLength(src: string, p: number, set: string): number {
  let q = p;
  while (q < src.length && set.includes(src.charAt(q))) q++;
  return q - p;
}

/**
 * Go's scanNumber (text/template/parse/lex.go): a sign, a 0x/0o/0b prefix, digits and `_`, a
 * fraction, an exponent (`e` for decimal, `p` for hex) with `_`, an `i`; what follows is checked
 * by the caller. Returns the length read; the parser judges the syntax (ParseInt/ParseFloat).
 */
function numberLength(src: string, p: number): number {
  let q = p;
  const accept = (set: string) => (q < src.length && set.includes(src.charAt(q)) ? (q++, true) : false);
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  q += runLength(src, q, digits);
  if (accept('.')) q += runLength(src, q, digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    q += runLength(src, q, '0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    q += runLength(src, q, '0123456789_');
  }
  accept('i');
  return q - p;
}

export type TokKind =
  | 'text'
  | 'left'
  | 'right'
  | 'field'
  | 'variable'
  | 'ident'
  | 'string'
  | 'rawstring'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'keyword'
  | 'space'
  /** Any other printable ASCII character (Go's itemChar): the parser reports it as unexpected. */
  | 'punct'
  /** A lexing error, deferred (lex's deferErrors): the parser throws it when it reaches it, as Go's does. */
  | 'error'
  | 'eof';

export interface Token {
  kind: TokKind;
  /** The token's text (for `text`, the literal after trimming; a `space` token's is always one space). */
  val: string;
  /** Offset of the token in the template source. */
  pos: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

export class TemplateSyntaxError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Character classes by char code: the lexer visits every character of every action, and a
 * regular expression test per character was most of a large chart's parse time.
 */
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}
const isSpace = (c: string | undefined): boolean => c !== undefined && c.length > 0 && isSpaceCode(c.charCodeAt(0));

/** The length of `text` without its trailing spaces (a backward scan: `/\s+$/` is quadratic in the run). */
function trimmedEnd(text: string): number {
  let e = text.length;
  while (e > 0 && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return e;
}

/**
 * Tokenises the whole template. Throws TemplateSyntaxError with Go's wording, or with
 * `deferErrors` ends the tokens with an `error` token at the error's position: Go's parser pulls
 * items from its lexer one at a time, so a parse error before a lexing error is the one reported.
 */
export function lex(src: string, deferErrors = false): Token[] {
  const out: Token[] = [];
  try {
    lexInto(src, out);
  } catch (e) {
    if (!deferErrors || !(e instanceof TemplateSyntaxError)) throw e;
    out.push({ kind: 'error', val: e.message, pos: e.pos });
  }
  return out;
}

function lexInto(src: string, out: Token[]): void {
  let i = 0;
  let trimNextText = false;
  while (i <= src.length) {
    const open = src.indexOf('{{', i);
    const textEnd = open < 0 ? src.length : open;
    let text = src.slice(i, textEnd);
    let textPos = i;
    if (trimNextText) {
      const trimmed = text.replace(/^[ \t\r\n]+/, '');
      textPos += text.length - trimmed.length;
      text = trimmed;
    }
    const leftTrim = open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3]);
    if (leftTrim) text = text.slice(0, trimmedEnd(text));
    if (text.length > 0) out.push({ kind: 'text', val: text, pos: textPos });
    if (open < 0) break;
    const p = open + 2 + (leftTrim ? 2 : 0);
    // Comments: `{{/* ... */}}`, optionally with trim markers around them.
    if (src.startsWith('/*', p)) {
      const close = src.indexOf('*/', p + 2);
      if (close < 0) throw new TemplateSyntaxError(open, 'unclosed comment');
      let q = close + 2;
      let rightTrim = false;
      if (src.startsWith(' -}}', q) || src.startsWith('\t-}}', q) || src.startsWith('\n-}}', q)) {
        rightTrim = true;
        q += 4;
      } else if (src.startsWith('}}', q)) q += 2;
      else throw new TemplateSyntaxError(open, 'comment ends before closing delimiter');
      trimNextText = rightTrim;
      i = q;
      continue;
    }
    out.push({ kind: 'left', val: '{{', pos: open });
    const r = lexAction(src, p, out);
    trimNextText = r.trim;
    i = r.next;
  }
  out.push({ kind: 'eof', val: '', pos: src.length });
}

function isAlnum(c: string): boolean {
  const k = c.charCodeAt(0);
  if (k < 0x80) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95;
  return /\p{L}|\p{N}/u.test(c);
}

/**
 * The length of a plain decimal integer at `p` (`[0-9]+` not followed by a character that
 * could continue a number), or 0: the common case, read without numberLength.
 */
function plainIntLength(src: string, p: number): number {
  let q = p;
  while (q < src.length && src.charCodeAt(q) >= 48 && src.charCodeAt(q) <= 57) q++;
  const next = src.charAt(q);
  // A leading 0 (octal, 0x...), or what numberLength would read on (`.`, `e`, `_`, `i`, letters): not plain.
  if (q === p || (src.charAt(p) === '0' && q - p > 1) || (next !== '' && (isAlnum(next) || next === '.'))) return 0;
  return q - p;
}

/** Lexes inside one action from `p`; returns where the text after `}}` starts. */
function lexAction(src: string, p: number, out: Token[]): { next: number; trim: boolean } {
  let parenDepth = 0;
  for (;;) {
    if (p >= src.length) throw new TemplateSyntaxError(p, 'unclosed action');
    const c = src.charAt(p);
    if (isSpaceCode(src.charCodeAt(p))) {
      const start = p;
      while (p < src.length && isSpaceCode(src.charCodeAt(p))) p++;
      if (src.startsWith('-}}', p) && p > start) {
        out.push({ kind: 'right', val: '}}', pos: p });
        return { next: p + 3, trim: true };
      }
      // The parser reads a space token's kind, never its text: no substring per run of spaces.
      out.push({ kind: 'space', val: ' ', pos: start });
      continue;
    }
    if (src.startsWith('}}', p)) {
      if (parenDepth > 0) throw new TemplateSyntaxError(p, 'unclosed left paren');
      out.push({ kind: 'right', val: '}}', pos: p });
      return { next: p + 2, trim: false };
    }
    const start = p;
    switch (c) {
      case '|':
        out.push({ kind: 'pipe', val: c, pos: p++ });
        continue;
      case '(':
        parenDepth++;
        out.push({ kind: 'lparen', val: c, pos: p++ });
        continue;
      case ')':
        if (--parenDepth < 0) throw new TemplateSyntaxError(p, `unexpected right paren`);
        out.push({ kind: 'rparen', val: c, pos: p++ });
        continue;
      case ',':
        out.push({ kind: 'comma', val: c, pos: p++ });
        continue;
      case '=':
        out.push({ kind: 'assign', val: c, pos: p++ });
        continue;
      case ':':
        if (src[p + 1] !== '=') throw new TemplateSyntaxError(p, 'expected :=');
        out.push({ kind: 'declare', val: ':=', pos: p });
        p += 2;
        continue;
      case '"': {
        p++;
        while (src[p] !== '"') {
          if (p >= src.length || src[p] === '\n') throw new TemplateSyntaxError(start, 'unterminated quoted string');
          if (src[p] === '\\') p++;
          p++;
        }
        p++;
        out.push({ kind: 'string', val: src.slice(start, p), pos: start });
        continue;
      }
      case '`': {
        const close = src.indexOf('`', p + 1);
        if (close < 0) throw new TemplateSyntaxError(start, 'unterminated raw quoted string');
        p = close + 1;
        out.push({ kind: 'rawstring', val: src.slice(start, p), pos: start });
        continue;
      }
      case "'": {
        p++;
        while (src[p] !== "'") {
          if (p >= src.length || src[p] === '\n') throw new TemplateSyntaxError(start, 'unterminated character constant');
          if (src[p] === '\\') p++;
          p++;
        }
        p++;
        out.push({ kind: 'char', val: src.slice(start, p), pos: start });
        continue;
      }
      case '$': {
        p++;
        while (p < src.length && isAlnum(src.charAt(p))) p++;
        checkTerminator(src, p);
        out.push({ kind: 'variable', val: src.slice(start, p), pos: start });
        continue;
      }
      case '.': {
        if (/[0-9]/.test(src[p + 1] ?? '')) break; // a number like .5
        p++;
        if (p < src.length && isAlnum(src.charAt(p))) {
          while (p < src.length && isAlnum(src.charAt(p))) p++;
          checkTerminator(src, p);
          out.push({ kind: 'field', val: src.slice(start, p), pos: start });
        } else {
          checkTerminator(src, p);
          out.push({ kind: 'dot', val: '.', pos: start });
        }
        continue;
      }
    }
    if (/[0-9+\-.]/.test(c)) {
      let len = plainIntLength(src, p);
      if (len === 0) len = numberLength(src, p);
      if (len === 0 || (len === 1 && /[+\-.]/.test(c))) throw new TemplateSyntaxError(p, `unexpected "${c}" in command`);
      p += len;
      if (p < src.length && isAlnum(src.charAt(p))) throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p + 1)}"`);
      // Go's lexNumber: a sign right after a number starts a complex constant's imaginary part (`1+2i`).
      if (src[p] === '+' || src[p] === '-') {
        p += numberLength(src, p);
        if (p < src.length && isAlnum(src.charAt(p)))
          throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p + 1)}"`);
        if (src[p - 1] !== 'i') throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p)}"`);
      }
      out.push({ kind: 'number', val: src.slice(start, p), pos: start });
      continue;
    }
    if (isAlnum(c)) {
      while (p < src.length && isAlnum(src.charAt(p))) p++;
      checkTerminator(src, p);
      const word = src.slice(start, p);
      const kind: TokKind = KEYWORDS.has(word)
        ? 'keyword'
        : word === 'true' || word === 'false'
          ? 'bool'
          : word === 'nil'
            ? 'nil'
            : 'ident';
      out.push({ kind, val: word, pos: start });
      continue;
    }
    const code = src.codePointAt(p) ?? 0;
    if (code >= 0x20 && code < 0x7f) {
      out.push({ kind: 'punct', val: c, pos: p++ });
      continue;
    }
    throw new TemplateSyntaxError(p, `unrecognized character in action: ${goRune(String.fromCodePoint(code))}`);
  }
}

/**
 * Go's atTerminator after a field, variable or identifier: a space, `.`, `,`, `|`, `:`, a
 * parenthesis, the end or the closing delimiter may follow it; anything else is a bad character.
 */
function checkTerminator(src: string, p: number): void {
  if (p >= src.length || isSpaceCode(src.charCodeAt(p)) || '.,|:()'.includes(src.charAt(p)) || src.startsWith('}}', p)) return;
  throw new TemplateSyntaxError(p, `bad character ${goRune(String.fromCodePoint(src.codePointAt(p) ?? 0))}`);
}

/** Go's `%#U`: `U+007D '}'`, without the quoted character when it is not printable (`U+0001`). */
function goRune(c: string): string {
  const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}
