/**
 * Values from the command line and from dependencies, against Helm's documented behaviour:
 * `--set` typing and syntax (pkg/strvals), `--set-string`, `--set-json`, `--set-file`,
 * `--set-literal` (its values and errors as helm v4.1.4 printed them for these inputs), their
 * order, `import-values` in both forms (pkg/chart/v2/util/dependencies.go), and `toToml`
 * (BurntSushi/toml's encoder layout).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart, type RenderOptions } from '../../server/src/core/sources/helm/helm/render';
import { parseSet, parseSetJson, parseSetLiteral, parseSetString } from '../../server/src/core/sources/helm/helm/strvals';
import { toToml } from '../../server/src/core/sources/helm/helm/toml';
import { mergeValues } from '../../server/src/core/sources/helm/helm/values';
import { readYaml } from '../../server/src/core/sources/helm/helm/yaml';
import { newMap } from '../../server/src/core/sources/helm/template/values';
import { memFiles } from './helm-files';

/** Values as JSON, int64 marked with a trailing n so int64 and float64 stay distinguishable. */
function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}
const set = (s: string) => show(parseSet(s, newMap()));
function setError(s: string): string {
  try {
    parseSet(s, newMap());
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

test('--set types values as strvals does: bools and null any case, int64 unless a leading zero, escapes', () => {
  assert.equal(
    set('a=true,b=FALSE,c=Null,d=0,e=007,f=-12,g=1234567890'),
    '{"a":true,"b":false,"c":null,"d":"0n","e":"007","f":"-12n","g":"1234567890n"}',
  );
  assert.equal(set('big=9223372036854775808,max=9223372036854775807'), '{"big":"9223372036854775808","max":"9223372036854775807n"}');
  assert.equal(set('name1=one\\,two,name2=three\\,four'), '{"name1":"one,two","name2":"three,four"}');
  assert.equal(set('a=x=y,b='), '{"a":"x=y","b":""}');
  assert.equal(set('a=1,a=2'), '{"a":"2n"}');
});

test('--set paths: nested keys, lists by index with gaps, maps in lists, {a,b} lists, nested lists', () => {
  assert.equal(set('outer.middle.inner=v,outer.other=w'), '{"outer":{"middle":{"inner":"v"},"other":"w"}}');
  assert.equal(set('list[0]=foo,list[3]=bar'), '{"list":["foo",null,null,"bar"]}');
  assert.equal(set('list[0].foo=bar,list[0].hello=world'), '{"list":[{"foo":"bar","hello":"world"}]}');
  assert.equal(set('list={1,b,true}'), '{"list":["1n","b",true]}');
  assert.equal(set('nested[0][1]=1'), '{"nested":[[null,"1n"]]}');
  assert.equal(set('a.b[1]=x'), '{"a":{"b":[null,"x"]}}');
});

test("--set errors carry strvals' messages", () => {
  assert.equal(setError('name1,name2=x'), 'key "name1" has no value (cannot end with ,)');
  assert.equal(setError('name1=val1,name2'), 'key "name2" has no value');
  assert.equal(setError('list[-30].hello=world'), 'negative -30 index not allowed');
  assert.equal(setError('list[65537]=x'), 'index of 65537 is greater than maximum supported index of 65536');
  assert.equal(setError('list[x]=1'), 'error parsing index: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(setError('list[0]x=1'), 'unexpected data at end of array index: "x"');
  assert.equal(setError('a=1,a.b=2'), 'unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}');
  assert.equal(setError('a=1,a[0]=2'), 'unable to parse key: interface conversion: interface {} is int64, not []interface {}');
  assert.equal(setError('a.=x'), 'key map "a" has no value');
  assert.equal(setError('a={1,2'), "list must terminate with '}'");
  const deep = Array.from({ length: 32 }, (_, i) => `k${i}`).join('.') + '=x';
  assert.equal(setError(deep), 'value name nested level is greater than maximum supported nested level of 30');
});

test('--set-string keeps every value a string; --set-json reads JSON values (numbers are float64)', () => {
  assert.equal(show(parseSetString('a=1,b=true,c=null,l={1,2}', newMap())), '{"a":"1","b":"true","c":"null","l":["1","2"]}');
  const json = (s: string) => show(parseSetJson(s, newMap(), mergeValues));
  assert.equal(json('a={"b":1,"c":[true,null]},d="s,t" ,e=2.5,f='), '{"a":{"b":1,"c":[true,null]},"d":"s,t","e":2.5,"f":null}');
  assert.equal(json('list[1]={"x":1}'), '{"list":[null,{"x":1}]}');
  assert.equal(json(' {"a":{"b":2}}'), '{"a":{"b":2}}');
  // Blanks after a comma belong to the next key, as in strvals.
  assert.equal(json('a=1, b=2'), '{"a":1," b":2}');
  assert.throws(() => json('a={bad'), { message: 'failed parsing --set-json data a={bad' });
  assert.throws(() => json('{"a":'), { message: 'failed parsing --set-json data JSON: {"a":' });
  // strvals reads `[1]` as an empty key's list index and stops at the end: nothing is set, no error.
  assert.equal(json('[1]'), '{}');
});

test('--set-literal: the rest after the first = is one string value, commas, backslashes and braces kept', () => {
  const literal = (s: string) => show(parseSetLiteral(s, newMap()));
  assert.equal(literal('x=a,b\\,c=d'), '{"x":"a,b\\\\,c=d"}');
  assert.equal(literal('x=1'), '{"x":"1"}');
  assert.equal(literal('x=true'), '{"x":"true"}');
  assert.equal(literal('x='), '{"x":""}');
  assert.equal(literal('x==y'), '{"x":"=y"}');
  assert.equal(literal('m.n=1 2 '), '{"m":{"n":"1 2 "}}');
  assert.equal(literal('a.b.c={x,y}'), '{"a":{"b":{"c":"{x,y}"}}}');
  assert.equal(literal('list[1]=a,b'), '{"list":[null,"a,b"]}');
  assert.equal(literal('n[0][1]=q'), '{"n":[[null,"q"]]}');
  assert.equal(literal('p[0].q=r,s'), '{"p":[{"q":"r,s"}]}');
  assert.equal(literal('=x'), '{}');
  const literalError = (s: string) => {
    try {
      parseSetLiteral(s, newMap());
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.equal(literalError('x'), 'key "x" has no value');
  // literal_parser.go prints the runes after the index with %q of a []rune.
  assert.equal(literalError('l[0]x=1'), "unexpected data at end of array index: ['x']");
  assert.equal(literalError("l[0]xy'=1"), "unexpected data at end of array index: ['x' 'y' '\\'']");
  assert.equal(literalError('l[x]=1'), 'error parsing index: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(literalError('l[-1]=1'), 'negative -1 index not allowed');
  assert.equal(literalError('k.=v'), 'key map "k" has no value');
  const deep = Array.from({ length: 32 }, (_, i) => `k${i}`).join('.') + '=x';
  assert.equal(literalError(deep), 'value name nested level is greater than maximum supported nested level of 30');
});

const CHART = 'apiVersion: v2\nname: demo\nversion: 1.0.0\n';

function render(files: Record<string, string>, opts: RenderOptions = {}) {
  return renderChart(memFiles(files), 'c', { releaseName: 'rel', namespace: 'ns1', ...opts });
}

test("flags apply in Helm's order: -f, --set-json, --set, --set-string, --set-file; --set-file reads through SourceFiles", () => {
  const files = {
    'c/Chart.yaml': CHART,
    'c/values.yaml': 'a: 0\nb: 0\nc: 0\nd: 0\n',
    'c/templates/x.yaml': 'v: {{ .Values.a }} {{ kindOf .Values.a }} {{ .Values.b }} {{ .Values.c | quote }} {{ .Values.d | quote }}\n',
    'cert.pem': 'line1\nline2\n',
    'v.yaml': 'a: 1\nb: 1\nc: 1\nd: 1\n',
  };
  const r = render(files, {
    valuesFiles: ['v.yaml'],
    setJson: ['a=2,b=2,c=2,d=2'],
    set: ['b=3,c=3,d=3'],
    setString: ['c=4,d=4'],
    setFile: ['d=cert.pem'],
  });
  assert.equal(r.error, undefined);
  assert.equal(r.output, '---\n# Source: demo/templates/x.yaml\nv: 2 float64 3 "4" "line1\\nline2\\n"\n');
  assert.ok(r.filesRead.includes('cert.pem'));
  const missing = render(files, { setFile: ['d=nope.txt'] });
  assert.equal(missing.error, 'failed parsing --set-file data: open nope.txt: no such file or directory');
  assert.equal(render(files, { setString: ['x'] }).error, 'failed parsing --set-string data: key "x" has no value');
});

test('--set-literal applies last (after --set-file), one whole value per flag', () => {
  const files = {
    'c/Chart.yaml': CHART,
    'c/values.yaml': 'a: 0\nb: 0\n',
    'c/templates/x.yaml': 'v: {{ printf "%s|%s|%s" .Values.a (kindOf .Values.a) .Values.b | quote }}\n',
    'a.txt': 'from a file',
  };
  const r = render(files, { set: ['a=1,b=2'], setFile: ['a=a.txt'], setLiteral: ['a=1,b=\\3', 'b=x'] });
  assert.equal(r.error, undefined);
  assert.equal(r.output, '---\n# Source: demo/templates/x.yaml\nv: "1,b=\\\\3|string|x"\n');
  assert.equal(render(files, { setLiteral: ['x'] }).error, 'failed parsing --set-literal data: key "x" has no value');
});

test("import-values: the exports string form, the child/parent form, aliases; the parent's own values win, non-tables are skipped", () => {
  const files = {
    'c/Chart.yaml':
      CHART +
      'dependencies:\n' +
      '  - name: child\n    version: 0.1.0\n    import-values:\n      - data\n      - child: default.data\n        parent: myimports\n' +
      '  - name: child\n    version: 0.1.0\n    alias: other\n    import-values:\n      - child: cfg\n        parent: from.alias\n      - child: scalar\n        parent: s\n',
    'c/values.yaml': 'shared: from-parent\nmyimports:\n  myint: 0\n',
    'c/templates/x.yaml':
      'root: {{ .Values.myint }} {{ .Values.shared }}\n' +
      'mapped: {{ .Values.myimports.myint }} {{ .Values.myimports.mystring }}\n' +
      'alias: {{ .Values.from.alias.k }} {{ hasKey .Values "s" }}\n',
    'c/charts/child/Chart.yaml': 'apiVersion: v2\nname: child\nversion: 0.1.0\n',
    'c/charts/child/values.yaml':
      'exports:\n  data:\n    myint: 99\n    shared: from-child\n' +
      'default:\n  data:\n    myint: 1\n    mystring: hi\n' +
      'cfg:\n  k: v\nscalar: 5\n',
    'c/charts/child/templates/y.yaml': 'child: {{ .Values.default.data.myint }} {{ hasKey .Values "myint" }}\n',
  };
  const r = render(files);
  assert.equal(r.error, undefined);
  assert.equal(
    r.output,
    '---\n# Source: demo/charts/child/templates/y.yaml\nchild: 1 false\n' +
      '---\n# Source: demo/charts/other/templates/y.yaml\nchild: 1 false\n' +
      '---\n# Source: demo/templates/x.yaml\nroot: 99 from-parent\nmapped: 0 hi\nalias: v false\n',
  );
  // User values still win over imported ones.
  const r2 = render(files, { set: ['myint=5,myimports.mystring=user'] });
  assert.match(r2.output, /root: 5 from-parent\nmapped: 0 user\n/);
});

test("toToml writes BurntSushi/toml's layout: sorted keys, plain keys first, indented tables, [[lists of maps]], floats with a decimal", () => {
  const values = readYaml(
    'name: x\nreplicas: 3\nratio: 0.5\nbig: 1e+22\nsmall: 0.0000001\nenabled: true\nlist: [1, "a"]\n' +
      'server:\n  port: 8080\n  tls:\n    cert: "c\\"q\\\\\\n"\npeers:\n  - name: a\n  - name: b\n"weird key": 1\nnothing: null\n',
  );
  assert.equal(
    toToml(values),
    'big = 10000000000000000000000.0\nenabled = true\nlist = [1.0, "a"]\nname = "x"\nratio = 0.5\nreplicas = 3.0\nsmall = 0.0000001\n"weird key" = 1.0\n' +
      '\n[[peers]]\n  name = "a"\n\n[[peers]]\n  name = "b"\n' +
      '\n[server]\n  port = 8080.0\n  [server.tls]\n    cert = "c\\"q\\\\\\n"\n',
  );
  assert.equal(toToml([1n, 2n]), '[1, 2]');
  assert.equal(toToml(Object.assign(newMap(), { l: [1n, null] })), 'toml: cannot encode array with nil element');
  // From a template: int literals are Go ints, printed without a decimal.
  const r = render({ 'c/Chart.yaml': CHART, 'c/templates/x.yaml': 'a: {{ toToml (dict "k" 1 "s" "v") | quote }}\n' });
  assert.equal(r.output, '---\n# Source: demo/templates/x.yaml\na: "k = 1\\ns = \\"v\\"\\n"\n');
});

test('integer types as helm v4.1.4 prints them: --set integers and Sprig integer math are int64, literals and len int', () => {
  const files = {
    'c/Chart.yaml': CHART,
    'c/values.yaml': 'f: 1\nfl: 1.5\n',
    'c/templates/x.yaml': [
      'a: {{ typeOf .Values.s }} {{ kindOf .Values.s }} {{ kindIs "int64" .Values.s }} {{ typeIs "int64" .Values.s }} {{ typeIs "int" .Values.s }}',
      'b: {{ typeOf .Values.ss }} {{ typeOf .Values.j }} {{ typeOf .Values.f }} {{ typeOf .Values.fl }} {{ typeOf .Values.big }} {{ typeOf .Values.neg }}',
      'c: {{ typeOf 1 }} {{ typeOf (add 1 2) }} {{ typeOf (len "a") }} {{ typeOf (int 3) }} {{ typeOf (int64 3) }} {{ typeOf (atoi "3") }} {{ typeOf (add1 1) }} {{ typeOf (max 1 2) }}',
      'd: {{ $x := .Values.s }}{{ typeOf $x }} {{ .Values.s | typeOf }} {{ typeOf (index .Values.l 0) }} {{ typeOf .Values.n.m }} {{ typeOf (default 9 .Values.s) }} {{ typeOf (int .Values.s) }}',
      'e: {{ range .Values.l }}{{ typeOf . }} {{ end }}{{ typeOf (index .Values.jl 0) }} {{ typeOf .Values.lit }} {{ typeOf .Values.hex }} {{ typeOf .Values.zero }} {{ typeOf .Values.plus }}',
      'f: {{ $_ := set .Values "t" 3 }}{{ typeOf .Values.t }} {{ kindOf .Values.s | quote }} {{ .Values.s }} {{ toJson .Values.l }}',
      '',
    ].join('\n'),
  };
  const r = render(files, {
    set: ['s=5', 'big=99999999999999999999', 'neg=-3', 'l={1,2}', 'n.m=7', 'hex=0x10', 'zero=007', 'plus=+5'],
    setString: ['ss=5'],
    setJson: ['j=5', 'jl=[1,2]'],
    setLiteral: ['lit=8'],
  });
  assert.equal(r.error, undefined);
  // Every line is helm v4.1.4's output for this chart and these flags, byte for byte.
  assert.equal(
    r.output,
    [
      '---',
      '# Source: demo/templates/x.yaml',
      'a: int64 int64 true true false',
      'b: string float64 float64 float64 string int64',
      'c: int int64 int int int64 int int64 int64',
      'd: int64 int64 int64 int64 int64 int',
      'e: int64 int64 float64 string string string int64',
      'f: int "int64" 5 [1,2]',
      '',
    ].join('\n'),
  );
});

test("default, ternary and coalesce give the type of the argument they returned; set, unset, merge and dict update a key's type", () => {
  const files = {
    'c/Chart.yaml': CHART,
    'c/templates/t.yaml': [
      'a: {{ typeOf (default .Values.x 5) }} {{ typeOf (5 | default .Values.x) }} {{ typeOf (ternary .Values.x 5 false) }} {{ typeOf (default (add 0 1) 1) }}',
      'b: {{ typeOf (.Values.x | default 5) }} {{ typeOf (ternary 5 .Values.x false) }} {{ typeOf (coalesce 0 .Values.x 5) }} {{ typeOf (coalesce 0 5 .Values.x) }} {{ typeOf (default 5) }}',
      'c: {{ $_ := set .Values "x" 2 }}{{ typeOf .Values.x }} {{ $_ := set .Values "y" (add 1 1) }}{{ typeOf .Values.y }} {{ $_ := unset .Values "y" }}{{ typeOf .Values.y }}',
      'd: {{ $d := dict "z" 3 }}{{ $_ := mergeOverwrite $d .Values }}{{ typeOf $d.z }} {{ typeOf $d.w }} {{ $e := dict "w" 1 }}{{ $_ := merge $e .Values }}{{ typeOf $e.w }} {{ $f := dict "q" 1 }}{{ $_ := mergeOverwrite .Values $f }}{{ typeOf .Values.q }} {{ typeOf (dict "k" (add 1 1)).k }} {{ typeOf (dict "k" .Values.w).k }}',
      '',
    ].join('\n'),
  };
  const r = render(files, { set: ['x=5', 'w=7', 'z=9', 'q=4'] });
  assert.equal(r.error, undefined);
  // helm v4.1.4's output for this chart and these flags.
  assert.equal(
    r.output,
    [
      '---',
      '# Source: demo/templates/t.yaml',
      'a: int int int int',
      'b: int64 int64 int64 int int',
      'c: int int64 <nil>',
      'd: int64 int64 int int int64 int64',
      '',
    ].join('\n'),
  );
});
