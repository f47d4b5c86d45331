import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parsePssVersion } from '../../server/src/core/engine/options';
import type { PssLevel } from '../../server/src/core/types';
import { analyze, SHARED } from '../helpers';

/**
 * Conformance with Kubernetes' own Pod Security Admission fixtures
 * (../shared/corpus/pss/<level>/v1.<minor>/<pass|fail>/<check><n>.yaml): at that level and
 * policy version, every pass file yields no PSS finding, and every fail file yields at
 * least one finding of the check its file name names (lower-cased PSA id + a number).
 * The corpus is required: a missing corpus fails the test.
 */
const CORPUS = path.join(SHARED, 'corpus', 'pss');
const EXPECTED_FILES = 4537;
const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

function versionsOf(level: PssLevel): string[] {
  const dir = path.join(CORPUS, level);
  assert.ok(fs.existsSync(dir), `PSS corpus missing: ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((v) => parsePssVersion(v) !== undefined)
    .sort((a, b) => parsePssVersion(a)! - parsePssVersion(b)!);
}

function yamlFiles(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
}

/** `capabilities_baseline3.yaml` -> `capabilities_baseline`. */
function checkOfFile(file: string): string {
  return file.replace(/\.yaml$/, '').replace(/\d+$/, '');
}

let counted = 0;

test('the PSS conformance corpus is present', () => {
  assert.ok(fs.existsSync(CORPUS), `PSS corpus missing: ${CORPUS}`);
  for (const level of LEVELS) assert.ok(versionsOf(level).length >= 38, `${level}: expected versions v1.0 … v1.37`);
});

for (const level of LEVELS) {
  // Read the version list at load so each version gets its own subtest; a missing
  // corpus yields an empty list here and the presence test above fails.
  const versions = fs.existsSync(path.join(CORPUS, level)) ? versionsOf(level) : [];
  for (const version of versions) {
    test(`PSS conformance: ${level} ${version}`, () => {
      const minor = parsePssVersion(version)!;
      const options = { profile: level, pssVersion: minor };
      const base = path.join(CORPUS, level, version);
      const failures: string[] = [];
      const pass = yamlFiles(path.join(base, 'pass'));
      const fail = yamlFiles(path.join(base, 'fail'));
      assert.ok(pass.length > 0, `${base}/pass is empty`);
      for (const file of pass) {
        const text = fs.readFileSync(path.join(base, 'pass', file), 'utf8');
        const found = analyze(text, options).filter((f) => f.pssCheck !== undefined);
        if (found.length) failures.push(`pass/${file}: unexpected ${found.map((f) => `${f.ruleId} (${f.message})`).join('; ')}`);
      }
      for (const file of fail) {
        const text = fs.readFileSync(path.join(base, 'fail', file), 'utf8');
        const check = checkOfFile(file);
        const found = analyze(text, options).filter((f) => f.pssCheck !== undefined);
        if (!found.some((f) => f.pssCheck!.toLowerCase() === check)) {
          failures.push(`fail/${file}: no ${check} finding (got ${found.map((f) => f.ruleId).join(', ') || 'none'})`);
        }
      }
      counted += pass.length + fail.length;
      assert.deepEqual(failures, [], `${level} ${version}`);
    });
  }
}

test('every file of the PSS corpus was evaluated', () => {
  assert.equal(counted, EXPECTED_FILES);
});
