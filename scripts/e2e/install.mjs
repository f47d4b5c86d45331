// Installs what the editor tests need, outside the git tree's tracked files:
//   - Debian packages chromium (the browser), ripgrep (stands in for @vscode/ripgrep's
//     GitHub download), libkrb5-dev + pkg-config (code-server's `kerberos` native module);
//     installed with apt-get when missing and we are root, else we say what to install.
//   - code-server (the VS Code server + web workbench) from npm into .cache/e2e/, reused
//     while its version matches.
// Usage: node scripts/e2e/install.mjs   (also imported by the runners: ensureEditor()).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// code-server 4.100.3 pulls @vscode/ripgrep 1.15.11, which downloads this archive from
// GitHub in its postinstall unless it finds it in its cache folder under TMPDIR.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.join(repoRoot, '.cache', 'e2e');
const codeServerPrefix = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerPkg = path.join(codeServerPrefix, 'node_modules', 'code-server');
const doneMarker = path.join(codeServerPrefix, '.installed');

export function chromiumPath() {
  return process.env.KG_E2E_CHROMIUM || '/usr/bin/chromium';
}

function log(msg) {
  console.log(`[e2e-install] ${msg}`);
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}

function hasKrb5Dev() {
  return spawnSync('pkg-config', ['--exists', 'krb5-gssapi'], { stdio: 'ignore' }).status === 0;
}

function ensureDebianPackages({ needBuildDeps, needBrowser }) {
  const missing = [];
  if (needBrowser && !fs.existsSync(chromiumPath())) missing.push('chromium');
  if (needBuildDeps) {
    if (!which('rg')) missing.push('ripgrep');
    if (!which('pkg-config')) missing.push('pkg-config');
    if (!which('pkg-config') || !hasKrb5Dev()) missing.push('libkrb5-dev');
  }
  if (missing.length === 0) return;
  const all = 'chromium libkrb5-dev ripgrep pkg-config';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    throw new Error(
      `The editor tests need these system packages: ${missing.join(', ')}.\n` +
        `On Debian/Ubuntu run as root:  apt-get update && apt-get install -y ${all}\n` +
        `(chromium drives the tests; ripgrep, libkrb5-dev and pkg-config are needed to install code-server)\n` +
        `(or set KG_E2E_CHROMIUM to another Chromium/Chrome binary).`,
    );
  }
  log(`apt-get install ${all} (missing: ${missing.join(', ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...all.split(' ')], { stdio: 'inherit', env });
}

function codeServerInstalled() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(codeServerPkg, 'package.json'), 'utf8'));
    return pkg.version === CODE_SERVER_VERSION && fs.existsSync(doneMarker) && fs.existsSync(serverMainPath());
  } catch {
    return false;
  }
}

export function serverMainPath() {
  return path.join(codeServerPkg, 'lib', 'vscode', 'out', 'server-main.js');
}

function installCodeServer() {
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}.`);
  }
  fs.rmSync(codeServerPrefix, { recursive: true, force: true });
  fs.mkdirSync(codeServerPrefix, { recursive: true });
  // Pre-seed @vscode/ripgrep's download cache with Debian's rg so its postinstall needs no network.
  const tmp = path.join(cacheDir, 'tmp');
  const rgCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  fs.mkdirSync(rgCache, { recursive: true });
  const rg = fs.realpathSync(which('rg'));
  execFileSync('tar', ['-czf', path.join(rgCache, RIPGREP_ARCHIVE), '-C', path.dirname(rg), path.basename(rg)]);
  fs.writeFileSync(path.join(codeServerPrefix, 'package.json'), JSON.stringify({ name: 'kg-e2e-code-server', private: true }) + '\n');
  log(`npm install code-server@${CODE_SERVER_VERSION} into ${path.relative(repoRoot, codeServerPrefix)} (about a minute)`);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const started = Date.now();
  const r = spawnSync('npm', ['install', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerPrefix,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const logFile = path.join(cacheDir, 'code-server-install.log');
  fs.writeFileSync(logFile, `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0 || !fs.existsSync(serverMainPath())) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}); see ${logFile}`);
  }
  fs.writeFileSync(doneMarker, new Date().toISOString() + '\n');
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Makes sure code-server (and Chromium unless `browser: false`) are present; returns their paths. */
export function ensureEditor({ browser = true } = {}) {
  const haveCodeServer = codeServerInstalled();
  ensureDebianPackages({ needBuildDeps: !haveCodeServer, needBrowser: browser });
  if (!haveCodeServer) installCodeServer();
  else log(`code-server ${CODE_SERVER_VERSION} already in ${path.relative(repoRoot, codeServerPrefix)}`);
  return { chromium: chromiumPath(), serverMain: serverMainPath(), codeServerPkg };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const r = ensureEditor();
    log(`ready: chromium ${r.chromium}, VS Code server ${path.relative(repoRoot, r.serverMain)}`);
  } catch (e) {
    console.error(`[e2e-install] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
