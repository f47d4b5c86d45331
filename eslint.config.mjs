// ESLint flat config. Besides typescript-eslint's recommended rules it enforces the layering
// that ARCHITECTURE.md describes: server/src/core is the pure analysis core, so it may not reach
// VS Code, the LSP, the CLI, child processes or the file system (see `coreRestrictions`).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Modules no core file may import, whatever the relative path used to reach them. */
const coreRestrictions = {
  paths: [
    { name: 'vscode', message: 'server/src/core is editor-independent: no VS Code API (ARCHITECTURE.md, "The layers").' },
    { name: 'child_process', message: 'server/src/core never runs processes.' },
    { name: 'node:child_process', message: 'server/src/core never runs processes.' },
    { name: 'fs', message: 'server/src/core reads no files; only the config loader (core/config/load.ts, insideRoots.ts) may.' },
    { name: 'node:fs', message: 'server/src/core reads no files; only the config loader (core/config/load.ts, insideRoots.ts) may.' },
    { name: 'fs/promises', message: 'server/src/core reads no files; only the config loader (core/config/load.ts, insideRoots.ts) may.' },
    {
      name: 'node:fs/promises',
      message: 'server/src/core reads no files; only the config loader (core/config/load.ts, insideRoots.ts) may.',
    },
  ],
  patterns: [
    {
      group: ['vscode-languageserver*', 'vscode-languageclient*'],
      message: 'server/src/core knows nothing of the LSP: convert in server/src/lsp.',
    },
    { group: ['**/lsp', '**/lsp/**'], message: 'server/src/core may not import the LSP adapter (server/src/lsp).' },
    { group: ['**/cli', '**/cli/**'], message: 'server/src/core may not import the CLI adapter (server/src/cli).' },
  ],
};

/** The same restrictions minus the file system, for the files allowed to read it. */
const coreRestrictionsWithFs = {
  ...coreRestrictions,
  paths: coreRestrictions.paths.filter((p) => !/^(node:)?fs(\/promises)?$/.test(p.name)),
};

export default defineConfig(
  // Build output, installed packages and what .gitignore lists (.cache/ holds code-server's own JS).
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'artifacts/**', '.tmp-*', 'test/fixtures/**', '**/*.vsix'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `import('./x').T` annotations stay allowed: core/workspace/types.ts uses them for a few fields.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // `import x = require('x')` is how test/guard/noNetwork.ts gets patchable module objects.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // tsconfig's noUnusedLocals/noUnusedParameters already cover this, with `_` conventions.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreRestrictions] },
  },
  {
    // The config loader is the core's one door to the file system: it finds the nearest
    // .kube-guardrails.yaml for both the editor and the CLI, so the lookup cannot drift.
    // insideRoots.ts is its confinement check (realpath + stat, never a read), which the CLI
    // walk and the editor's indexer share so that no link leads them outside the workspace.
    files: ['server/src/core/config/load.ts', 'server/src/core/config/insideRoots.ts'],
    rules: { 'no-restricted-imports': ['error', coreRestrictionsWithFs] },
  },
  {
    // Tests walk parsed YAML as plain JS objects; `any` there is the honest type.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
