import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

/** Entry point of dist/server.js: IPC when started by the client, `--stdio` for other editors. */
startServer(createConnection(ProposedFeatures.all));
