#!/usr/bin/env node
// The counts table of docs/false-positive-review.md: for every rule of the catalogue, how many
// findings the built CLI (dist/cli.js, `npm run build` first) reports on ../shared/corpus/realworld
// (one scan of the folder, as a user would run it) and on the stored `helm template` outputs
// ../shared/corpus/helm/<chart>/expected/<variant>.yaml (each variant scanned alone: one release is
// one workspace, and every variant renders into the same namespace). Every rule is enabled, opt-in
// ones included (a temporary config), so the table covers all of them; `--profile restricted`.
//
// Usage: node scripts/fp-census.mjs                 print the markdown table
//        node scripts/fp-census.mjs --list [rule]   print the findings (of that rule, or all) as
//                                                   `rule corpus file:line message`, to read them
// Run by hand; nothing here is part of the test suite (it needs ../shared and takes about a minute).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'dist', 'cli.js');
const corpus = path.resolve(repo, '..', 'shared', 'corpus');

function run(args) {
  try {
    return execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    // Exit codes 1 (error findings) and 2 (something not analysed) still print the report.
    if (typeof e.stdout === 'string' && e.stdout.startsWith('{')) return e.stdout;
    throw e;
  }
}

const rules = JSON.parse(run(['rules', '--format', 'json', '--no-config']));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-census-'));
const config = path.join(tmp, '.kube-guardrails.yaml');
fs.writeFileSync(config, `rules:\n${rules.map((r) => `  ${r.id}: ${r.severity}`).join('\n')}\n`);

function scan(paths) {
  return JSON.parse(run(['scan', '--config', config, '-f', 'json', ...paths]));
}

const helmOutputs = fs
  .readdirSync(path.join(corpus, 'helm'))
  .filter((chart) => fs.existsSync(path.join(corpus, 'helm', chart, 'expected')))
  .flatMap((chart) =>
    fs
      .readdirSync(path.join(corpus, 'helm', chart, 'expected'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join(corpus, 'helm', chart, 'expected', f)),
  )
  .sort();

const reports = {
  realworld: [scan([path.join(corpus, 'realworld')])],
  helm: helmOutputs.map((f) => scan([f])),
};
fs.rmSync(tmp, { recursive: true, force: true });

if (process.argv[2] === '--list') {
  const only = process.argv[3];
  for (const [name, rs] of Object.entries(reports)) {
    for (const r of rs)
      for (const f of r.findings.filter((x) => only === undefined || x.ruleId === only))
        console.log(`${f.ruleId} ${name} ${path.relative(corpus, f.file)}:${f.range.start.line + 1} ${f.message}`);
  }
  process.exit(0);
}

const count = (rs, id) => rs.reduce((n, r) => n + r.findings.filter((f) => f.ruleId === id).length, 0);
const total = (rs) => rs.reduce((n, r) => n + r.findings.length, 0);
const errors = (rs) => rs.reduce((n, r) => n + (r.errors?.length ?? 0), 0);
const rows = rules
  .map((r) => ({ id: r.id, on: r.defaultEnabled !== false, realworld: count(reports.realworld, r.id), helm: count(reports.helm, r.id) }))
  .sort((a, b) => b.realworld + b.helm - (a.realworld + a.helm) || a.id.localeCompare(b.id));

const found = rows.filter((r) => r.realworld + r.helm > 0);
console.log(
  `| rule | default | realworld (${total(reports.realworld)}) | rendered Helm, ${helmOutputs.length} outputs (${total(reports.helm)}) |`,
);
console.log('|---|---|---:|---:|');
for (const r of found) console.log(`| \`${r.id}\` | ${r.on ? 'on' : 'opt-in'} | ${r.realworld} | ${r.helm} |`);
const none = rows.filter((r) => r.realworld + r.helm === 0).map((r) => `\`${r.id}\``);
console.log(`\nNo finding on either corpus (${none.length} rules): ${none.join(', ')}.`);
console.log(`\nNot analysed (errors): realworld ${errors(reports.realworld)}, Helm outputs ${errors(reports.helm)}.`);
