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

/** Token kinds: numbers, so a token is a few array entries rather than an object (Tokens). */
export const Tok = {
  Text: 0,
  Left: 1,
  Right: 2,
  Field: 3,
  Variable: 4,
  Ident: 5,
  String: 6,
  RawString: 7,
  Char: 8,
  Number: 9,
  Bool: 10,
  Nil: 11,
  Dot: 12,
  Pipe: 13,
  LParen: 14,
  RParen: 15,
  Declare: 16,
  Assign: 17,
  Comma: 18,
  Keyword: 19,
  EOF: 20,
  /** Any other printable ASCII character (Go's itemChar): the parser reports it as unexpected. */
  Punct: 21,
  /**
   * A lexing error, deferred (lex's deferErrors): the last token, its message in
   * Tokens.error; the parser throws it when it reaches it, as Go's does.
   */
  Error: 22,
} as const;
export type TokKind = (typeof Tok)[keyof typeof Tok];

/**
 * A template's tokens as parallel typed arrays (a large chart has a few hundred thousand: as
 * objects, with their text as substrings, they were a fifth of a render's allocation). Token
 * `i`'s text is `src.slice(start[i], end[i])` (for `text`, the literal after trimming; a
 * `right`'s start is the `-` of ` -}}`). Spaces inside an action are no token: `spaced[i]` says
 * whether whitespace came right before token `i` (Go's parser needs it for "missing space?" and
 * to tell `$x.a` from `$x .a`).
 */
export class Tokens {
  count = 0;
  kind = new Uint8Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  spaced = new Uint8Array(256);
  /** The message of the deferred lexing error that ends the list (an Error token), if any. */
  error = '';

  /** Empties the list for another template (the arrays are kept). */
  reset(): void {
    this.count = 0;
    this.error = '';
  }

  push(kind: TokKind, start: number, end: number, spaced: boolean): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.spaced[i] = spaced ? 1 : 0;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    const start = new Int32Array(n);
    start.set(this.start);
    const end = new Int32Array(n);
    end.set(this.end);
    const spaced = new Uint8Array(n);
    spaced.set(this.spaced);
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.spaced = spaced;
  }
}

/** One token as an object: what number.ts reads of a number literal (its text and offset). */
export interface Token {
  val: string;
  /** Offset of the token in the template source. */
  pos: number;
}

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

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

/**
 * Tokenises the whole template into `out` (emptied first; a parse reuses one list, so a render
 * allocates no token storage). Throws TemplateSyntaxError with Go's wording, or with
 * `deferErrors` ends the tokens with an Error token at the error's position (its message in
 * `out.error`): Go's parser pulls items from its lexer one at a time, so a parse error before a
 * lexing error is the one reported.
 */
export function lex(src: string, out: Tokens = new Tokens(), deferErrors = false): Tokens {
  out.reset();
  try {
    lexInto(src, out);
  } catch (e) {
    if (!deferErrors || !(e instanceof TemplateSyntaxError)) throw e;
    out.push(Tok.Error, e.pos, e.pos, false);
    out.error = e.message;
  }
  return out;
}

function lexInto(src: string, out: Tokens): void {
  let i = 0;
  let trimNextText = false;
  while (i <= src.length) {
    const open = src.indexOf('{{', i);
    let textStart = i;
    let textEnd = open < 0 ? src.length : open;
    if (trimNextText) while (textStart < textEnd && isSpaceCode(src.charCodeAt(textStart))) textStart++;
    const leftTrim = open >= 0 && src.charCodeAt(open + 2) === 45 /* - */ && isSpaceCode(src.charCodeAt(open + 3));
    if (leftTrim) while (textEnd > textStart && isSpaceCode(src.charCodeAt(textEnd - 1))) textEnd--;
    if (textEnd > textStart) out.push(Tok.Text, textStart, textEnd, false);
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
    out.push(Tok.Left, open, open + 2, false);
    const next = lexAction(src, p, out);
    // lexAction returns the offset after `}}`, negated when it was ` -}}` (no object per action).
    trimNextText = next < 0;
    i = next < 0 ? -next : next;
  }
  out.push(Tok.EOF, src.length, src.length, false);
}

function isAlnum(c: string): boolean {
  const k = c.charCodeAt(0);
  if (k < 0x80) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95;
  return /\p{L}|\p{N}/u.test(c);
}

/** isAlnum of the character at `p` of `src`, read by code (no one-character string for ASCII). */
function isAlnumAt(src: string, p: number): boolean {
  const k = src.charCodeAt(p);
  if (k < 0x80) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95;
  return k === k && isAlnum(src.charAt(p)); // NaN past the end
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

/**
 * Lexes inside one action from `p`; returns where the text after `}}` starts, negated when the
 * action ended with ` -}}` (the text is then trimmed).
 */
function lexAction(src: string, p: number, out: Tokens): number {
  let parenDepth = 0;
  let spaced = false;
  for (;;) {
    if (p >= src.length) throw new TemplateSyntaxError(p, 'unclosed action');
    const code = src.charCodeAt(p);
    if (isSpaceCode(code)) {
      const start = p;
      while (p < src.length && isSpaceCode(src.charCodeAt(p))) p++;
      if (src.startsWith('-}}', p) && p > start) {
        out.push(Tok.Right, p, p + 3, true);
        return -(p + 3);
      }
      spaced = true;
      continue;
    }
    if (code === 125 /* } */ && src.charCodeAt(p + 1) === 125) {
      if (parenDepth > 0) throw new TemplateSyntaxError(p, 'unclosed left paren');
      out.push(Tok.Right, p, p + 2, spaced);
      return p + 2;
    }
    const start = p;
    const before = spaced;
    spaced = false;
    const c = src.charAt(p);
    switch (c) {
      case '|':
        out.push(Tok.Pipe, p, ++p, before);
        continue;
      case '(':
        parenDepth++;
        out.push(Tok.LParen, p, ++p, before);
        continue;
      case ')':
        if (--parenDepth < 0) throw new TemplateSyntaxError(p, `unexpected right paren`);
        out.push(Tok.RParen, p, ++p, before);
        continue;
      case ',':
        out.push(Tok.Comma, p, ++p, before);
        continue;
      case '=':
        out.push(Tok.Assign, p, ++p, before);
        continue;
      case ':':
        if (src[p + 1] !== '=') throw new TemplateSyntaxError(p, 'expected :=');
        out.push(Tok.Declare, p, p + 2, before);
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
        out.push(Tok.String, start, p, before);
        continue;
      }
      case '`': {
        const close = src.indexOf('`', p + 1);
        if (close < 0) throw new TemplateSyntaxError(start, 'unterminated raw quoted string');
        p = close + 1;
        out.push(Tok.RawString, start, p, before);
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
        out.push(Tok.Char, start, p, before);
        continue;
      }
      case '$': {
        p++;
        while (p < src.length && isAlnumAt(src, p)) p++;
        checkTerminator(src, p);
        out.push(Tok.Variable, start, p, before);
        continue;
      }
      case '.': {
        const d = src.charCodeAt(p + 1);
        if (d >= 48 && d <= 57) break; // a number like .5
        p++;
        if (p < src.length && isAlnumAt(src, p)) {
          while (p < src.length && isAlnumAt(src, p)) p++;
          checkTerminator(src, p);
          out.push(Tok.Field, start, p, before);
        } else {
          checkTerminator(src, p);
          out.push(Tok.Dot, start, p, before);
        }
        continue;
      }
    }
    if ((code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46 /* 0-9 + - . */) {
      let len = plainIntLength(src, p);
      if (len === 0) len = numberLength(src, p);
      if (len === 0 || (len === 1 && (code === 43 || code === 45 || code === 46)))
        throw new TemplateSyntaxError(p, `unexpected "${c}" in command`);
      p += len;
      if (p < src.length && isAlnumAt(src, p)) throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p + 1)}"`);
      // Go's lexNumber: a sign right after a number starts a complex constant's imaginary part (`1+2i`).
      const sign = src.charCodeAt(p);
      if (sign === 43 || sign === 45 /* + - */) {
        p += numberLength(src, p);
        if (p < src.length && isAlnumAt(src, p)) throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p + 1)}"`);
        if (src.charCodeAt(p - 1) !== 105 /* i */) throw new TemplateSyntaxError(start, `bad number syntax: "${src.slice(start, p)}"`);
      }
      out.push(Tok.Number, start, p, before);
      continue;
    }
    if (isAlnum(c)) {
      while (p < src.length && isAlnumAt(src, p)) p++;
      checkTerminator(src, p);
      out.push(wordKind(src, start, p), start, p, before);
      continue;
    }
    if (code >= 0x20 && code < 0x7f) {
      out.push(Tok.Punct, p, ++p, before);
      continue;
    }
    throw new TemplateSyntaxError(p, `unrecognized character in action: ${goRune(src.codePointAt(p) ?? 0)}`);
  }
}

/**
 * Go's atTerminator after a field, variable or identifier: a space, `.`, `,`, `|`, `:`, a
 * parenthesis, the end or the closing delimiter may follow it; anything else is a bad character.
 */
function checkTerminator(src: string, p: number): void {
  if (p >= src.length) return;
  const c = src.charCodeAt(p);
  // space . , | : ( )
  if (isSpaceCode(c) || c === 46 || c === 44 || c === 124 || c === 58 || c === 40 || c === 41) return;
  if (c === 125 /* } */ && src.charCodeAt(p + 1) === 125) return;
  throw new TemplateSyntaxError(p, `bad character ${goRune(src.codePointAt(p) ?? 0)}`);
}

/** Go's `%#U` of a code point: `U+007D '}'`, without the quoted character when it is not printable (`U+0001`). */
function goRune(code: number): string {
  const c = String.fromCodePoint(code);
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** The kind of the word `src[start, end)`: a keyword, `true`/`false`, `nil` or an identifier. */
function wordKind(src: string, start: number, end: number): TokKind {
  const len = end - start;
  // Only words of a keyword's length are looked up (no substring for the others).
  if (len < 2 || len > 8) return Tok.Ident;
  const word = src.slice(start, end);
  if (KEYWORDS.has(word)) return Tok.Keyword;
  if (word === 'true' || word === 'false') return Tok.Bool;
  return word === 'nil' ? Tok.Nil : Tok.Ident;
}
