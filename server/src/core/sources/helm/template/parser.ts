/**
 * Parser of Go's text/template: tokens -> parse tree (ast.ts). `else if` / `else with`
 * are parsed as an else branch holding one nested node, `block` as a `define` plus a
 * `template` call, as Go does.
 */
import type { Arg, Command, Node, ParsedTemplate, Pipe, TemplateNode } from './ast';
import { lex, Tok, Tokens, TemplateSyntaxError, type TokKind } from './lexer';
import { parseNumber } from './number';

export { TemplateSyntaxError };

type EndKind = 'end' | 'else' | 'eof';

/** The `decl` of every pipeline that declares nothing (most): one shared, never changed, array. */
const NO_DECL: readonly string[] = [];

/**
 * One token list for every parse: parses never nest, so a render allocates its token arrays
 * once. A template too large for its arrays to be worth keeping gets arrays of its own.
 */
let spareTokens: Tokens | undefined;
const KEPT_TOKENS = 1 << 16;

export function parseTemplate(name: string, source: string): ParsedTemplate {
  const tokens = spareTokens ?? new Tokens();
  spareTokens = undefined;
  try {
    const p = new Parser(source, lex(source, tokens, true));
    const defines = new Map<string, Node[]>();
    p.defines = defines;
    const list = p.parseList(true, false);
    if (p.endKind !== 'eof') throw new TemplateSyntaxError(p.endPos, `unexpected {{${p.endKind}}}`);
    return { name, source, root: list, defines };
  } finally {
    if (tokens.kind.length <= KEPT_TOKENS) spareTokens = tokens;
  }
}

class Parser {
  /** The next token. */
  i = 0;
  defines!: Map<string, Node[]>;
  /** How the list parseList returned last ended (`{{end}}`, `{{else}}` or EOF) and where. */
  endKind: EndKind = 'eof';
  endPos = 0;
  private readonly last: number;
  /**
   * The items of the lists being built (nodes, commands, arguments, names), innermost on top,
   * from `held[0]` to `held[top - 1]`: each list is copied out at its exact length when it is
   * complete (an array grown by push keeps room for 16 more items, in every node of a tree).
   */
  private readonly held: unknown[] = [];
  private top = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tokens,
  ) {
    this.last = toks.count - 1;
  }

  /**
   * Token `j`'s kind; past the end (never reached: the lexer ends with EOF or a deferred
   * error), EOF. Reaching a deferred lexing error throws it, as Go's parser does.
   */
  private kindAt(j: number): TokKind {
    if (j > this.last) return Tok.EOF;
    const kind = this.toks.kind[j] as TokKind;
    if (kind === Tok.Error) throw new TemplateSyntaxError(this.toks.start[j]!, this.toks.error);
    return kind;
  }
  private posAt(j: number): number {
    return j <= this.last ? this.toks.start[j]! : this.src.length;
  }
  /** Token `j`'s text. */
  private valAt(j: number): string {
    return j <= this.last ? this.src.slice(this.toks.start[j], this.toks.end[j]) : '';
  }
  private peek(): TokKind {
    return this.kindAt(this.i);
  }
  /** Consumes the next token; returns its index. */
  private next(): number {
    return this.i++;
  }
  private expect(kind: TokKind, context: string): number {
    const t = this.next();
    if (this.kindAt(t) !== kind) throw new TemplateSyntaxError(this.posAt(t), `unexpected ${this.describe(t)} in ${context}`);
    return t;
  }
  private describe(t: number): string {
    const kind = this.kindAt(t);
    if (kind === Tok.Right) return '"}}"';
    if (kind === Tok.EOF) return 'EOF';
    // Go's item.String(): a keyword as `<end>`, any other item quoted.
    if (kind === Tok.Keyword) return `<${this.valAt(t)}>`;
    return `${JSON.stringify(this.valAt(t))}`;
  }
  private hold(item: unknown): void {
    this.held[this.top++] = item;
  }
  /** The items held from `mark` on, as an array of their own, released from `held`. */
  private take<T>(mark: number): T[] {
    const items = this.held.slice(mark, this.top) as T[];
    this.top = mark;
    return items;
  }

  /** endKind, read through a call: TypeScript would keep a narrowing of the field across parseList. */
  private lastEnd(): EndKind {
    return this.endKind;
  }
  private ended(kind: EndKind, pos: number): void {
    this.endKind = kind;
    this.endPos = pos;
  }

  /** Parses nodes until `{{end}}`, `{{else}}` or EOF (which one is left in endKind/endPos). */
  parseList(topLevel: boolean, inRange: boolean): Node[] {
    const mark = this.top;
    for (;;) {
      const t = this.next();
      const kind = this.kindAt(t);
      if (kind === Tok.EOF) {
        this.ended('eof', this.posAt(t));
        return this.take(mark);
      }
      if (kind === Tok.Text) {
        this.hold({ type: 'text', pos: this.posAt(t), text: this.valAt(t) });
        continue;
      }
      // t is `{{`
      if (this.peek() === Tok.Keyword) {
        const kw = this.next();
        const kwPos = this.posAt(kw);
        const word = this.valAt(kw);
        switch (word) {
          case 'end':
            this.expect(Tok.Right, 'end');
            this.ended('end', kwPos);
            return this.take(mark);
          case 'else':
            this.ended('else', kwPos);
            return this.take(mark);
          case 'if':
          case 'with':
          case 'range':
            this.hold(this.parseControl(word, kwPos, inRange));
            continue;
          case 'break':
          case 'continue':
            if (!inRange) throw new TemplateSyntaxError(kwPos, `{{${word}}} outside {{range}}`);
            this.expect(Tok.Right, word);
            this.hold({ type: word, pos: kwPos });
            continue;
          case 'template':
            this.hold(this.parseTemplateCall(kwPos, 'template', this.posAt(t)));
            continue;
          case 'define':
          case 'block': {
            if (word === 'define' && !topLevel) throw new TemplateSyntaxError(kwPos, 'unexpected <define> in command');
            const tname = this.stringValue(this.next(), word);
            let pipe: Pipe | undefined;
            if (word === 'block') pipe = this.parsePipe('block', false);
            else this.expect(Tok.Right, 'define clause');
            const body = this.parseList(false, false);
            if (this.endKind !== 'end')
              throw new TemplateSyntaxError(this.endPos, `unexpected ${this.endKind === 'eof' ? 'EOF' : '{{else}}'}`);
            this.defines.set(tname, body);
            if (word === 'block') this.hold({ type: 'template', pos: kwPos, name: tname, pipe });
            continue;
          }
        }
      }
      const pipe = this.parsePipe('command', true);
      this.hold({ type: 'action', pos: this.posAt(t), end: this.actionEnd(), pipe });
    }
  }

  /** The end of the `}}` (or ` -}}`) just consumed. */
  private actionEnd(): number {
    return this.toks.end[this.i - 1]!;
  }

  /** `{{template "name" pipeline}}` from its name on; `start` is the action's `{{`. */
  private parseTemplateCall(pos: number, context: string, start: number): TemplateNode {
    const name = this.stringValue(this.next(), context);
    if (this.peek() === Tok.Right) {
      this.next();
      return { type: 'template', pos, name, action: { start, end: this.actionEnd() } };
    }
    const pipe = this.parsePipe('template clause', false);
    return { type: 'template', pos, name, pipe, action: { start, end: this.actionEnd() } };
  }

  private parseControl(kind: 'if' | 'with' | 'range', pos: number, inRange: boolean): Node {
    const pipe = this.parsePipe(kind, kind === 'range');
    const list = this.parseList(false, kind === 'range' || inRange);
    let elseList: Node[] | undefined;
    if (this.endKind === 'else') {
      const nxt = this.i;
      const chained = this.kindAt(nxt) === Tok.Keyword && kind !== 'range' && this.valAt(nxt) === kind;
      if (chained) {
        this.next();
        // `{{else if}}`: the nested node consumes the shared {{end}}.
        elseList = [this.parseControl(kind, this.posAt(nxt), inRange)];
      } else {
        this.expect(Tok.Right, 'else');
        elseList = this.parseList(false, inRange);
        const end = this.lastEnd();
        if (end !== 'end') throw new TemplateSyntaxError(this.endPos, end === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}');
      }
    } else if (this.endKind !== 'end') throw new TemplateSyntaxError(this.endPos, 'unexpected EOF');
    return { type: kind, pos, pipe, list, elseList };
  }

  /** Parses a pipeline up to `}}` (or `)` when inside parentheses). */
  parsePipe(context: string, allowDecl: boolean, inParen = false): Pipe {
    const startPos = this.posAt(this.i);
    let decl = NO_DECL;
    let isAssign = false;
    // Look ahead for `$x :=`, `$x =` or `$i, $v :=`.
    if (this.peek() === Tok.Variable) {
      const save = this.i;
      const v1 = this.next();
      const n1 = this.peek();
      if (n1 === Tok.Declare || n1 === Tok.Assign) {
        this.next();
        decl = [this.valAt(v1)];
        isAssign = n1 === Tok.Assign;
      } else if (n1 === Tok.Comma) {
        const comma = this.next();
        // Go: only range declares two variables (`$i, $v :=`).
        if (!allowDecl || context !== 'range') throw new TemplateSyntaxError(this.posAt(comma), `too many declarations in ${context}`);
        if (this.peek() !== Tok.Variable) throw new TemplateSyntaxError(this.posAt(comma), 'range can only initialize variables');
        const v2 = this.expect(Tok.Variable, context);
        const op = this.next();
        const opKind = this.kindAt(op);
        if (opKind !== Tok.Declare && opKind !== Tok.Assign)
          throw new TemplateSyntaxError(this.posAt(op), `unexpected ${this.describe(op)} in ${context}`);
        decl = [this.valAt(v1), this.valAt(v2)];
        isAssign = opKind === Tok.Assign;
      } else this.i = save;
    }
    const mark = this.top;
    for (;;) {
      const t = this.peek();
      if (t === Tok.Right || (inParen && t === Tok.RParen)) {
        const at = this.posAt(this.i);
        if (!inParen) this.next();
        if (this.top === mark) throw new TemplateSyntaxError(at, `missing value for ${context}`);
        break;
      }
      if (t === Tok.EOF) throw new TemplateSyntaxError(this.posAt(this.i), `unclosed action`);
      // Go's pipeline(): a command starts with an operand; any other token is unexpected in the pipeline's context.
      if (!isOperandStart(t)) throw new TemplateSyntaxError(this.posAt(this.i), `unexpected ${this.describe(this.i)} in ${context}`);
      this.hold(this.parseCommand(inParen));
      if (this.peek() === Tok.Pipe) this.next();
    }
    const textEnd = this.posAt(this.i - 1);
    return { pos: startPos, decl, isAssign, cmds: this.take<Command>(mark), textEnd };
  }

  private parseCommand(inParen: boolean): Command {
    const firstPos = this.posAt(this.i);
    const mark = this.top;
    for (;;) {
      const t = this.peek();
      if (t === Tok.Pipe || t === Tok.Right || (inParen && t === Tok.RParen)) break;
      if (t === Tok.EOF) throw new TemplateSyntaxError(this.posAt(this.i), 'unclosed action');
      // Go's command(): an operand must be followed by a space, `|` or the end of the pipeline.
      if (this.top > mark && this.toks.spaced[this.i] === 0)
        throw new TemplateSyntaxError(this.posAt(this.i), `unexpected ${this.describe(this.i)} in operand`);
      this.hold(this.parseOperand());
    }
    if (this.top === mark) throw new TemplateSyntaxError(firstPos, `missing value for command`);
    return { pos: firstPos, args: this.take<Arg>(mark) };
  }

  /** Whether token `j` is a field right after the previous token (`$x.a`, `(f).a`: a chain). */
  private isChainedField(j: number): boolean {
    return this.kindAt(j) === Tok.Field && this.toks.spaced[j] === 0;
  }

  private parseOperand(): Arg {
    const term = this.parseTerm();
    if (!this.isChainedField(this.i)) return term;
    const first = this.i;
    const mark = this.top;
    const named = term.type === 'field' || term.type === 'variable';
    // parseTerm made `term` and its one name just now: a field or variable takes the chain's names.
    if (named) for (const n of term.names) this.hold(n);
    while (this.isChainedField(this.i)) {
      const j = this.next();
      this.hold(this.src.slice(this.toks.start[j]! + 1, this.toks.end[j]));
    }
    const names = this.take<string>(mark);
    if (named) {
      term.names = names;
      return term;
    }
    if (term.type === 'bool' || term.type === 'string' || term.type === 'number' || term.type === 'nil' || term.type === 'dot')
      throw new TemplateSyntaxError(term.pos, `unexpected . after term ${JSON.stringify(this.src.slice(term.pos, this.posAt(first)))}`);
    return { type: 'chain', pos: term.pos, node: term, names };
  }

  private parseTerm(): Arg {
    const t = this.next();
    const pos = this.posAt(t);
    switch (this.kindAt(t)) {
      case Tok.Ident:
        return { type: 'ident', pos, name: this.valAt(t) };
      case Tok.Dot:
        return { type: 'dot', pos };
      case Tok.Nil:
        return { type: 'nil', pos };
      case Tok.Bool:
        return { type: 'bool', pos, value: this.valAt(t) === 'true' };
      case Tok.Field:
        return { type: 'field', pos, names: [this.src.slice(pos + 1, this.toks.end[t])] };
      case Tok.Variable:
        return { type: 'variable', pos, names: [this.valAt(t)] };
      case Tok.String:
        return { type: 'string', pos, value: unquote(this.valAt(t), pos) };
      case Tok.RawString:
        return { type: 'string', pos, value: unquoteRaw(this.valAt(t)) };
      case Tok.Char: {
        // strconv.UnquoteChar: exactly one character (`''` and `'ab'` are errors).
        const val = this.valAt(t);
        const [c, ...more] = unquote(val, pos);
        if (c === undefined) throw new TemplateSyntaxError(pos, 'invalid syntax');
        if (more.length > 0) throw new TemplateSyntaxError(pos, `malformed character constant: ${val}`);
        return { type: 'number', pos, text: val, value: BigInt(c.codePointAt(0) ?? 0) };
      }
      case Tok.Number: {
        const val = this.valAt(t);
        return { type: 'number', pos, text: val, value: parseNumber({ val, pos }) };
      }
      case Tok.LParen: {
        const pipe = this.parsePipe('parenthesized pipeline', false, true);
        this.expect(Tok.RParen, 'parenthesized pipeline');
        return { type: 'pipe', pos, pipe };
      }
    }
    throw new TemplateSyntaxError(pos, `unexpected ${this.describe(t)} in operand`);
  }

  /** The name in `{{define "name"}}`, `{{template "name"}}` or `{{block "name"}}`. */
  private stringValue(t: number, context: string): string {
    const kind = this.kindAt(t);
    if (kind === Tok.String) return unquote(this.valAt(t), this.posAt(t));
    if (kind === Tok.RawString) return unquoteRaw(this.valAt(t));
    throw new TemplateSyntaxError(this.posAt(t), `unexpected ${this.describe(t)} in ${context} clause`);
  }
}

/** Whether a token of `kind` starts an operand (Go's pipeline() reads a command only from one). */
function isOperandStart(kind: TokKind): boolean {
  switch (kind) {
    case Tok.Bool:
    case Tok.Char:
    case Tok.Dot:
    case Tok.Field:
    case Tok.Ident:
    case Tok.Number:
    case Tok.Nil:
    case Tok.RawString:
    case Tok.String:
    case Tok.Variable:
    case Tok.LParen:
      return true;
  }
  return false;
}

/** A Go raw string literal -> its value (carriage returns dropped, as Go does). */
function unquoteRaw(literal: string): string {
  return literal.slice(1, -1).replace(/\r/g, '');
}

/**
 * A Go interpreted string or rune literal (at `pos`) -> its value, as strconv.Unquote: `\x` takes
 * exactly two hex digits, `\u`/`\U` four/eight naming a valid rune (no surrogate, at most
 * U+10FFFF), an octal escape three digits up to 255, `\'` only in a rune and `\"` only in a
 * string; anything else is Go's `invalid syntax`, never a RangeError.
 */
function unquote(literal: string, pos: number): string {
  const body = literal.slice(1, -1);
  if (!body.includes('\\')) return body; // most literals: nothing to unescape
  const quote = literal.charAt(0);
  return body.replace(/\\(x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
      case 'u':
      case 'U': {
        const v = e.length === (e[0] === 'x' ? 3 : e[0] === 'u' ? 5 : 9) ? parseInt(e.slice(1), 16) : -1;
        if (v < 0 || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) throw new TemplateSyntaxError(pos, 'invalid syntax');
        return String.fromCodePoint(v);
      }
      default: {
        if (e === '\\' || e === quote) return e;
        const v = e.length === 3 ? parseInt(e, 8) : NaN;
        if (v <= 0xff) return String.fromCharCode(v);
        throw new TemplateSyntaxError(pos, 'invalid syntax');
      }
    }
  });
}
