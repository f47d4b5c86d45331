// `npm run editor`: try the extension in a real VS Code in your browser. Starts the VS Code
// server from code-server (installed into .cache/e2e/ on first use) with the packaged
// kube-guardrails.vsix installed, opens examples/ (or the folder given as argument), and
// prints the local URL. Listens on 127.0.0.1 only, without a connection token: do not
// forward the port. Ctrl+C stops it. Settings and extensions are fresh on every start.
// Usage: npm run editor [-- <folder>] [--port N]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureEditor, repoRoot } from './e2e/install.mjs';
import {
  defaultVsixPath,
  installVsix,
  makeSandbox,
  removeSandbox,
  startServer,
  workbenchUrl,
  writeUserSettings,
} from './e2e/vscodeServer.mjs';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args.splice(portArg, 2)[1]) : undefined;
const folder = path.resolve(args[0] ?? path.join(repoRoot, 'examples'));
if (!fs.existsSync(folder)) {
  console.error(`No such folder: ${folder}`);
  process.exit(2);
}

ensureEditor({ browser: false });
const sandbox = makeSandbox('kg-editor-');
installVsix(sandbox, defaultVsixPath());
writeUserSettings(sandbox.userData, { 'git.openRepositoryInParentFolders': 'never' });
const logFile = path.join(sandbox.root, 'server.log');
const server = await startServer(sandbox, { logFile, port });
const url = workbenchUrl(server, folder);
console.log('');
console.log('kube-guardrails is running in VS Code (code-server) with the packaged extension.');
console.log(`Open: ${url}`);
console.log(`Folder: ${folder}   Server log: ${logFile}`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  removeSandbox(sandbox);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => {
  if (!stopping) {
    console.error(`The VS Code server exited (code ${code}); see ${logFile}`);
    removeSandbox(sandbox);
    process.exit(1);
  }
});
