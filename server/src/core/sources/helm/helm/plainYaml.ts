/**
 * A fast reader for the plain block YAML that templates and `toYaml` write (block maps and
 * sequences, one-line scalars, `|`/`|-` block scalars, comments, anchors on scalars and their
 * aliases, one-line flow maps and sequences of scalars), which is most of what a render reads: every rendered manifest
 * (for its kind), values files, `fromYaml` of `toYaml` output. The `yaml` library spends most of a large chart's render building documents for
 * such text. This reader gives up (returns undefined) on anything outside that subset —
 * anchored collections, tags, nested flow collections, multi-line or escaped scalars, tabs, CR, non-ASCII text,
 * document markers, odd indentation — and the caller then parses with the library, so
 * every error and every rare construct keeps the library's behaviour. Plain scalars that
 * could be something other than a string are resolved by the library too (`resolve`).
 */

/** The reader's way out: anything it does not fully understand. */
class NotPlain extends Error {}

const giveUp = (): never => {
  throw new NotPlain();
};

/** Characters that cannot start a plain scalar or key (YAML indicators), `-?:` aside. */
const INDICATORS = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** A character the reader leaves to the library (one regexp scan is much faster than a loop). */
const NOT_PLAIN_CHAR = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

const NOT_SPACE = /[^ ]/;

/**
 * An anchor on a scalar (`port: &port 9121`): a simple name, spaces, then a plain or quoted
 * scalar (an anchor on a collection, a block scalar or a flow collection is the library's).
 */
const SCALAR_ANCHOR = /^&([A-Za-z0-9_-]+) +(?=[^ #&*!|>[{])/;
/** An alias as a whole value (`*port`), ended by a space or the line's end. */
const ALIAS = /^\*([A-Za-z0-9_-]+)(?= |$)/;
/** The yaml library's maxAliasCount (readYamlDocument): more uses of one scalar anchor are its error. */
const MAX_ALIASES = 1000;

/** A literal block scalar's header: `|`, `|-`, and with an indentation indicator. */
const LITERAL_HEAD = /^\|([1-9]?)(-?)$/;

/** A plain scalar inside a flow sequence that needs no care (no indicators, no spaces). */
const FLOW_PLAIN = /^[A-Za-z0-9_][A-Za-z0-9._/-]*/;

/** First characters of YAML 1.1 plain scalars that can resolve to null, a bool or a number. */
const MAYBE_TYPED = new Set([
  '~',
  'n',
  'N',
  'y',
  'Y',
  't',
  'T',
  'f',
  'F',
  'o',
  'O',
  '-',
  '+',
  '.',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
]);

export interface PlainYamlHooks {
  /** The library's JS value of a plain scalar (memoised by the caller). */
  resolve: (plain: string) => unknown;
  /** A plain scalar's value as Helm holds it (numbers float64, null nil). */
  value: (raw: unknown) => unknown;
  /** A map key as Helm holds it (a string). */
  key: (raw: unknown) => string;
  /** A new empty map. */
  map: () => Record<string, unknown>;
}

/**
 * The map keys a caller reads, as a tree: `true` keeps everything below a key. Maps and
 * sequences under other keys are still read in full (so the document is as valid or invalid
 * as ever) but not built, which is most of the cost of reading a large manifest for its head.
 */
export interface KeptKeys {
  readonly [key: string]: KeptKeys | true;
}

/**
 * The first document of `text` as readYaml returns it, or undefined when the library must read
 * it; with `kept`, maps hold only those keys (and leave out values under any other key).
 */
export function readPlainYaml(text: string, hooks: PlainYamlHooks, kept?: KeptKeys): { value: unknown } | undefined {
  // Printable text and LF only: no tabs, CR, DEL, C1 controls, BOM, surrogates or the
  // Unicode line breaks YAML 1.1 knows (U+0085, U+2028, U+2029) to get right.
  if (NOT_PLAIN_CHAR.test(text)) return undefined;
  try {
    return { value: new Reader(text.split('\n'), hooks, kept ?? true).document() };
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

class Reader {
  private i = 0;
  /** Where the current line's content starts when it is not its indentation (after `- `). */
  private startLine = -1;
  private startCol = 0;

  /** Each line's indentation (leading spaces). */
  private readonly indents: Int32Array;
  /** The scalars anchored so far, by name, with the number of aliases that used each. */
  private readonly anchors = new Map<string, { value: unknown; uses: number }>();
  /** How many enclosing values are left out (read, not built): collections are then null. */
  private discarding = 0;

  constructor(
    private readonly lines: string[],
    private readonly hooks: PlainYamlHooks,
    /** The keys kept in the map being read (`true`: all). */
    private kept: KeptKeys | true,
  ) {
    this.indents = new Int32Array(lines.length);
    for (let k = 0; k < lines.length; k++) {
      // A native search: a charCodeAt loop over the lines split from a large manifest was a
      // quarter of reading it.
      const l = lines[k]!;
      const c = l.search(NOT_SPACE);
      this.indents[k] = c < 0 ? l.length : c;
    }
  }

  document(): unknown {
    // Document markers and directives start at column 0: only unindented lines can hold one.
    for (let k = 0; k < this.lines.length; k++) {
      if (this.indents[k] !== 0) continue;
      const l = this.lines[k]!;
      if (l.startsWith('---') || l.startsWith('...') || l.startsWith('%')) giveUp();
    }
    this.skipBlank();
    if (this.i >= this.lines.length) return null;
    const n = this.col();
    const l = this.line();
    // A scalar document (`[]` from toJson, a word): a scalar in a collection at column -1.
    const scalar = !this.isItem() && l[n] !== '"' && l[n] !== "'" && l[n] !== '|' && colonAt(l, n) === l.length;
    const value = scalar ? this.scalarAt(l, n, -1) : this.isItem() ? this.seq(n) : this.map(n);
    this.skipBlank();
    if (this.i < this.lines.length) giveUp();
    return value;
  }

  private line(): string {
    return this.lines[this.i] ?? '';
  }

  /** The column where the current line's content starts. */
  private col(): number {
    return this.i === this.startLine ? this.startCol : (this.indents[this.i] ?? 0);
  }

  /** Steps over empty and comment-only lines. */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const l = this.line();
      const c = this.col();
      if (c < l.length && l[c] !== '#') return;
      this.i++;
    }
  }

  /** Whether the current line's content is a sequence entry (`- ` or a lone `-`). */
  private isItem(): boolean {
    const l = this.line();
    const c = this.col();
    return l[c] === '-' && (c + 1 === l.length || l[c + 1] === ' ');
  }

  /** The column of the next content line, or -1 at the end. */
  private nextCol(): number {
    this.skipBlank();
    return this.i < this.lines.length ? this.col() : -1;
  }

  private map(n: number): Record<string, unknown> | null {
    const m = this.discarding > 0 ? null : this.hooks.map();
    const kept = this.kept;
    for (;;) {
      const c = this.nextCol();
      if (c < n) return m;
      if (c > n || this.isItem()) giveUp();
      const l = this.line();
      let key: string;
      let at: number;
      if (l[c] === '"' || l[c] === "'") {
        const q = this.quoted(l, c);
        key = q.value;
        at = q.end;
        if (l[at] !== ':') giveUp();
      } else {
        at = colonAt(l, c);
        const plain = l.slice(c, at);
        if (
          at === l.length ||
          at - c > 1000 ||
          plain === '<<' ||
          plain.endsWith(':') ||
          plain.endsWith(' ') ||
          plain.includes(' #') ||
          !plainStart(plain)
        )
          giveUp();
        key = this.hooks.key(MAYBE_TYPED.has(plain[0]!) ? this.scalar(plain) : plain);
      }
      const sub = kept === true ? true : Object.hasOwn(kept, key) ? kept[key] : undefined;
      if (m === null || sub === undefined) {
        this.discarding++;
        this.value(l, at + 1, n, true);
        this.discarding--;
        continue;
      }
      this.kept = sub;
      m[key] = this.value(l, at + 1, n, true);
      this.kept = kept;
    }
  }

  private seq(n: number): unknown[] | null {
    const s: unknown[] | null = this.discarding > 0 ? null : [];
    for (;;) {
      const c = this.nextCol();
      if (c < n || (c === n && !this.isItem())) return s;
      if (c > n) giveUp();
      const v = this.value(this.line(), c + 1, n, false);
      s?.push(v);
    }
  }

  /**
   * The value after a key's colon or an entry's dash at `from` of line `l`, in a collection
   * at column `n`; leaves the reader on the line after it.
   */
  private value(l: string, from: number, n: number, inMap: boolean): unknown {
    let c = from;
    while (l.charCodeAt(c) === 0x20) c++;
    if (c > from && c < l.length && l[c] !== '#' && !inMap) {
      // `- key: v` or `- - x`: a collection starting on the entry's line.
      const rest = l.slice(c);
      if (rest.startsWith('- ') || rest === '-') giveUp();
      if (l[c] !== '"' && l[c] !== "'" && l[c] !== '{' && colonAt(l, c) < l.length) {
        this.startLine = this.i;
        this.startCol = c;
        return this.map(c);
      }
    }
    if (c >= l.length || l[c] === '#') {
      if (c === from && c < l.length) giveUp(); // `key:#x` is not a comment
      this.i++;
      const next = this.nextCol();
      if (next > n) {
        if (this.isItem()) return this.seq(next);
        const t = this.line();
        // `key:` with its scalar on the next line (go-yaml writes `{}` there for empty maps).
        if (t[next] === '{' || (t[next] !== '"' && t[next] !== "'" && t[next] !== '|' && colonAt(t, next) === t.length))
          return this.scalarAt(t, next, n);
        return this.map(next);
      }
      if (next === n && inMap && this.isItem()) return this.seq(n);
      return null;
    }
    if (c === from) giveUp(); // `key:value` is one plain scalar, `-x` too
    if (l[c] === '|') return this.literal(l, c, n, inMap);
    if (l[c] === '&') {
      const m = SCALAR_ANCHOR.exec(l.slice(c));
      if (!m) giveUp();
      const value = this.scalarAt(l, c + m![0].length, n);
      // A later anchor of the same name replaces it, as in the library.
      this.anchors.set(m![1]!, { value, uses: 0 });
      return value;
    }
    return this.scalarAt(l, c, n);
  }

  /**
   * A flow scalar starting at column `c` of the current line `l`, in a collection at column
   * `n`: quoted on one line, `[]`/`{}`, or plain over one or more lines (go-yaml folds long
   * strings); leaves the reader on the line after it.
   */
  private scalarAt(first: string, c: number, n: number): unknown {
    let l = first;
    const ch = l[c]!;
    let value: unknown;
    let end: number;
    if (ch === '"' || ch === "'") {
      const q = this.quoted(l, c, n);
      l = this.line();
      value = q.value;
      end = q.end;
    } else if (ch === '{') {
      const f = this.flowMap(l, c);
      value = f.value;
      end = f.end;
    } else if (ch === '*') {
      // An alias of a scalar anchored earlier (an unknown name is the library's error).
      const m = ALIAS.exec(l.slice(c));
      const anchored = m ? this.anchors.get(m[1]!) : undefined;
      if (!anchored || ++anchored.uses > MAX_ALIASES) giveUp();
      value = anchored!.value;
      end = c + m![0].length;
    } else if (ch === '[') {
      const f = this.flowSeq(l, c);
      value = f.value;
      end = f.end;
    } else {
      let e = l.indexOf(' #', c);
      if (e < 0) e = l.length;
      let plain = l.slice(c, e).trimEnd();
      // A value may start with `:` and a non-space (`record: :node_memory:sum`); a key may not here.
      if (!(plainStart(plain) || (ch === ':' && plain.length > 1 && plain[1] !== ' ')) || !plainText(plain)) giveUp();
      if (e === l.length) plain += this.continuation(n);
      value = MAYBE_TYPED.has(ch) ? this.hooks.value(this.scalar(plain)) : plain;
      end = e;
    }
    while (l.charCodeAt(end) === 0x20) end++;
    if (end < l.length && !(l[end] === '#' && l[end - 1] === ' ')) giveUp();
    this.i++;
    // A more indented line after a scalar would continue it (or be an error).
    if (this.nextCol() > n) giveUp();
    return value;
  }

  /**
   * The lines after the current one that continue a plain scalar (more indented than `n`,
   * no blank line between), folded into one line; the reader stays on the last of them.
   */
  private continuation(n: number): string {
    let out = '';
    for (let k = this.i + 1; k < this.lines.length; k++) {
      const t = this.lines[k]!;
      const s = this.indents[k]!;
      if (s <= n || s === t.length || t[s] === '#') break;
      const part = t.slice(s).trimEnd();
      // Any first character but `#` continues the scalar (indicators only matter at its start).
      if (part[0] === ':' || !plainText(part)) giveUp();
      out += ' ' + part;
      this.i = k;
    }
    return out;
  }

  /** A one-line flow sequence of scalars at `c` (`["", "apps"]`, `[get, list]`); nothing nested. */
  private flowSeq(l: string, c: number): { value: unknown[]; end: number } {
    const value: unknown[] = [];
    let k = c + 1;
    const spaces = () => {
      while (l.charCodeAt(k) === 0x20) k++;
    };
    spaces();
    if (l[k] === ']') return { value, end: k + 1 };
    for (;;) {
      spaces();
      if (l[k] === '"' || l[k] === "'") {
        const q = this.quoted(l, k);
        value.push(q.value);
        k = q.end;
      } else {
        const m = FLOW_PLAIN.exec(l.slice(k));
        if (!m) giveUp();
        const plain = m![0];
        value.push(MAYBE_TYPED.has(plain[0]!) ? this.hooks.value(this.scalar(plain)) : plain);
        k += plain.length;
      }
      spaces();
      if (l[k] === ']') return { value, end: k + 1 };
      if (l[k] !== ',') giveUp();
      k++;
    }
  }

  /**
   * A one-line flow map at `c` of simple keys, each with a scalar or a flow sequence (`{}`,
   * `{key: app, operator: In, values: [x]}`, as charts write label selectors); nothing nested.
   */
  private flowMap(l: string, c: number): { value: Record<string, unknown> | null; end: number } {
    const m = this.discarding > 0 ? null : this.hooks.map();
    let k = c + 1;
    const spaces = () => {
      while (l.charCodeAt(k) === 0x20) k++;
    };
    spaces();
    if (l[k] === '}') return { value: m, end: k + 1 };
    for (;;) {
      spaces();
      const plainKey = FLOW_PLAIN.exec(l.slice(k))?.[0];
      if (plainKey === undefined) return giveUp();
      k += plainKey.length;
      // `{a:b}` is one plain scalar in YAML 1.2 and a pair in 1.1: the library decides.
      if (l[k] !== ':' || l[k + 1] !== ' ') giveUp();
      k += 2;
      spaces();
      let v: unknown;
      if (l[k] === '"' || l[k] === "'") {
        const q = this.quoted(l, k);
        v = q.value;
        k = q.end;
      } else if (l[k] === '[') {
        const f = this.flowSeq(l, k);
        v = f.value;
        k = f.end;
      } else {
        const plain = FLOW_PLAIN.exec(l.slice(k))?.[0];
        if (plain === undefined) return giveUp();
        v = MAYBE_TYPED.has(plain[0]!) ? this.hooks.value(this.scalar(plain)) : plain;
        k += plain.length;
      }
      const key = this.hooks.key(MAYBE_TYPED.has(plainKey[0]!) ? this.scalar(plainKey) : plainKey);
      if (m !== null) m[key] = v;
      spaces();
      if (l[k] === '}') return { value: m, end: k + 1 };
      if (l[k] !== ',') giveUp();
      k++;
    }
  }

  /** The library's value of a plain scalar that may be typed; never a collection. */
  private scalar(plain: string): unknown {
    const raw = this.hooks.resolve(plain);
    if (typeof raw === 'object' && raw !== null) giveUp();
    return raw;
  }

  /**
   * A quoted scalar starting at `c`, on one line, or for a single-quoted value in a
   * collection at column `n`, on several; double quotes with only the simplest escapes.
   */
  private quoted(first: string, c: number, n?: number): { value: string; end: number } {
    let l = first;
    const q = l[c]!;
    let out = '';
    let k = c + 1;
    for (;;) {
      const e = l.indexOf(q, k);
      if (e < 0) {
        // A single-quoted value folded over lines (go-yaml writes long strings so): each
        // line break between non-empty lines is a space; the reader moves to the last line.
        // Blank lines between are newlines instead.
        if (q !== "'" || n === undefined) giveUp();
        out += l.slice(k).trimEnd();
        let blank = 0;
        for (;;) {
          const t = this.lines[++this.i];
          if (t === undefined) giveUp();
          l = t!;
          k = 0;
          while (l.charCodeAt(k) === 0x20) k++;
          if (k < l.length) break;
          blank++;
        }
        if (k <= n!) giveUp();
        out += blank > 0 ? '\n'.repeat(blank) : ' ';
        continue;
      }
      const part = l.slice(k, e);
      if (q === "'") {
        out += part;
        if (l[e + 1] === "'") {
          out += "'";
          k = e + 2;
          continue;
        }
        return { value: out, end: e + 1 };
      }
      const bs = part.indexOf('\\');
      if (bs < 0) return { value: out + part, end: e + 1 };
      // `\"` and `\\` and a few one-letter escapes; anything else goes to the library.
      out += part.slice(0, bs);
      const esc = l[k + bs + 1];
      const simple = esc === '"' ? '"' : esc === '\\' ? '\\' : esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === '/' ? '/' : undefined;
      if (simple === undefined) giveUp();
      out += simple;
      k = k + bs + 2;
    }
  }

  /**
   * `|` or `|-` at `c`, in a collection at column `n`; in a map also `|N`/`|N-` (go-yaml
   * writes an indentation indicator when the text starts with spaces): indented `n + N`.
   */
  private literal(l: string, c: number, n: number, inMap: boolean): string {
    const head = LITERAL_HEAD.exec(l.slice(c).trimEnd());
    if (!head || (head[1] && !inMap)) giveUp();
    const strip = head![2] === '-';
    const lines = this.lines;
    let k = this.i + 1;
    let indent = head![1] ? n + Number(head![1]) : -1;
    let seen = false;
    const body: string[] = [];
    for (; k < lines.length; k++) {
      const t = lines[k]!;
      const s = this.indents[k]!;
      if (s === t.length) {
        // Blank: more spaces than the indentation would be content, before it is known an error.
        if (indent < 0 ? s > 0 : s > indent) giveUp();
        body.push('');
        continue;
      }
      if (!seen) {
        if (s <= n) break; // no content: the empty string
        // Blank lines before the first are only sure to be empty lines with a known indentation.
        if (body.length > 0 && !head![1]) giveUp();
        if (indent < 0) indent = s;
        seen = true;
      }
      if (s < indent) break;
      // A left-out text is only checked: its lines need no copies (only the count matters).
      body.push(this.discarding > 0 ? t : t.slice(indent));
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    this.i = k;
    if (this.nextCol() > n) giveUp();
    if (this.discarding > 0) return '';
    return body.length === 0 || strip ? body.join('\n') : body.join('\n') + '\n';
  }
}

/** The first `:` followed by a space or the line's end at or after `c`, or the line's length. */
function colonAt(l: string, c: number): number {
  for (let k = l.indexOf(':', c); k >= 0; k = l.indexOf(':', k + 1)) {
    if (k + 1 === l.length || l[k + 1] === ' ') return k;
  }
  return l.length;
}

/** Whether a line of a plain scalar has nothing that would end it or make it a key. */
function plainText(s: string): boolean {
  return !s.includes(': ') && !s.includes(' #') && !s.endsWith(':');
}

/** Whether `s` may start a plain scalar as it is. */
function plainStart(s: string): boolean {
  if (s.length === 0) return false;
  const c = s[0]!;
  if (INDICATORS.has(c)) return false;
  if (c === '?' || c === ':' || (c === '-' && (s.length === 1 || s[1] === ' '))) return false;
  return true;
}
