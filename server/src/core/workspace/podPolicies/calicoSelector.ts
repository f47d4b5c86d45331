/**
 * Calico's selector expressions (`app == 'web' && has(tier)`), as Calico documents them:
 * `k == 'v'`, `k != 'v'` (also true when `k` is absent), `k in {'a', 'b'}`, `k not in {...}`
 * (also true when absent), `has(k)`, `k contains 's'`, `k starts with 's'`, `k ends with 's'`,
 * `all()`, `global()` (non-namespaced endpoints: never a pod), `!`, `&&`, `||`, parentheses.
 * An empty selector is `all()`.
 *
 * Manifests are untrusted input: one linear tokenizer pass (no RegExp), a recursive-descent
 * parser whose nesting is capped, and a length cap. A selector that does not parse (or
 * exceeds a cap) is `invalid` and matches nothing, as Calico rejects such a policy.
 */
export type CalicoExpr =
  | { op: 'all' | 'global' }
  | { op: 'has'; key: string }
  | { op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; key: string; value: string }
  | { op: 'in' | 'not in'; key: string; values: ReadonlySet<string> }
  | { op: 'not'; arg: CalicoExpr }
  | { op: 'and' | 'or'; args: CalicoExpr[] };

export interface CalicoSelector {
  /** As written, for messages. */
  text: string;
  expr?: CalicoExpr;
  invalid?: string;
}

/** Longer selectors are refused rather than parsed (real ones are a few hundred characters). */
export const MAX_SELECTOR_LENGTH = 4096;
/** Deepest nesting of `(` and `!` accepted: bounds the parser's and the matcher's recursion. */
export const MAX_SELECTOR_DEPTH = 64;

type Token = { t: 'word' | 'string' | 'punct'; v: string };

const PUNCT2 = new Set(['==', '!=', '&&', '||']);
const PUNCT1 = new Set(['(', ')', '{', '}', ',', '!']);

/** Label keys and words: letters, digits and `_ . / -` (Calico's key alphabet). */
function isWordChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '.' || c === '/' || c === '-';
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new Error('unterminated string');
      out.push({ t: 'string', v: text.slice(i + 1, close) });
      i = close + 1;
    } else if (PUNCT2.has(text.slice(i, i + 2))) {
      out.push({ t: 'punct', v: text.slice(i, i + 2) });
      i += 2;
    } else if (PUNCT1.has(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < text.length && isWordChar(text[j]!)) j++;
      out.push({ t: 'word', v: text.slice(i, j) });
      i = j;
    } else {
      throw new Error(`unexpected character "${c}"`);
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CalicoExpr {
    const e = this.or();
    if (this.pos < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.pos]!.v}"`);
    return e;
  }

  private peek(v: string): boolean {
    return this.tokens[this.pos]?.v === v && this.tokens[this.pos]?.t !== 'string';
  }
  private expect(v: string): void {
    if (!this.peek(v)) throw new Error(`expected "${v}"`);
    this.pos++;
  }
  private take(t: Token['t']): string {
    const tok = this.tokens[this.pos];
    if (tok?.t !== t) throw new Error(t === 'string' ? 'expected a quoted value' : 'expected a label key');
    this.pos++;
    return tok.v;
  }

  private or(): CalicoExpr {
    const args = [this.and()];
    while (this.peek('||')) {
      this.pos++;
      args.push(this.and());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  private and(): CalicoExpr {
    const args = [this.unary()];
    while (this.peek('&&')) {
      this.pos++;
      args.push(this.unary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  private unary(): CalicoExpr {
    if (++this.depth > MAX_SELECTOR_DEPTH) throw new Error(`nested more than ${MAX_SELECTOR_DEPTH} levels`);
    try {
      if (this.peek('!')) {
        this.pos++;
        return { op: 'not', arg: this.unary() };
      }
      if (this.peek('(')) {
        this.pos++;
        const e = this.or();
        this.expect(')');
        return e;
      }
      return this.term();
    } finally {
      this.depth--;
    }
  }
  private term(): CalicoExpr {
    const word = this.take('word');
    if ((word === 'all' || word === 'global') && this.peek('(')) {
      this.expect('(');
      this.expect(')');
      return { op: word };
    }
    if (word === 'has' && this.peek('(')) {
      this.expect('(');
      const key = this.take('word');
      this.expect(')');
      return { op: 'has', key };
    }
    const key = word;
    if (this.peek('==') || this.peek('!=')) {
      const op = this.tokens[this.pos++]!.v as '==' | '!=';
      return { op, key, value: this.take('string') };
    }
    if (this.peek('contains')) {
      this.pos++;
      return { op: 'contains', key, value: this.take('string') };
    }
    if (this.peek('starts') || this.peek('ends')) {
      const op = this.tokens[this.pos++]!.v === 'starts' ? 'starts with' : 'ends with';
      this.expect('with');
      return { op, key, value: this.take('string') };
    }
    if (this.peek('in')) {
      this.pos++;
      return { op: 'in', key, values: this.set() };
    }
    if (this.peek('not')) {
      this.pos++;
      this.expect('in');
      return { op: 'not in', key, values: this.set() };
    }
    throw new Error(`expected an operator after "${key}"`);
  }
  private set(): Set<string> {
    this.expect('{');
    const values = new Set<string>();
    if (this.peek('}')) {
      this.pos++;
      return values;
    }
    values.add(this.take('string'));
    while (this.peek(',')) {
      this.pos++;
      values.add(this.take('string'));
    }
    this.expect('}');
    return values;
  }
}

export function parseCalicoSelector(text: string): CalicoSelector {
  if (text.length > MAX_SELECTOR_LENGTH) return { text, invalid: `longer than ${MAX_SELECTOR_LENGTH} characters` };
  try {
    const tokens = tokenize(text);
    return { text, expr: tokens.length === 0 ? { op: 'all' } : new Parser(tokens).parse() };
  } catch (e) {
    return { text, invalid: e instanceof Error ? e.message : String(e) };
  }
}

function evaluate(e: CalicoExpr, labels: ReadonlyMap<string, string>): boolean {
  switch (e.op) {
    case 'all':
      return true;
    case 'global':
      return false;
    case 'has':
      return labels.has(e.key);
    case '==':
      return labels.get(e.key) === e.value;
    case '!=':
      return labels.get(e.key) !== e.value;
    case 'contains':
      return labels.get(e.key)?.includes(e.value) ?? false;
    case 'starts with':
      return labels.get(e.key)?.startsWith(e.value) ?? false;
    case 'ends with':
      return labels.get(e.key)?.endsWith(e.value) ?? false;
    case 'in': {
      const v = labels.get(e.key);
      return v !== undefined && e.values.has(v);
    }
    case 'not in': {
      const v = labels.get(e.key);
      return v === undefined || !e.values.has(v);
    }
    case 'not':
      return !evaluate(e.arg, labels);
    case 'and':
      return e.args.every((a) => evaluate(a, labels));
    case 'or':
      return e.args.some((a) => evaluate(a, labels));
  }
}

/** Whether an endpoint with these labels is selected; an invalid selector selects nothing. */
export function matchesCalicoSelector(sel: CalicoSelector, labels: ReadonlyMap<string, string>): boolean {
  return sel.expr !== undefined && evaluate(sel.expr, labels);
}

/** `all()` (or empty): selects every endpoint it is applied to. */
export function isAllSelector(sel: CalicoSelector): boolean {
  return sel.expr?.op === 'all';
}
