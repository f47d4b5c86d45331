/**
 * Sprig and Helm functions, in the rank order of ../shared/corpus/helm/function-census.md,
 * each against Sprig's documented behaviour (argument order: the piped value comes last).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Executor, type NamedTemplate } from '../../server/src/core/sources/helm/template/exec';
import { Output } from '../../server/src/core/sources/helm/template/output';
import { parseTemplate } from '../../server/src/core/sources/helm/template/parser';
import { newMap } from '../../server/src/core/sources/helm/template/values';
import { helmFuncs } from '../../server/src/core/sources/helm/helm/funcs';
import { readYaml } from '../../server/src/core/sources/helm/helm/yaml';

function run(src: string, valuesYaml = '{}', seed = 1): string {
  const t = parseTemplate('t', src);
  const templates = new Map<string, NamedTemplate>();
  for (const [n, body] of t.defines) templates.set(n, { body, tmpl: t });
  const exec = new Executor(helmFuncs(seed), templates, { maxDepth: 50, maxOutput: 1_000_000, deadline: Date.now() + 10_000 });
  const out = new Output(1_000_000);
  exec.run(t.root, t, 't', { v: Object.assign(newMap(), { Values: readYaml(valuesYaml) }) }, out);
  return out.text();
}

const CASES: [string, string, string?][] = [
  // Every expected output below is helm v4.1.4's (`helm template`).
  // Sprig's int math is Go's int64: it wraps around.
  [
    '{{ mul 4294967296 4294967296 }} {{ add 9223372036854775807 1 }} {{ sub -9223372036854775808 1 }} {{ add1 9223372036854775807 }} {{ mul 3037000500 3037000500 }}',
    '0 -9223372036854775808 9223372036854775807 -9223372036854775808 -9223372036709301616',
  ],
  [
    '{{ div -9223372036854775808 -1 }} {{ mod -9223372036854775808 -1 }} {{ max 1 9223372036854775807 }} {{ mul 4 }} {{ add }}',
    '-9223372036854775808 0 9223372036854775807 4 0',
  ],
  [
    '{{ atoi "99999999999999999999" }} {{ atoi "-99999999999999999999" }} {{ toDecimal "-17" }} {{ toDecimal "+17" }} {{ toDecimal "7777777777777777777777777" }}',
    '9223372036854775807 -9223372036854775808 -15 15 0',
  ],
  // cast.ToInt64 of a string is strconv.ParseInt(s, 0, 64) after trimming zero decimals, else 0.
  [
    '{{ int64 "9223372036854775808" }} {{ int64 1e19 }} {{ add "9223372036854775807" 1 }} {{ int64 "-0x10" }} {{ int64 "1.5" }} {{ add1 "-0x10" }}',
    '0 -9223372036854775808 -9223372036854775808 -16 0 -15',
  ],
  [
    '{{ int64 "010" }} {{ int64 "1.0" }} {{ int64 "1.00" }} {{ int64 "1e3" }} {{ int64 "1_000" }} {{ int64 " 5" }} {{ int64 "0b101" }} {{ int64 "0o17" }} {{ int64 "-1.0" }} {{ int64 ".0" }} {{ int64 "1." }} {{ int "010" }} {{ add "010" 0 }} {{ float64 "010" }}',
    '8 1 1 0 1000 0 5 15 -1 0 0 8 8 10',
  ],
  // go-yaml reads what strconv.ParseInt(s, 0, 64) reads (underscores removed): 0o17, 0O17, 0B11, 0X1F.
  [
    '{{ .Values | toJson }}',
    '{"15":"key","a":15,"b":15,"c":-15,"d":15,"e":15,"f":2,"false":31,"g":31,"h":"0o","i":"0o8","j":10,"k":"0x1p3","l":3,"m":9223372036854776000,"o":15,"p":"0X_","q":"0o17","r":[15,31],"s":"-0o_","t":"0o7777777777777777777777"}',
    'a: 0o17\nb: 0O17\nc: -0o17\nd: +0o17\ne: 0o1_7\nf: 0b1_0\ng: 0x_1F\nh: 0o\ni: 0o8\nj: 1__0\nk: 0x1p3\nl: 0B11\nm: 0o0777777777777777777777\nn: 0X1F\n0o17: key\no: 0o1__7\np: 0X_\nq: "0o17"\nr: [0o17, 0X1F]\ns: -0o_\nt: 0o7777777777777777777777\n',
  ],
  // fromJson/fromJsonArray of the wrong JSON type is encoding/json's error.
  [
    '{{ fromJson "5" | toJson }} {{ fromJson "[1]" | toJson }} {{ fromJson "null" | toJson }} {{ fromJsonArray "{}" | toJson }} {{ fromJsonArray "null" | toJson }} {{ fromJsonArray "[1,\\"a\\"]" | toJson }}',
    '{"Error":"json: cannot unmarshal number into Go value of type map[string]interface {}"} {"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"} null ["json: cannot unmarshal object into Go value of type []interface {}"] null [1,"a"]',
  ],
  // Plain scalars starting with a document marker are strings, in values and in fromYaml.
  [
    '{{ .Values | toJson }} {{ fromYaml "a: ---\\nb: ...\\n" | toJson }}',
    '{"a":"---","b":"--- x","c":["..."],"d":"...","e":"...","f":"... y"} {"a":"---","b":"..."}',
    'a: ---\nb: --- x\nc:\n  - ...\nd: &x ...\ne: *x\nf: ... y\n',
  ],
  ['{{ "a\\nb" | nindent 2 }}|{{ "a\\nb" | indent 2 }}', '\n  a\n  b|  a\n  b'],
  ['{{ dict "b" 1 "a" "x" }}', 'map[a:x b:1]'],
  ['{{ .Values.missing | default "d" }} {{ "" | default "e" }} {{ 0 | default 5 }} {{ "set" | default "f" }}', 'd e 5 set'],
  ['{{ quote "a\\"b" 1 }} {{ squote "x" }}', '"a\\"b" "1" \'x\''],
  ['{{ hasKey .Values "a" }} {{ hasKey .Values "z" }}', 'true false', 'a: 1'],
  ['{{ dig "a" "b" "def" .Values }} {{ dig "a" "x" "def" .Values }}', 'v def', 'a: {b: v}'],
  ['{{ trimSuffix "-" "ab-" }} {{ trimPrefix "x" "xy" }} {{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }}', 'ab y abc ef'],
  [
    '{{ semverCompare ">=1.21-0" "v1.33.0" }} {{ semverCompare "<1.19" "1.33.0" }} {{ semverCompare "^1.2.0" "1.9.9" }} {{ semverCompare "~1.2" "1.3.0" }}',
    'true false true false',
  ],
  ['{{ list 1 "a" }} {{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }}', '[1 a] [1 2] [0 1] [1 2 3]'],
  ['{{ $d := dict "a" (dict "x" 1) }}{{ $_ := mergeOverwrite $d (dict "a" (dict "y" 2) "b" 3) }}{{ $d }}', 'map[a:map[x:1 y:2] b:3]'],
  ['{{ merge (dict "a" 1) (dict "a" 2 "b" 3) }}', 'map[a:1 b:3]'],
  ['{{ toString 5 }} {{ toString 1.5 }} {{ empty "" }} {{ empty (list) }} {{ empty 0 }} {{ empty "x" }}', '5 1.5 true true true false'],
  [
    '{{ int "42" }} {{ int 3.9 }} {{ int64 "7" }} {{ float64 "1.5" }} {{ add 1 2 3 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add1 1 }} {{ max 1 5 3 }}',
    '42 3 7 1.5 6 3 6 3 1 2 5',
  ],
  ['{{ mulf 1.5 2 }} {{ divf 1 4 }} {{ floor 1.7 }} {{ ceil 1.2 }}', '3 0.25 1 2'],
  ['{{ ternary "y" "n" true }} {{ ternary "y" "n" false }}', 'y n'],
  [
    '{{ kindIs "map" .Values }} {{ kindIs "slice" (list) }} {{ kindOf "s" }} {{ typeOf 1 }} {{ typeIs "float64" .Values.a }}',
    'true true string int true',
    'a: 1',
  ],
  ['{{ b64enc "hi" }} {{ b64dec "aGk=" }} {{ sha256sum "a" | trunc 8 }} {{ sha1sum "a" | trunc 8 }}', 'aGk= hi ca978112 86f7e437'],
  [
    '{{ has 2 (list 1 2) }} {{ has "x" (list 1 2) }} {{ contains "b" "abc" }} {{ hasPrefix "a" "abc" }} {{ hasSuffix "c" "abc" }}',
    'true false true true true',
  ],
  ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }} {{ get $d "b" }} {{ get $d "z" }}', 'map[b:2] 2 '],
  [
    '{{ trim "  x  " }} {{ trimAll "-" "--x--" }} {{ omit (dict "a" 1 "b" 2) "a" }} {{ pick (dict "a" 1 "b" 2) "a" }}',
    'x x map[b:2] map[a:1]',
  ],
  ['{{ join "," (list "a" 1) }} {{ splitList "," "a,b" }} {{ (split "," "a,b")._1 }} {{ replace "a" "b" "aa" }}', 'a,1 [a b] b bb'],
  [
    '{{ gt 2 1 }} {{ le 1 1 }} {{ coalesce "" .Values.none "c" }} {{ keys (dict "b" 1 "a" 2) | sortAlpha }} {{ values (dict "a" 1) }}',
    'true true c [a b] [1]',
  ],
  [
    '{{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ first (list 1 2) }} {{ last (list 1 2) }} {{ rest (list 1 2) }} {{ initial (list 1 2) }} {{ reverse (list 1 2) }} {{ compact (list "" "a") }}',
    '[1 2] [1 3] 1 2 [2] [1] [2 1] [a]',
  ],
  [
    '{{ regexMatch "^a.c$" "abc" }} {{ regexFind "[0-9]+" "ab12cd" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAllLiteral "a" "aa" "$1" }} {{ regexSplit "," "a,b,c" -1 }}',
    'true 12 -W-xxW- $1$1 [a b c]',
  ],
  [
    '{{ lower "AB" }} {{ upper "ab" }} {{ title "hello world" }} {{ repeat 2 "ab" }} {{ substr 1 3 "abcd" }} {{ cat "a" 1 nil "b" }}',
    'ab AB Hello World abab bc a 1 b',
  ],
  [
    '{{ until 3 }} {{ untilStep 0 6 2 }} {{ tuple 1 2 }} {{ base "a/b.txt" }} {{ dir "a/b.txt" }} {{ clean "a//b/../c" }} {{ ext "x.tar.gz" }}',
    '[0 1 2] [0 2 4] [1 2] b.txt a a/c .gz',
  ],
  [
    '{{ toJson .Values }} {{ toPrettyJson (dict "a" 1) }} {{ toRawJson (dict "h" "<b>") }} {{ toJson (dict "h" "<b>") }}',
    '{"a":[1,2.5],"b":"x"} {\n  "a": 1\n} {"h":"<b>"} {"h":"\\u003cb\\u003e"}',
    'a: [1, 2.5]\nb: x',
  ],
  [
    '{{ (fromYaml "a: 1\\nb: [x]").b }} {{ (fromJson "{\\"a\\": 2}").a }} {{ fromYamlArray "- 1\\n- 2" }} {{ fromJsonArray "[1,2]" }} {{ (fromYaml ": :").Error | empty | not }}',
    '[x] 2 [1 2] [1 2] true',
  ],
  ['{{ deepCopy (dict "a" (list 1)) }} {{ atoi "12" }} {{ printf "%s-%d" "a" 3 }} {{ print "a" 1 }}', 'map[a:[1]] 12 a-3 a1'],
  ['{{ lookup "v1" "Secret" "ns" "name" }} {{ len (lookup "v1" "Secret" "ns" "") }}', 'map[] 0'],
  [
    '{{ mustToJson (list 1) }} {{ mustMerge (dict) (dict "a" 1) }} {{ mustUniq (list 1 1) }} {{ mustFirst (list 3) }} {{ mustRest (list 1 2) }} {{ mustWithout (list 1 2) 1 }} {{ mustRegexReplaceAllLiteral "a" "ab" "x" }} {{ mustRegexSplit "b" "abc" -1 }}',
    '[1] map[a:1] [1] 3 [2] [2] xb [a c]',
  ],
  ['{{ (semver "1.2.3-rc.1").Minor }} {{ (semver "v2.0.0").Major }}', '2 2'],
];

test('Sprig and Helm functions behave as documented', () => {
  for (const [src, want, values] of CASES) assert.equal(run(src, values), want, src);
});

test('random, crypto and clock stand-ins are seeded: same seed same value, right shape', () => {
  const src =
    '{{ randAlphaNum 10 }} {{ uuidv4 }} {{ randNumeric 4 }} {{ now | date "2006-01-02" }} {{ (genCA "ca" 365).Cert | trunc 27 }} {{ htpasswd "u" "p" | trunc 9 }}';
  const a = run(src, '{}', 7);
  assert.equal(run(src, '{}', 7), a);
  assert.notEqual(run(src, '{}', 8), a);
  assert.match(
    a,
    /^[A-Za-z0-9]{10} [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} [0-9]{4} 2026-01-01 -----BEGIN CERTIFICATE----- u:\$2a\$10\$$/,
  );
});

test('include renders a named template into a string; tpl renders a string; required and fail stop the render', () => {
  assert.equal(run('{{ define "x" }}[{{ . }}]{{ end }}{{ include "x" "v" | upper }}'), '[V]');
  assert.equal(run('{{ tpl "{{ .a }}-{{ .b }}" (dict "a" 1 "b" "x") }}'), '1-x');
  assert.throws(() => run('{{ required "need a" .Values.a }}'), /error calling required: .*need a/);
  assert.throws(() => run('{{ include "nope" . }}'), /no template "nope" associated with template "gotpl"/);
});
