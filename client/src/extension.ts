import * as path from 'path';
import { commands, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SHOW_SECURITY_MAP_COMMAND, type SecurityMapClientOptions } from '../../server/src/lsp/securityMapProtocol';
import { showRuleDocs } from './ruleDocs';
import { SecurityMapPanel } from './securityMap/panel';

/** The client id: vscode-languageclient reads `kubeGuardrails.trace.server` by this name. */
const CLIENT_ID = 'kubeGuardrails';

let client: LanguageClient | undefined;

/**
 * Thin client: starts the bundled language server over IPC for YAML documents and
 * contributes its commands and the security map view. All analysis, settings handling and the config file live in
 * the server.
 */
export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    initializationOptions: { securityMapView: true } satisfies SecurityMapClientOptions,
    // The hover's "Show in security map" link: only that command may run from hover Markdown.
    markdown: { isTrusted: { enabledCommands: [SHOW_SECURITY_MAP_COMMAND] } },
  };
  client = new LanguageClient(CLIENT_ID, 'kube-guardrails', serverOptions, clientOptions);

  context.subscriptions.push(
    commands.registerCommand('kubeGuardrails.showRuleDocs', (ruleId?: unknown) => showRuleDocs(context.extensionUri, ruleId)),
    commands.registerCommand(SHOW_SECURITY_MAP_COMMAND, (args?: unknown) => {
      if (client) SecurityMapPanel.show(context, client, args);
    }),
    commands.registerCommand('kubeGuardrails.restartServer', async () => {
      if (!client) return;
      await client.restart();
      void window.setStatusBarMessage('kube-guardrails: server restarted', 3000);
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
