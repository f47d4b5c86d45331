import * as path from 'path';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { LineIndex } from '../core/yaml/lineIndex';
import { SOURCE } from './diagnostics';
import type { Services, WorkspaceConfig } from './services';
import { pathToUri } from './uris';

/**
 * The config file of each workspace folder, loaded once and reloaded when the file
 * changes. Its own problems are published as diagnostics on the config file, at the exact
 * offending key, whether or not the file is open.
 */
export class ConfigStore {
  private readonly byFolder = new Map<string | undefined, WorkspaceConfig>();
  /** Config files we published problems for, so a fixed file gets its list cleared. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly services: Services,
  ) {}

  get(folder: string | undefined): WorkspaceConfig {
    let c = this.byFolder.get(folder);
    if (!c) {
      c = this.services.loadConfig(folder);
      this.byFolder.set(folder, c);
      if (folder !== undefined) this.publish(folder, c);
    }
    return c;
  }

  /** Reloads the folder's config (after a file event) and republishes its problems. */
  reload(folder: string): WorkspaceConfig {
    this.byFolder.delete(folder);
    return this.get(folder);
  }

  forget(folder: string): void {
    this.byFolder.delete(folder);
  }

  /** Whether `filePath` is a config file at the root of `folder`. */
  isConfigFile(filePath: string | undefined, folder: string | undefined): boolean {
    if (!filePath || !folder) return false;
    return path.dirname(filePath) === folder && this.services.configFileNames.includes(path.basename(filePath));
  }

  /** Diagnostics for the config file at `filePath` (empty if it is not the loaded one). */
  diagnosticsFor(filePath: string, folder: string): Diagnostic[] {
    const c = this.get(folder);
    return c.file === filePath ? toDiagnostics(c) : [];
  }

  private publish(folder: string, c: WorkspaceConfig): void {
    const mine = new Set<string>();
    if (c.file) {
      const uri = pathToUri(c.file);
      mine.add(uri);
      this.published.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(c) });
    }
    // A config file that was deleted or renamed keeps no stale problems.
    for (const name of this.services.configFileNames) {
      const uri = pathToUri(path.join(folder, name));
      if (!mine.has(uri) && this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}

function toDiagnostics(c: WorkspaceConfig): Diagnostic[] {
  const lines = new LineIndex(c.text);
  return c.problems.map((p) => ({
    range: lines.rangeOf(p.range),
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: SOURCE,
    code: p.code,
    message: p.message,
  }));
}
