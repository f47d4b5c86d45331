import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

/**
 * `textDocument/publishDiagnostics` REPLACES the diagnostics of a uri, and two producers
 * publish for the same uris: the per-document validator and the workspace analysis. This
 * merger sits on `connection.sendDiagnostics`: whatever the validator publishes is kept
 * and sent together with the current workspace diagnostics of that uri, and a workspace
 * update re-sends the validator's last set with the new workspace ones. Neither producer
 * has to know about the other.
 */
export class DiagnosticsMerger {
  private readonly own = new Map<string, Diagnostic[]>();
  private readonly workspace = new Map<string, Diagnostic[]>();
  private readonly send: (p: PublishDiagnosticsParams) => Promise<void>;

  /**
   * `beforeSend(uri)` runs synchronously before a validator publish, so the workspace part
   * can be brought up to date for that document first and ride along in the same
   * notification (no second notification for the same edit).
   */
  constructor(connection: Connection, beforeSend?: (uri: string) => void) {
    const original = connection.sendDiagnostics.bind(connection);
    this.send = original;
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
      this.own.set(params.uri, params.diagnostics);
      beforeSend?.(params.uri);
      return original({ ...params, diagnostics: [...params.diagnostics, ...(this.workspace.get(params.uri) ?? [])] });
    };
  }

  /** Sets the workspace diagnostics of a uri and publishes when they changed. */
  async setWorkspace(uri: string, diagnostics: Diagnostic[]): Promise<void> {
    const before = this.workspace.get(uri) ?? [];
    if (JSON.stringify(before) === JSON.stringify(diagnostics)) return;
    if (diagnostics.length) this.workspace.set(uri, diagnostics);
    else this.workspace.delete(uri);
    await this.send({ uri, diagnostics: [...(this.own.get(uri) ?? []), ...diagnostics] });
  }

  /** Records workspace diagnostics for a uri without publishing (the caller's publish carries them). */
  setWorkspaceSilently(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length) this.workspace.set(uri, diagnostics);
    else this.workspace.delete(uri);
  }

  workspaceUris(): string[] {
    return [...this.workspace.keys()];
  }
}
