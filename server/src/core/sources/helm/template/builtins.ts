/** Go text/template's builtin functions, with Go's comparison rules and error texts. */
import type { Arg } from './ast';
import type { Executor, FuncMap, State, Traced } from './exec';
import { sprint, sprintf, sprintln } from './fmt';
import { printfMap } from './strmap';
import { GoComplex, goInt, GoInt64, isGoObject, isMap, truth, typeName } from './values';

/** `and`/`or` evaluate their arguments lazily (short-circuit), as Go 1.18+ does. */
export const LAZY_BUILTINS = new Set(['and', 'or']);

export function callBuiltinLazy(exec: Executor, state: State, name: string, pos: number, args: Arg[], final: Traced | undefined): Traced {
  const n = args.length + (final ? 1 : 0);
  if (n < 1) exec.fail(state, pos, `wrong number of args for ${name}: want at least 1 got 0`, name);
  let last: Traced = { v: undefined };
  for (let i = 0; i < n; i++) {
    const a = args[i];
    last = a !== undefined ? exec.evalArg(state, a) : final!;
    if (truth(last.v) === (name === 'or')) return last;
  }
  return last;
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'complex' | 'invalid' | 'other';
function basicKind(v: unknown): Kind {
  if (v === null || v === undefined) return 'invalid';
  if (v instanceof GoInt64) return 'int';
  if (v instanceof GoComplex) return 'complex';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'other';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  return false;
}

function goEq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new Error('incompatible types for comparison');
    } else if (k1 === 'other') {
      if (isMap(a) || Array.isArray(a) || isMap(b) || Array.isArray(b)) {
        throw new Error(`non-comparable types ${typeName(a)}: ${typeName(a)}, ${typeName(b)}: ${typeName(b)}`);
      }
      t = deepEqual(a, b);
    } else if (k1 === 'int') t = goInt(a) === goInt(b);
    else if (k1 === 'complex') t = (a as GoComplex).re === (b as GoComplex).re && (a as GoComplex).im === (b as GoComplex).im;
    else t = a === b || (k1 === 'invalid' && k2 === 'invalid');
    if (t) return true;
  }
  return false;
}

function goLt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  const unordered = (k: Kind) => k === 'invalid' || k === 'other' || k === 'bool' || k === 'complex';
  if (unordered(k1) || unordered(k2)) throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  if (k1 === 'int') return goInt(a)! < goInt(b)!;
  return (a as number) < (b as number);
}

function goLen(v: unknown): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  if (v instanceof Uint8Array) return BigInt(v.length); // []byte (.Files.GetBytes)
  if (v === null || v === undefined) throw new Error('len of nil pointer');
  throw new Error(`len of type ${typeName(v)}`);
}

function toIndex(index: unknown, len: number, cap = len): number {
  const i = goInt(index) ?? index;
  if (typeof i === 'bigint') {
    if (i < 0n || i > BigInt(cap)) throw new Error(`index out of range: ${i}`);
    return Number(i);
  }
  if (i === null || i === undefined) throw new Error('cannot index slice/array with nil');
  throw new Error(`cannot index slice/array with type ${typeName(i)}`);
}

/** `index item idx...` (the item itself when no index is given). */
function goIndex(item: unknown, idx: readonly unknown[]): unknown {
  let cur = item;
  for (const i of idx) {
    if (Array.isArray(cur)) {
      const n = toIndex(i, cur.length);
      if (n >= cur.length) throw new Error(`index out of range: ${n}`);
      cur = cur[n];
    } else if (typeof cur === 'string') {
      const bytes = Buffer.from(cur, 'utf8');
      const n = toIndex(i, bytes.length);
      const b = bytes[n];
      if (b === undefined) throw new Error(`index out of range: ${n}`);
      cur = BigInt(b);
    } else if (isMap(cur)) {
      if (typeof i !== 'string') throw new Error(`value has type ${typeName(i)}; should be string`);
      cur = Object.prototype.hasOwnProperty.call(cur, i) ? cur[i] : undefined;
    } else if (cur === null || cur === undefined) {
      throw new Error('index of untyped nil');
    } else throw new Error(`can't index item of type ${typeName(cur)}`);
  }
  return cur;
}

function goSlice(item: unknown, ...idx: unknown[]): unknown {
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  if (typeof item === 'string') {
    if (idx.length === 3) throw new Error('cannot 3-index slice a string');
    const b = Buffer.from(item, 'utf8');
    const lo = idx.length > 0 ? toIndex(idx[0], b.length) : 0;
    const hi = idx.length > 1 ? toIndex(idx[1], b.length) : b.length;
    if (lo > hi) throw new Error(`invalid slice index: ${lo} > ${hi}`);
    return b.subarray(lo, hi).toString('utf8');
  }
  if (Array.isArray(item)) {
    const lo = idx.length > 0 ? toIndex(idx[0], item.length) : 0;
    const hi = idx.length > 1 ? toIndex(idx[1], item.length) : item.length;
    if (lo > hi) throw new Error(`invalid slice index: ${lo} > ${hi}`);
    return item.slice(lo, hi);
  }
  if (item === null || item === undefined) throw new Error('slice of untyped nil');
  throw new Error(`can't slice item of type ${typeName(item)}`);
}

function htmlEscape(s: string): string {
  return s
    .replace(/\0/g, '\uFFFD')
    .replace(/[&'<>"]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' })[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      case '<':
        out += '\\u003C';
        break;
      case '>':
        out += '\\u003E';
        break;
      case '&':
        out += '\\u0026';
        break;
      case '=':
        out += '\\u003D';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += c < 0x20 ? '\\u' + c.toString(16).toUpperCase().padStart(4, '0') : ch;
    }
  }
  return out;
}

function urlQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Go's evalArgs for html/js/urlquery: one string argument is used as is, else fmt.Sprint. */
function evalArgs(args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new Error(`wrong number of args for ${name}: want ${min === max ? min : `at least ${min}`} got ${args.length}`);
  }
}

export function addGoBuiltins(funcs: FuncMap): void {
  funcs.set('not', {
    fn: (a) => {
      arity('not', a, 1);
      return !truth(a[0]);
    },
  });
  funcs.set('eq', {
    fn: (a) => {
      arity('eq', a, 1, Infinity);
      return goEq(a[0], ...a.slice(1));
    },
  });
  funcs.set('ne', {
    fn: (a) => {
      arity('ne', a, 2);
      return !goEq(a[0], a[1]);
    },
  });
  funcs.set('lt', {
    fn: (a) => {
      arity('lt', a, 2);
      return goLt(a[0], a[1]);
    },
  });
  funcs.set('le', {
    fn: (a) => {
      arity('le', a, 2);
      return goLt(a[0], a[1]) || goEq(a[0], a[1]);
    },
  });
  funcs.set('gt', {
    fn: (a) => {
      arity('gt', a, 2);
      return !goLt(a[0], a[1]) && !goEq(a[0], a[1]);
    },
  });
  funcs.set('ge', {
    fn: (a) => {
      arity('ge', a, 2);
      return !goLt(a[0], a[1]);
    },
  });
  funcs.set('len', {
    fn: (a) => {
      arity('len', a, 1);
      return goLen(a[0]);
    },
  });
  funcs.set('index', {
    fn: (a) => {
      arity('index', a, 1, Infinity);
      return goIndex(a[0], a.slice(1));
    },
  });
  funcs.set('slice', {
    fn: (a) => {
      arity('slice', a, 1, Infinity);
      return goSlice(a[0], ...a.slice(1));
    },
  });
  funcs.set('print', { fn: (a) => sprint(a) });
  funcs.set('println', { fn: (a) => sprintln(a) });
  funcs.set('printf', {
    fn: (a, ctx) => {
      arity('printf', a, 1, Infinity);
      if (typeof a[0] !== 'string') throw new Error(`wrong type for value; expected string; got ${typeName(a[0])}`);
      const result = sprintf(a[0], a.slice(1));
      // The source map: which part of the result each argument printed (strmap.ts).
      ctx.map = printfMap(a[0], ctx.args.slice(1), result);
      return result;
    },
  });
  funcs.set('html', { fn: (a) => htmlEscape(evalArgs(a)) });
  funcs.set('js', { fn: (a) => jsEscape(evalArgs(a)) });
  funcs.set('urlquery', { fn: (a) => urlQueryEscape(evalArgs(a)) });
  void isGoObject;
}
