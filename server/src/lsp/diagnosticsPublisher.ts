import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

/**
 * Which producer a uri's diagnostics come from: the per-document validator (and the config
 * store, for config files) or the workspace (cross-file) analysis.
 */
export type DiagnosticsPart = 'document' | 'workspace';

/**
 * The one place diagnostics leave the server. `textDocument/publishDiagnostics` REPLACES a
 * uri's list, and two producers report on the same uris, so each calls `publish` with its
 * own part; the publisher keeps both and always sends them together. A document part
 * carries the document version it was computed for; a workspace update re-sends the last
 * document part with the new workspace part (no version: it follows no particular edit).
 */
export class DiagnosticsPublisher {
  private readonly document = new Map<string, Diagnostic[]>();
  private readonly workspace = new Map<string, Diagnostic[]>();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => Promise<void> | void) {}

  /**
   * Replaces one part of a uri's diagnostics and sends the merged list. A workspace part
   * equal to the one already sent sends nothing (a cross-file re-analysis touches many
   * files, most of them unchanged).
   */
  async publish(uri: string, part: DiagnosticsPart, diagnostics: Diagnostic[], version?: number): Promise<void> {
    if (part === 'document') {
      this.document.set(uri, diagnostics);
      await this.send(this.merged(uri, version));
      return;
    }
    if (!this.record(uri, diagnostics)) return;
    await this.send(this.merged(uri, undefined));
  }

  /**
   * Sets a uri's workspace part without sending: the caller is about to publish that uri's
   * document part, which carries it (one notification for one edit). True when it changed.
   */
  record(uri: string, diagnostics: Diagnostic[]): boolean {
    const before = this.workspace.get(uri) ?? [];
    if (JSON.stringify(before) === JSON.stringify(diagnostics)) return false;
    if (diagnostics.length) this.workspace.set(uri, diagnostics);
    else this.workspace.delete(uri);
    return true;
  }

  /** Uris that currently have a non-empty workspace part. */
  workspaceUris(): string[] {
    return [...this.workspace.keys()];
  }

  private merged(uri: string, version: number | undefined): PublishDiagnosticsParams {
    const diagnostics = [...(this.document.get(uri) ?? []), ...(this.workspace.get(uri) ?? [])];
    return version === undefined ? { uri, diagnostics } : { uri, version, diagnostics };
  }
}
