// Bundles the shipped entry points (extension, server, CLI, the security map webview) with esbuild. Type-checking is done by tsc
// before this runs (npm run build), so esbuild only strips types and bundles.
// `node scripts/bundle.mjs cli` bundles only dist/cli.js: npm runs it (`prepare`) on
// `npm install`/`npm ci` in a checkout, `npm pack`, and installs from git, so the npm package,
// which is the CLI alone, is built from the sources at hand (pre-commit's node hooks included).
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Smaller .vsix, but identifiers and function names stay readable in stack traces
  // logged by the server (source maps are not shipped).
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  // Bundled dependencies' license notices stay with the code that carries them.
  legalComments: 'eof',
};

// Both the CLI and the server bundle `yaml`'s ES module build, so the editor and CI parse with the same code (the
// CommonJS build differs in Node-only details: a `!!binary` scalar is a `Buffer` there, a `Uint8Array` here). The ES
// build is also the faster one bundled: as CommonJS, every `isMap`, `isScalar`, ... call went through an interop getter,
// 3% of a scan's CPU. Unit tests run the unbundled out/ with the CommonJS build; lsp-cli-yaml-build.test.ts runs both
// bundles on those tags.
const YAML_ES_BUILD = { yaml: './node_modules/yaml/browser/index.js' };

const entries = {
  extension: { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  server: { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', alias: YAML_ES_BUILD },
  // The CLI without keepNames: its `__name(fn, "name")` wrapper on every closure created (in the rules and in the
  // bundled yaml parser, per document) cost 3-5% of a scan's CPU; identifiers are not minified, so stack traces
  // still name the functions (a name esbuild had to change for a clash reads `check2`).
  cli: {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    keepNames: false,
    alias: YAML_ES_BUILD,
  },
  // The security map webview's page script and style (client/webview), loaded from dist/ under its CSP.
  webview: {
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    entryPoints: ['client/webview/securityMap.ts', 'client/webview/securityMap.css'],
    outdir: 'dist',
  },
};
const only = process.argv.slice(2);
for (const name of only)
  if (!(name in entries)) throw new Error(`bundle.mjs: unknown entry ${name} (expected ${Object.keys(entries).join(', ')})`);
const chosen = only.length > 0 ? only : Object.keys(entries);
await Promise.all(chosen.map((name) => esbuild.build({ ...common, ...entries[name] })));
