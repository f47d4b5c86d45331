import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import safeRegex from 'safe-regex2';
import { REPO_ROOT } from '../helpers';

/**
 * Every regular expression in the shipped code (server/ and client/, the webview's page too) runs on text from the
 * user's workspace, so each must be safe from catastrophic backtracking. The test finds
 * every regex literal with the TypeScript parser, checks it statically (star height, with
 * safe-regex2) and then feeds it adversarial strings built from its own characters: long
 * runs of one character and of character pairs, ending in a character that cannot match.
 * An exponential or quadratic pattern does not finish on these inputs and the test times out.
 * No dynamic `new RegExp(...)` is allowed in shipped code: user globs and custom-rule patterns
 * compile to RE2 (linear time), tested with adversarial input in `user-patterns.test.ts`.
 */
interface Found {
  file: string;
  line: number;
  source: string;
  re: RegExp;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function collect(): { regexes: Found[]; dynamic: string[] } {
  const regexes: Found[] = [];
  const dynamic: string[] = [];
  const shipped = ['server/src', 'client/src', 'client/webview'].map((d) => sourceFiles(path.join(REPO_ROOT, ...d.split('/'))));
  for (const file of shipped.flat()) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = (node as ts.RegularExpressionLiteral).text;
        const last = lit.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        regexes.push({
          file: path.relative(REPO_ROOT, file),
          line,
          source: lit,
          re: new RegExp(
            lit.slice(1, last),
            lit
              .slice(last + 1)
              .replace('g', '')
              .replace('y', ''),
          ),
        });
      } else if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        if (ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
          dynamic.push(`${path.relative(REPO_ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { regexes, dynamic };
}

function adversarialInputs(source: string): string[] {
  const chars = new Set<string>([' ', '\t', '\n', 'a', 'A', '0', '-', ':', '.', '/', '{', '"', "'", '@', '=', '_']);
  for (const ch of source.replace(/\\[a-zA-Z]/g, '')) if (ch >= ' ' && ch <= '~') chars.add(ch);
  const list = [...chars];
  const inputs: string[] = [];
  for (const c of list) inputs.push(c.repeat(25_000) + '\u0001');
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j += 4) inputs.push((list[i]! + list[j]!).repeat(8_000) + '\u0001');
  }
  return inputs;
}

/**
 * Patterns safe-regex2 flags by its star-height heuristic that were reviewed by hand; the
 * dynamic check below still runs on them. Each is unambiguous: every repetition of the
 * inner group must start with a character the preceding part cannot consume, or the
 * repetition is bounded, so no input can be split across iterations in two ways.
 */
const REVIEWED = new Map<string, string>([
  ['/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/', 'each repetition starts with "-", which [a-z0-9] cannot match'],
  ['/^(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)/', 'no outer repetition; the alternatives start differently (digit vs ".")'],
  ['/^(\\d{1,3}\\.){3}\\d{1,3}\\/(\\d{1,2})$/', 'bounded repetitions only'],
  [
    `/kind:[ \\t]*(["']?)([A-Za-z][A-Za-z0-9]*)\\1[ \\t]*(?:#[^\\r\\n]*)?\\r?$/my`,
    'sticky (anchored where it starts); each part consumes a disjoint character set',
  ],
  [
    `/apiVersion:[ \\t]*(["']?)([A-Za-z0-9.\\-/]+)\\1[ \\t]*(?:#[^\\r\\n]*)?\\r?$/my`,
    'sticky (anchored where it starts); each part consumes a disjoint character set',
  ],
  ['/^[ \\t]*(?:-[ \\t]+)?\\{\\{/m', 'the optional group starts with "-", which [ \\t] cannot match'],
]);

test('no dynamic RegExp construction in shipped code', () => {
  assert.deepEqual(collect().dynamic, []);
});

test('every regex in shipped code is star-height safe and linear on adversarial input', { timeout: 300_000 }, () => {
  const { regexes } = collect();
  assert.ok(regexes.length >= 10, `expected the project's regexes, found ${regexes.length}`);
  const unsafe = regexes.filter((r) => !safeRegex(r.re) && !REVIEWED.has(r.source)).map((r) => `${r.file}:${r.line} ${r.source}`);
  assert.deepEqual(unsafe, [], 'regexes with nested quantifiers');
  for (const r of regexes) {
    for (const input of adversarialInputs(r.source)) {
      r.re.lastIndex = 0;
      r.re.test(input);
    }
  }
});
