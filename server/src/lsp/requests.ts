import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';
import {
  codeActionsFor,
  DEFAULT_FIX_ALL_BUDGET_MS,
  DEFAULT_REQUEST_BUDGET_MS,
  isFixAllData,
  resolveFixAll,
  type CodeActionEnv,
} from './codeActions';
import type { Guard } from './guard';
import { hoverAt } from './hover';
import { REACHABILITY_REQUEST, SECURITY_MAP_REQUEST } from './securityMapProtocol';
import type { Services } from './services';
import type { StartOptions } from './startServer';
import type { Validator } from './validator';
import type { WorkspaceService } from './workspace/attachWorkspace';
import { mergeHovers } from './workspace/permissionsHover';

export interface RequestDeps {
  services: Services;
  validator: Validator;
  workspace: WorkspaceService;
  guard: Guard;
  /** The client's capabilities, known once it has initialized. */
  capabilities: () => ClientCapabilities;
  options: StartOptions;
}

/**
 * The request handlers: hover, code actions and the security map, each answered from the document's cached
 * analysis plus the workspace's part (permissions hover, NetworkPolicy fixes).
 */
export function registerRequests(connection: Connection, deps: RequestDeps): void {
  const { services, validator, workspace, guard, options: opts } = deps;
  // Requests honour the client's cancellation between steps; the fix computations also have time budgets (codeActions.ts).
  connection.onHover((params, token) =>
    guard.runAsync('hover', null, async () => {
      const doc = await validator.analysisFor(params.textDocument.uri);
      if (token.isCancellationRequested) return null;
      return mergeHovers(doc ? hoverAt(doc, params.position) : null, await workspace.hover(params));
    }),
  );

  const actionEnv = (): CodeActionEnv => ({
    services,
    documentChanges: deps.capabilities().workspace?.workspaceEdit?.documentChanges === true,
    resolveEdits: deps.capabilities().textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    requestBudgetMs: opts.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS,
    fixAllBudgetMs: opts.fixAllBudgetMs ?? DEFAULT_FIX_ALL_BUDGET_MS,
    now: opts.now,
    log: (m) => connection.console.warn(m),
  });
  connection.onCodeAction((params, token) =>
    guard.runAsync('code actions', [], async () => {
      const doc = await validator.analysisFor(params.textDocument.uri);
      if (token.isCancellationRequested) return [];
      return [...(doc ? await codeActionsFor(doc, params, actionEnv(), token) : []), ...workspace.codeActions(params)];
    }),
  );
  // The security map view (securityMapProtocol.ts): answered from the workspace index, parameters checked there.
  connection.onRequest(SECURITY_MAP_REQUEST, (params: unknown) =>
    guard.runAsync('security map', null, () => workspace.securityMap(params)),
  );
  connection.onRequest(REACHABILITY_REQUEST, (params: unknown) =>
    guard.runAsync('reachability', { error: 'The query failed (see the server log).' }, () => workspace.reachability(params)),
  );
  connection.onCodeActionResolve((action, token) =>
    guard.runAsync('code action resolve', action, async () => {
      if (!isFixAllData(action.data)) return action;
      const doc = await validator.analysisFor(action.data.fixAllOf.uri);
      if (token.isCancellationRequested) return action;
      return resolveFixAll(action, doc, actionEnv(), token);
    }),
  );
}
