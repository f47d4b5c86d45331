// Bundles the three shipped entry points with esbuild. Type-checking is done by tsc
// before this runs (npm run build), so esbuild only strips types and bundles.
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

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The security map webview's page script and style (client/webview), loaded from dist/ under its CSP.
  esbuild.build({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    entryPoints: ['client/webview/securityMap.ts', 'client/webview/securityMap.css'],
    outdir: 'dist',
  }),
]);
