/**
 * Preloaded into every unit/LSP test process (`node --require`): any attempt to open a
 * network connection, resolve a host name or send a datagram throws, so a test run proves
 * that nothing in the core, the CLI or the language server reaches the network. In-process
 * LSP tests use streams, and child processes talk over stdio pipes, which are not sockets
 * we intercept.
 */
// `import x = require()` gives the real module objects; ES namespace imports are frozen
// getters that cannot be patched.
import dgram = require('dgram');
import dns = require('dns');
import net = require('net');

export const NO_NETWORK_FLAG = '__kubeGuardrailsNoNetwork';

function refuse(what: string): never {
  throw new Error(`kube-guardrails tests: network access attempted (${what}); nothing may reach the network.`);
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { path?: string } | string | number | undefined;
  // Unix domain sockets and named pipes are local IPC, not network.
  const isLocalPipe =
    (typeof first === 'object' && first !== null && typeof first.path === 'string') || (typeof first === 'string' && !/^\d+$/.test(first));
  if (!isLocalPipe) refuse(`net.Socket.connect(${JSON.stringify(first)})`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'] as const) {
  (dns as unknown as Record<string, unknown>)[name] = () => refuse(`dns.${name}`);
  (dns.promises as unknown as Record<string, unknown>)[name] = () => refuse(`dns.promises.${name}`);
}
dgram.Socket.prototype.send = function () {
  refuse('dgram send');
} as typeof dgram.Socket.prototype.send;

(globalThis as Record<string, unknown>)[NO_NETWORK_FLAG] = true;
