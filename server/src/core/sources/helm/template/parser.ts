/**
 * Parser of Go's text/template: tokens -> parse tree (ast.ts). `else if` / `else with`
 * are parsed as an else branch holding one nested node, `block` as a `define` plus a
 * `template` call, as Go does.
 */
import type { Arg, Command, Node, ParsedTemplate, Pipe, TemplateNode } from './ast';
import type { Token } from './lexer';
import { lex, TemplateSyntaxError } from './lexer';
import { parseNumber } from './number';

export { TemplateSyntaxError };

type EndKind = 'end' | 'else' | 'eof';

export function parseTemplate(name: string, source: string): ParsedTemplate {
  const p = new Parser(source, lex(source, true));
  const defines = new Map<string, Node[]>();
  p.defines = defines;
  const { list, end } = p.parseList(true, false);
  if (end.kind !== 'eof') throw new TemplateSyntaxError(end.pos, `unexpected {{${end.kind}}}`);
  return { name, source, root: list, defines };
}

class Parser {
  i = 0;
  defines!: Map<string, Node[]>;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  /** The token at `j`; past the end (never reached: the lexer ends with EOF), an EOF token. */
  private at(j: number): Token {
    const t = this.toks[j] ?? { kind: 'eof', val: '', pos: this.src.length };
    if (t.kind === 'error') throw new TemplateSyntaxError(t.pos, t.val);
    return t;
  }
  private peek(skipSpace = true): Token {
    let j = this.i;
    while (skipSpace && this.at(j).kind === 'space') j++;
    return this.at(j);
  }
  private next(skipSpace = true): Token {
    while (skipSpace && this.at(this.i).kind === 'space') this.i++;
    return this.at(this.i++);
  }
  private expect(kind: Token['kind'], context: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw new TemplateSyntaxError(t.pos, `unexpected ${describe(t)} in ${context}`);
    return t;
  }

  /** Parses nodes until `{{end}}`, `{{else}}` or EOF (which one is returned with its position). */
  parseList(topLevel: boolean, inRange: boolean): { list: Node[]; end: { kind: EndKind; pos: number } } {
    const list: Node[] = [];
    for (;;) {
      const t = this.next(false);
      if (t.kind === 'eof') return { list, end: { kind: 'eof', pos: t.pos } };
      if (t.kind === 'text') {
        list.push({ type: 'text', pos: t.pos, text: t.val });
        continue;
      }
      // t is `{{`
      const kw = this.peek();
      if (kw.kind === 'keyword') {
        this.next();
        switch (kw.val) {
          case 'end':
            this.expect('right', 'end');
            return { list, end: { kind: 'end', pos: kw.pos } };
          case 'else':
            return { list, end: { kind: 'else', pos: kw.pos } };
          case 'if':
          case 'with':
          case 'range':
            list.push(this.parseControl(kw.val, kw.pos, inRange));
            continue;
          case 'break':
          case 'continue':
            if (!inRange) throw new TemplateSyntaxError(kw.pos, `{{${kw.val}}} outside {{range}}`);
            this.expect('right', kw.val);
            list.push({ type: kw.val, pos: kw.pos });
            continue;
          case 'template':
            list.push({ ...this.parseTemplateCall(kw.pos, 'template'), action: { start: t.pos, end: this.actionEnd() } });
            continue;
          case 'define':
          case 'block': {
            if (kw.val === 'define' && !topLevel) throw new TemplateSyntaxError(kw.pos, 'unexpected <define> in command');
            const nameTok = this.next();
            const tname = stringValue(nameTok, kw.val);
            let pipe: Pipe | undefined;
            if (kw.val === 'block') pipe = this.parsePipe('block', false);
            else this.expect('right', 'define clause');
            const body = this.parseList(false, false);
            if (body.end.kind !== 'end')
              throw new TemplateSyntaxError(body.end.pos, `unexpected ${body.end.kind === 'eof' ? 'EOF' : '{{else}}'}`);
            this.defines.set(tname, body.list);
            if (kw.val === 'block') list.push({ type: 'template', pos: kw.pos, name: tname, pipe });
            continue;
          }
        }
      }
      const pipe = this.parsePipe('command', true);
      list.push({ type: 'action', pos: t.pos, end: this.actionEnd(), pipe });
    }
  }

  /** The end of the `}}` just consumed (the right token of a ` -}}` sits on its `-`). */
  private actionEnd(): number {
    const right = this.at(this.i - 1);
    return right.pos + (this.src.startsWith('-}}', right.pos) ? 3 : 2);
  }

  private parseTemplateCall(pos: number, context: string): TemplateNode {
    const nameTok = this.next();
    const name = stringValue(nameTok, context);
    if (this.peek().kind === 'right') {
      this.next();
      return { type: 'template', pos, name };
    }
    return { type: 'template', pos, name, pipe: this.parsePipe('template clause', false) };
  }

  private parseControl(kind: 'if' | 'with' | 'range', pos: number, inRange: boolean): Node {
    const pipe = this.parsePipe(kind, kind === 'range');
    const body = this.parseList(false, kind === 'range' || inRange);
    let elseList: Node[] | undefined;
    if (body.end.kind === 'else') {
      const nxt = this.peek();
      if (
        (kind === 'if' && nxt.kind === 'keyword' && nxt.val === 'if') ||
        (kind === 'with' && nxt.kind === 'keyword' && nxt.val === 'with')
      ) {
        this.next();
        // `{{else if}}`: the nested node consumes the shared {{end}}.
        elseList = [this.parseControl(kind, nxt.pos, inRange)];
      } else {
        this.expect('right', 'else');
        const e = this.parseList(false, inRange);
        if (e.end.kind !== 'end')
          throw new TemplateSyntaxError(e.end.pos, e.end.kind === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}');
        elseList = e.list;
      }
    } else if (body.end.kind !== 'end') throw new TemplateSyntaxError(body.end.pos, 'unexpected EOF');
    return { type: kind, pos, pipe, list: body.list, elseList };
  }

  /** Parses a pipeline up to `}}` (or `)` when inside parentheses). */
  parsePipe(context: string, allowDecl: boolean, inParen = false): Pipe {
    const start = this.peek();
    const decl: string[] = [];
    let isAssign = false;
    // Look ahead for `$x :=`, `$x =` or `$i, $v :=`.
    const save = this.i;
    if (start.kind === 'variable') {
      const v1 = this.next();
      const n1 = this.peek();
      if (n1.kind === 'declare' || n1.kind === 'assign') {
        this.next();
        decl.push(v1.val);
        isAssign = n1.kind === 'assign';
      } else if (n1.kind === 'comma') {
        this.next();
        // Go: only range declares two variables (`$i, $v :=`).
        if (!allowDecl || context !== 'range') throw new TemplateSyntaxError(n1.pos, `too many declarations in ${context}`);
        if (this.peek().kind !== 'variable') throw new TemplateSyntaxError(n1.pos, 'range can only initialize variables');
        const v2 = this.expect('variable', context);
        const op = this.next();
        if (op.kind !== 'declare' && op.kind !== 'assign')
          throw new TemplateSyntaxError(op.pos, `unexpected ${describe(op)} in ${context}`);
        decl.push(v1.val, v2.val);
        isAssign = op.kind === 'assign';
      } else this.i = save;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'right' || (inParen && t.kind === 'rparen')) {
        if (!inParen) this.next();
        if (cmds.length === 0) throw new TemplateSyntaxError(t.pos, `missing value for ${context}`);
        break;
      }
      if (t.kind === 'eof') throw new TemplateSyntaxError(t.pos, `unclosed action`);
      // Go's pipeline(): a command starts with an operand; any other token is unexpected in the pipeline's context.
      if (!OPERAND_START.has(t.kind)) throw new TemplateSyntaxError(t.pos, `unexpected ${describe(t)} in ${context}`);
      cmds.push(this.parseCommand(inParen));
      const sep = this.peek();
      if (sep.kind === 'pipe') {
        this.next();
        continue;
      }
    }
    const endPos = this.at(this.i - 1).pos;
    return { pos: start.pos, decl, isAssign, cmds, textEnd: endPos };
  }

  private parseCommand(inParen: boolean): Command {
    const first = this.peek();
    const args: Arg[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'pipe' || t.kind === 'right' || (inParen && t.kind === 'rparen')) break;
      if (t.kind === 'eof') throw new TemplateSyntaxError(t.pos, 'unclosed action');
      // Go's command(): an operand must be followed by a space, `|` or the end of the pipeline.
      if (args.length > 0 && this.at(this.i).kind !== 'space') throw new TemplateSyntaxError(t.pos, `unexpected ${describe(t)} in operand`);
      args.push(this.parseOperand());
    }
    if (args.length === 0) throw new TemplateSyntaxError(first.pos, `missing value for command`);
    return { pos: first.pos, args };
  }

  private parseOperand(): Arg {
    const term = this.parseTerm();
    const names: string[] = [];
    while (this.at(this.i).kind === 'field') names.push(this.at(this.i++).val.slice(1));
    if (names.length === 0) return term;
    // parseTerm made `term` and its names just now: they grow in place.
    if (term.type === 'field' || term.type === 'variable') {
      for (const n of names) term.names.push(n);
      return term;
    }
    if (term.type === 'bool' || term.type === 'string' || term.type === 'number' || term.type === 'nil' || term.type === 'dot')
      throw new TemplateSyntaxError(
        term.pos,
        `unexpected . after term ${JSON.stringify(this.src.slice(term.pos, this.at(this.i - names.length).pos))}`,
      );
    return { type: 'chain', pos: term.pos, node: term, names };
  }

  private parseTerm(): Arg {
    const t = this.next();
    switch (t.kind) {
      case 'ident':
        return { type: 'ident', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'field':
        return { type: 'field', pos: t.pos, names: [t.val.slice(1)] };
      case 'variable':
        return { type: 'variable', pos: t.pos, names: [t.val] };
      case 'string':
      case 'rawstring':
        return { type: 'string', pos: t.pos, value: unquote(t) };
      case 'char': {
        // strconv.UnquoteChar: exactly one character (`''` and `'ab'` are errors).
        const [c, ...more] = unquote(t);
        if (c === undefined) throw new TemplateSyntaxError(t.pos, 'invalid syntax');
        if (more.length > 0) throw new TemplateSyntaxError(t.pos, `malformed character constant: ${t.val}`);
        return { type: 'number', pos: t.pos, text: t.val, value: BigInt(c.codePointAt(0) ?? 0) };
      }
      case 'number':
        return { type: 'number', pos: t.pos, text: t.val, value: parseNumber(t) };
      case 'lparen': {
        const pipe = this.parsePipe('parenthesized pipeline', false, true);
        this.expect('rparen', 'parenthesized pipeline');
        return { type: 'pipe', pos: t.pos, pipe };
      }
    }
    throw new TemplateSyntaxError(t.pos, `unexpected ${describe(t)} in operand`);
  }
}

const OPERAND_START = new Set<Token['kind']>([
  'bool',
  'char',
  'dot',
  'field',
  'ident',
  'number',
  'nil',
  'rawstring',
  'string',
  'variable',
  'lparen',
]);

/** Go's item.String(): a keyword as `<end>`, any other item quoted. */
function describe(t: Token): string {
  if (t.kind === 'right') return '"}}"';
  if (t.kind === 'eof') return 'EOF';
  if (t.kind === 'keyword') return `<${t.val}>`;
  return `${JSON.stringify(t.val)}`;
}

function stringValue(t: Token, context: string): string {
  if (t.kind !== 'string' && t.kind !== 'rawstring') throw new TemplateSyntaxError(t.pos, `unexpected ${describe(t)} in ${context} clause`);
  return unquote(t);
}

/** Go string / raw string / rune literal -> its value. */
function unquote(t: Token): string {
  if (t.kind === 'rawstring') return t.val.slice(1, -1).replace(/\r/g, '');
  const body = t.val.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
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
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/[0-7]/.test(e.charAt(0))) return String.fromCharCode(parseInt(e, 8));
        if (e === '\\' || e === '"' || e === "'") return e;
        throw new TemplateSyntaxError(t.pos, `invalid syntax`);
    }
  });
}
