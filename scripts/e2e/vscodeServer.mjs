// Starts and stops one VS Code server (from the code-server npm package) per run, on
// 127.0.0.1 with a free port, a fresh user-data dir, a fresh extensions dir holding the
// packaged .vsix, and a fresh copy of a workspace folder. Shared by the e2e runner, the
// user's-eye check and `npm run editor`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, serverMainPath } from './install.mjs';

export const EXTENSION_ID = 'kube-guardrails.kube-guardrails';

export function defaultVsixPath() {
  return path.join(repoRoot, 'kube-guardrails.vsix');
}

/** A fresh temp folder for one run: user data, extensions, workspace copy, browser profile. */
export function makeSandbox(prefix = 'kg-e2e-') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    browserProfile: path.join(root, 'browser-profile'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

export function copyWorkspace(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

export function writeUserSettings(userData, extra = {}) {
  const dir = path.join(userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
  // The server reads machine settings from its data dir as well.
  const machine = path.join(userData, 'data', 'Machine');
  fs.mkdirSync(machine, { recursive: true });
  fs.writeFileSync(path.join(machine, 'settings.json'), '{}');
}

function serverEnv(sandbox, extraEnv) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: sandbox.xdgConfig,
    XDG_DATA_HOME: sandbox.xdgData,
    VSCODE_AGENT_FOLDER: sandbox.userData,
    ...extraEnv,
  };
}

function commonArgs(sandbox) {
  return [
    '--accept-server-license-terms',
    '--user-data-dir',
    sandbox.userData,
    '--server-data-dir',
    sandbox.userData,
    '--extensions-dir',
    sandbox.extensions,
    '--disable-telemetry',
  ];
}

/**
 * Installs the packaged extension the way a user does (`--install-extension x.vsix`), so
 * the tests run exactly the files the .vsix ships. Returns the installed folder.
 */
export function installVsix(sandbox, vsixPath) {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} not found: run \`npm run package\` first.`);
  const r = spawnSync(process.execPath, [serverMainPath(), ...commonArgs(sandbox), '--install-extension', vsixPath, '--force'], {
    env: serverEnv(sandbox, {}),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const installed = fs
    .readdirSync(sandbox.extensions, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.toLowerCase().startsWith(`${EXTENSION_ID}-`))
    .map((d) => path.join(sandbox.extensions, d.name));
  if (r.status !== 0 || installed.length !== 1) {
    throw new Error(`Installing ${vsixPath} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return installed[0];
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the VS Code server exited during start-up');
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer ${url} within ${timeoutMs} ms (${last})`);
}

/**
 * Starts the VS Code server. `env` is passed to the server process and so reaches the
 * extension host (the suite reads its results-file path from it). Output goes to logFile.
 */
export async function startServer(sandbox, { env = {}, logFile, port } = {}) {
  port = port ?? (await freePort());
  const args = [
    serverMainPath(),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    ...commonArgs(sandbox),
    '--enable-smoke-test-driver',
    '--disable-workspace-trust',
    '--log',
    'info',
  ];
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = logFile ? fs.openSync(logFile, 'w') : 'ignore';
  // detached: the server gets its own process group, so stop() ends it with its
  // extension host and language server, and nothing is left running after a run.
  const child = spawn(process.execPath, args, { env: serverEnv(sandbox, env), stdio: ['ignore', out, out], detached: true });
  let exited = false;
  child.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/version`, 60_000, () => !exited);
  } catch (e) {
    stopProcessGroup(child);
    throw e;
  }
  return {
    port,
    base,
    child,
    async stop() {
      await stopProcessGroup(child);
    },
  };
}

async function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 5000);
  await gone;
  clearTimeout(t);
}

/** The `?folder=…&payload=…` URL the web workbench understands. */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.base}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(sandbox, chromium, { width = 1400, height = 900 } = {}) {
  const { chromium: pw } = await import('playwright-core');
  return pw.launchPersistentContext(sandbox.browserProfile, {
    executablePath: chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
  });
}

export function removeSandbox(sandbox) {
  try {
    fs.rmSync(sandbox.root, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* a leftover temp dir is harmless */
  }
}
