/**
 * Executor of Go's text/template with Go's semantics (truthiness, variable scoping, range
 * order, missingkey=zero as Helm sets it) and Go's error wording. Every value is carried with
 * the values path it was read from (when any) so the output's source map can point at the
 * values key behind printed text. Bounded: call depth, output size and a time budget.
 */
import { pipeText, type Arg, type Command, type Node, type ParsedTemplate, type Pipe } from './ast';
import { callBuiltinLazy, LAZY_BUILTINS } from './builtins';
import { formatV } from './fmt';
import { INLINE, type Output, type StrMap, type ValuesPath } from './output';
import { keptMap, type KeepMap } from './strmap';
import { goInt, GoInt64, isGoObject, isMap, sortedKeys, TemplateExecError, truth, typeName } from './values';

/** A value with the `.Values` path it came from, when it came from there. */
export interface Traced {
  v: unknown;
  p?: ValuesPath | undefined;
  /** The source map of a string `v` that include/tpl/toYaml produced (pieces inside it). */
  m?: StrMap | undefined;
}

export interface CallContext {
  exec: Executor;
  state: State;
  pos: number;
  /** The arguments with their values paths and maps (the piped value last). */
  args: readonly Traced[];
  /** Set by a function whose string result has its own source map (include, tpl, toYaml). */
  map?: StrMap | undefined;
  /** Set by a trace 'chosen' function: the index in `args` of the argument it returned. */
  chosen?: number | undefined;
}
export interface FuncSpec {
  fn: (args: unknown[], ctx: CallContext) => unknown;
  /**
   * Which argument's values path the result inherits: the piped (last) one,
   * or the one the function returned (it sets `ctx.chosen`: default, ternary, coalesce).
   */
  trace?: 'last' | 'chosen' | undefined;
  /** With trace 'last': how the string result keeps the piped string's source map (strmap.ts). */
  keep?: KeepMap | undefined;
  /** A bigint result is a Go int64 (Sprig's add, max, int64...: boxed as a GoInt64), not an int. */
  int64?: boolean | undefined;
}
export type FuncMap = Map<string, FuncSpec>;

export interface NamedTemplate {
  body: Node[];
  tmpl: ParsedTemplate;
}

export interface ExecLimits {
  maxDepth: number;
  maxOutput: number;
  deadline: number;
}

export interface State {
  tmpl: ParsedTemplate;
  /** The name being executed (a file or a `define`d name), for error messages. */
  name: string;
  dot: Traced;
  vars: { name: string; t: Traced }[];
  depth: number;
}

/** The arguments of a field that is not the command's last (never changed). */
const NO_ARGS: Arg[] = [];

class BreakSignal {}
class ContinueSignal {}

/** An execution error already formatted as Go formats it (template, line, column, context). */
export class GoTemplateError extends TemplateExecError {
  constructor(
    message: string,
    readonly templateFile: string,
    readonly pos: number,
    readonly bare: string,
  ) {
    super(message);
  }
}

export function lineCol(src: string, pos: number): { line: number; col: number } {
  const before = src.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  return { line: 1 + (before.match(/\n/g)?.length ?? 0), col: nl < 0 ? pos : pos - nl - 1 };
}

export class Executor {
  private steps = 0;
  /** The `.Values` tree objects and their paths, so `$x := .Values.a` then `$x.b` keeps a path. */
  readonly objectPaths = new WeakMap<object, ValuesPath>();

  constructor(
    readonly funcs: FuncMap,
    readonly templates: Map<string, NamedTemplate>,
    readonly limits: ExecLimits,
  ) {}

  /** Runs `body` of template `name`, appending to `out`. */
  run(body: Node[], tmpl: ParsedTemplate, name: string, dot: Traced, out: Output, depth = 0): void {
    if (depth > this.limits.maxDepth)
      throw new TemplateExecError(`rendering template has a nested reference name: ${name}: exceeded max recursion depth`);
    const state: State = { tmpl, name, dot, vars: [{ name: '$', t: dot }], depth };
    this.walkList(state, body, out);
  }

  fail(state: State, pos: number, msg: string, context?: string): never {
    const { line, col } = lineCol(state.tmpl.source, pos);
    const ctx = context ?? contextAt(state.tmpl.source, pos);
    throw new GoTemplateError(
      `template: ${state.tmpl.name}:${line}:${col}: executing "${state.name}" at <${ctx}>: ${msg}`,
      state.tmpl.name,
      pos,
      msg,
    );
  }

  private tick(): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.limits.deadline)
      throw new TemplateExecError('rendering took longer than the time budget');
  }

  private walkList(state: State, list: Node[], out: Output): void {
    for (const n of list) this.walk(state, n, out);
  }

  private walk(state: State, n: Node, out: Output): void {
    this.tick();
    switch (n.type) {
      case 'text':
        out.appendLiteral(n.text, segmentName(state), n.pos);
        return;
      case 'action': {
        const t = this.evalPipe(state, n.pipe);
        if (n.pipe.decl.length > 0) return;
        // The action's site as an object only for a mapped string: its pieces keep it as their call site.
        if (t.m && typeof t.v === 'string') out.appendMapped(t.v, t.m, { template: segmentName(state), srcStart: n.pos, srcEnd: n.end });
        else out.appendAction(printValue(t.v), segmentName(state), n.pos, n.end, t.p);
        return;
      }
      case 'if':
      case 'with': {
        const mark = state.vars.length;
        const t = this.evalPipe(state, n.pipe);
        if (truth(t.v)) {
          if (n.type === 'with') this.walkListWithDot(state, t, n.list, out);
          else this.walkList(state, n.list, out);
        } else if (n.elseList) this.walkList(state, n.elseList, out);
        state.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(state, n.pipe, n.list, n.elseList, out);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'template': {
        const t = n.pipe ? this.evalPipe(state, n.pipe) : { v: undefined };
        const named = this.templates.get(n.name);
        if (!named)
          this.fail(
            state,
            n.pos,
            `template "${n.name}" not defined`,
            `{{template "${n.name}"${n.pipe ? ' ' + pipeText(state.tmpl.source, n.pipe) : ''}}}`,
          );
        const from = out.segments.length;
        this.run(named.body, named.tmpl, n.name, t, out, state.depth + 1);
        if (n.action) out.setCallSite(from, { template: segmentName(state), srcStart: n.action.start, srcEnd: n.action.end });
        return;
      }
    }
  }

  /** Walks `list` with `dot` as dot (with, range: no closure per body walked). */
  private walkListWithDot(state: State, dot: Traced, list: Node[], out: Output): void {
    const saved = state.dot;
    state.dot = dot;
    try {
      this.walkList(state, list, out);
    } finally {
      state.dot = saved;
    }
  }

  private walkRange(state: State, pipe: Pipe, list: Node[], elseList: Node[] | undefined, out: Output): void {
    const mark = state.vars.length;
    const t = this.evalPipe(state, { ...pipe, decl: [] });
    const v = t.v;
    const sub = (k: string | number): ValuesPath | undefined => (t.p ? [...t.p, k] : undefined);
    // Lazily, so `range 100000000` is stopped by the time budget instead of exhausting memory.
    let count = 0;
    let items: Iterable<[Traced, Traced]>;
    if (Array.isArray(v)) {
      count = v.length;
      items = v.map((x, i): [Traced, Traced] => [{ v: BigInt(i) }, { v: x, p: sub(i) }]);
    } else if (isMap(v)) {
      const keys = sortedKeys(v);
      count = keys.length;
      items = keys.map((k): [Traced, Traced] => [{ v: k }, { v: v[k], p: sub(k) }]);
    } else if (isGoObject(v) && v.goEntries) {
      const e = v.goEntries();
      count = e.length;
      items = e.map(([k, x]): [Traced, Traced] => [{ v: k }, { v: x }]);
    } else if (typeof v === 'bigint' || v instanceof GoInt64) {
      if (pipe.decl.length > 1) {
        // Go reports it at the node it evaluated last: the last command's last argument.
        const at = pipe.cmds[pipe.cmds.length - 1]?.args.at(-1)?.pos ?? pipe.pos;
        this.fail(state, at, `can't use ${formatV(v)} to iterate over more than one variable`);
      }
      const n = goInt(v) ?? 0n;
      count = n > 0n ? 1 : 0;
      items = intRange(n, v instanceof GoInt64);
    } else if (v !== null && v !== undefined)
      this.fail(state, pipe.pos, `range can't iterate over ${formatV(v)}`, pipeText(state.tmpl.source, pipe));
    else items = [];
    if (count === 0) {
      if (elseList) this.walkList(state, elseList, out);
      state.vars.length = mark;
      return;
    }
    for (const [key, elem] of items!) {
      this.tick();
      const inner = state.vars.length;
      if (pipe.decl.length === 1) this.declare(state, pipe, goInt(v) !== undefined ? key : elem);
      else if (pipe.decl.length === 2) {
        this.setOrPush(state, pipe, pipe.decl[0]!, key);
        this.setOrPush(state, pipe, pipe.decl[1]!, elem);
      }
      try {
        this.walkListWithDot(state, elem, list, out);
      } catch (e) {
        if (e instanceof BreakSignal) {
          state.vars.length = inner;
          break;
        }
        if (!(e instanceof ContinueSignal)) throw e;
      }
      state.vars.length = inner;
    }
    state.vars.length = mark;
  }

  private declare(state: State, pipe: Pipe, t: Traced): void {
    const name = pipe.decl[0];
    if (name === undefined) return;
    this.setOrPush(state, pipe, name, t);
  }

  private setOrPush(state: State, pipe: Pipe, name: string, t: Traced): void {
    if (!pipe.isAssign) {
      state.vars.push({ name, t });
      return;
    }
    for (let i = state.vars.length - 1; i >= 0; i--) {
      const v = state.vars[i];
      if (v !== undefined && v.name === name) {
        v.t = t;
        return;
      }
    }
    this.fail(state, pipe.pos, `undefined variable: ${name}`);
  }

  evalPipe(state: State, pipe: Pipe): Traced {
    let t: Traced | undefined;
    for (const cmd of pipe.cmds) t = this.evalCommand(state, cmd, t);
    if (pipe.decl.length > 0) this.declare(state, pipe, t!);
    return t!;
  }

  private evalCommand(state: State, cmd: Command, final: Traced | undefined): Traced {
    const first = cmd.args[0];
    if (first === undefined) return this.fail(state, cmd.pos, 'empty command');
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(state, state.dot, first.names, first.pos, cmd, final);
      case 'variable': {
        const name = first.names[0] ?? '';
        const t = this.lookupVar(state, name, first.pos);
        if (first.names.length === 1) {
          this.noArgs(state, cmd, final, name);
          return t;
        }
        return this.evalFieldChain(state, t, first.names, first.pos, cmd, final, 1);
      }
      case 'chain': {
        const base = this.evalArg(state, first.node);
        return this.evalFieldChain(state, base, first.names, first.pos, cmd, final);
      }
      case 'ident':
        return this.callFunction(state, first.name, first.pos, cmd.args.length > 1 ? cmd.args.slice(1) : NO_ARGS, final);
      case 'pipe':
        if (cmd.args.length > 1 || final !== undefined) this.noArgs(state, cmd, final, pipeText(state.tmpl.source, first.pipe));
        return this.evalPipe(state, first.pipe);
      default:
        if (cmd.args.length > 1 || final !== undefined)
          this.noArgs(state, cmd, final, state.tmpl.source.slice(first.pos, first.pos + 20).split(/\s/)[0] ?? '');
        return this.evalArg(state, first);
    }
  }

  private noArgs(state: State, cmd: Command, final: Traced | undefined, what: string): void {
    if (cmd.args.length > 1 || final !== undefined) this.fail(state, cmd.pos, `can't give argument to non-function ${what}`);
  }

  lookupVar(state: State, name: string, pos: number): Traced {
    for (let i = state.vars.length - 1; i >= 0; i--) {
      const v = state.vars[i];
      if (v !== undefined && v.name === name) return v.t;
    }
    return this.fail(state, pos, `undefined variable: ${name}`);
  }

  evalArg(state: State, a: Arg): Traced {
    switch (a.type) {
      case 'dot':
        return state.dot;
      case 'nil':
        return { v: null };
      case 'bool':
        return { v: a.value };
      case 'number':
        return { v: a.value };
      case 'string':
        return { v: a.value };
      case 'field':
        return this.evalFieldChain(state, state.dot, a.names, a.pos, undefined, undefined);
      case 'variable': {
        const t = this.lookupVar(state, a.names[0] ?? '', a.pos);
        return a.names.length === 1 ? t : this.evalFieldChain(state, t, a.names, a.pos, undefined, undefined, 1);
      }
      case 'chain':
        return this.evalFieldChain(state, this.evalArg(state, a.node), a.names, a.pos, undefined, undefined);
      case 'pipe':
        return this.evalPipe(state, a.pipe);
      case 'ident':
        return this.callFunction(state, a.name, a.pos, [], undefined);
    }
  }

  /** The fields `names` from index `from` on (a variable's chain skips its `$x`), read from `recv`. */
  private evalFieldChain(
    state: State,
    recv: Traced,
    names: readonly string[],
    pos: number,
    cmd: Command | undefined,
    final: Traced | undefined,
    from = 0,
  ): Traced {
    let cur = recv;
    for (let i = from; i < names.length; i++) {
      const last = i === names.length - 1;
      const args = last && cmd && cmd.args.length > 1 ? cmd.args.slice(1) : NO_ARGS;
      // Go: a nil from a pipeline, variable or dot is an invalid value, and a field of it is
      // silently nil; only a nil found by a map lookup inside this chain is a "nil pointer".
      if ((cur.v === null || cur.v === undefined) && i === from) return { v: undefined };
      cur = this.evalField(state, cur, names[i]!, pos, args, last ? final : undefined, names, i, from);
    }
    return cur;
  }

  /** Field `name` (names[at]) of `recv`; `names` from `from` up to `at` is the chain an error names. */
  private evalField(
    state: State,
    recv: Traced,
    name: string,
    pos: number,
    args: Arg[],
    final: Traced | undefined,
    names: readonly string[],
    at: number,
    from: number,
  ): Traced {
    const v = recv.v;
    // The error context (contextAt) is computed only on error: a closure per field read was measurable.
    const src = state.tmpl.source;
    const hasArgs = args.length > 0 || final !== undefined;
    // Values' maps (no prototype, data only) first: asking one for goMethod/goField is a slow lookup.
    if (!isValuesMap(v) && isGoObject(v)) {
      const method = v.goMethod?.(name);
      if (method) {
        const argv = args.map((a) => this.evalArg(state, a).v);
        if (final !== undefined) argv.push(final.v);
        try {
          return { v: method(...argv) };
        } catch (e) {
          this.fail(state, pos, `error calling ${name}: ${(e as Error).message}`, contextAt(src, pos));
        }
      }
      const f = v.goField(name);
      if (f) {
        if (hasArgs) this.fail(state, pos, `${name} has arguments but cannot be invoked as function`, contextAt(src, pos));
        return { v: f.value };
      }
      return this.fail(state, pos, `can't evaluate field ${name} in type ${v.goType}`, contextAt(src, pos));
    }
    if (isMap(v)) {
      if (hasArgs) this.fail(state, pos, `${name} is not a method but has arguments`, contextAt(src, pos));
      const val = Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
      const base = recv.p ?? this.objectPaths.get(v);
      return { v: val, p: base ? [...base, name] : undefined };
    }
    if (v === null || v === undefined)
      return this.fail(state, pos, `nil pointer evaluating interface {}.${name}`, '.' + names.slice(from, at + 1).join('.'));
    return this.fail(state, pos, `can't evaluate field ${name} in type ${typeName(v)}`, contextAt(src, pos));
  }

  callFunction(state: State, name: string, pos: number, args: Arg[], final: Traced | undefined): Traced {
    if (LAZY_BUILTINS.has(name)) return callBuiltinLazy(this, state, name, pos, args, final);
    const spec = this.funcs.get(name);
    if (!spec) return this.fail(state, pos, `function "${name}" not defined`, name);
    // Arrays of their exact length (push would give each room for 16 more, twice per call).
    const n = args.length + (final === undefined ? 0 : 1);
    const traced = new Array<Traced>(n);
    const values = new Array<unknown>(n);
    for (let i = 0; i < args.length; i++) {
      const t = this.evalArg(state, args[i]!);
      traced[i] = t;
      values[i] = t.v;
    }
    if (final !== undefined) {
      traced[n - 1] = final;
      values[n - 1] = final.v;
    }
    let result: unknown;
    const ctx: CallContext = { exec: this, state, pos, args: traced };
    try {
      result = spec.fn(values, ctx);
    } catch (e) {
      if (e instanceof GoTemplateError || e instanceof TemplateExecError || !(e instanceof Error)) throw e;
      // A JS stack overflow is deep template recursion (include calling itself), not a function error.
      if (e instanceof RangeError) throw e;
      return this.fail(state, pos, `error calling ${name}: ${e.message}`, name);
    }
    const from =
      spec.trace === 'last'
        ? traced[traced.length - 1]
        : spec.trace === 'chosen' && ctx.chosen !== undefined
          ? traced[ctx.chosen]
          : undefined;
    if (spec.int64 === true && typeof result === 'bigint') result = new GoInt64(result);
    return { v: result, p: from?.p, m: ctx.map ?? resultMap(spec, from, result) };
  }
}

/** The map a string result keeps from the traced argument it came from (unchanged, or by `spec.keep`). */
function resultMap(spec: FuncSpec, from: Traced | undefined, result: unknown): StrMap | undefined {
  if (!from?.m || typeof from.v !== 'string' || typeof result !== 'string') return undefined;
  if (result === from.v) return from.m;
  return spec.keep ? keptMap(spec.keep, from.v, from.m, result) : undefined;
}

/** The template name segments record: `tpl` text is no file (INLINE), and `tpl` re-maps it. */
function segmentName(state: State): string {
  return state.tmpl.inline ? INLINE : state.tmpl.name;
}

/** `range` over an integer: 0..n-1, of the integer's type (Go ranges an int64 in int64s). */
function* intRange(n: bigint, int64: boolean): Generator<[Traced, Traced]> {
  for (let i = 0n; i < n; i++) {
    const v = int64 ? new GoInt64(i) : i;
    yield [{ v }, { v }];
  }
}

/** A map without a prototype (newMap: values, dict): never a GoObject, whose methods live on a class. */
function isValuesMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null;
}

/** An error a function returns (Go wraps it as "error calling NAME: ..."). */
export class FuncError extends Error {}

/** How an action prints its value: nil and missing values print as "<no value>" (Helm then removes it). */
function printValue(v: unknown): string {
  if (v === null || v === undefined) return '<no value>';
  return formatV(v);
}

function contextAt(src: string, pos: number): string {
  const m = /^[^\s|)}]+/.exec(src.slice(pos, pos + 200));
  return m ? m[0] : '';
}
