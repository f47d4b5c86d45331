import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { LineIndex } from '../core/yaml/lineIndex';
import { SOURCE } from './diagnostics';
import type { Services, WorkspaceConfig } from './services';
import { pathToUri } from './uris';
import type { Folders } from './workspaceFolders';

/**
 * Config files, as the CLI finds them: a document uses the nearest `.kube-guardrails.yaml`
 * in its own folder or a folder above it, up to and including its workspace folder (a file
 * outside every workspace folder searches up to the filesystem root, like the CLI).
 * Loaded configs are cached per config path and lookups per directory; any change to a
 * config file (watched-file event, open or save of a config document) drops the lookups
 * and that file's cache, so a new nested config applies to the documents below it at once.
 * A config's own problems are published on the config file at the exact key, whether or
 * not the file is open.
 */
export class ConfigStore {
  private readonly byFile = new Map<string, WorkspaceConfig>();
  /** `<start dir>\0<workspace folder>` -> config path, or null for none. */
  private readonly lookups = new Map<string, string | null>();
  private none: WorkspaceConfig | undefined;
  /** Config file URIs we published problems for, so a fixed or deleted file gets its list cleared. */
  private readonly published = new Set<string>();

  constructor(
    private readonly publisher: DiagnosticsPublisher,
    private readonly services: Services,
    private readonly folders: Folders,
  ) {}

  /** The config applying to a document at `filePath` (untitled documents: the first folder's). */
  forFile(filePath: string | undefined): WorkspaceConfig {
    const file = this.configPathFor(filePath);
    return file ? this.load(file) : (this.none ??= this.services.loadConfig(undefined));
  }

  /** Path of the config file applying to a document at `filePath`, if any. */
  configPathFor(filePath: string | undefined): string | undefined {
    const folder = this.folders.folderOf(filePath);
    const start = filePath ? path.dirname(filePath) : folder;
    if (start === undefined) return undefined;
    const key = `${start}\0${folder ?? ''}`;
    const known = this.lookups.get(key);
    if (known !== undefined) return known ?? undefined;
    const found = this.services.findConfig(start, folder);
    this.lookups.set(key, found ?? null);
    return found;
  }

  /** Loads (and publishes the problems of) the config at a workspace folder's root, if any. */
  publishFolder(folder: string): void {
    const file = this.services.findConfig(folder, folder);
    if (file) this.load(file);
  }

  /**
   * A config file changed, appeared or disappeared at `filePath`: forget it and every
   * lookup, reload it when it exists (republishing its problems), clear them when not.
   */
  refresh(filePath: string): void {
    this.byFile.delete(filePath);
    this.lookups.clear();
    const dir = path.dirname(filePath);
    const present = this.services.findConfig(dir, dir);
    if (present) this.load(present);
    // A deleted file, or one shadowed by a sibling of the preferred name, keeps no stale problems.
    if (present !== filePath) this.unpublish(filePath);
  }

  /** Workspace folders changed, or a config file may have appeared: lookups are redone. */
  forgetLookups(): void {
    this.lookups.clear();
  }

  /** Whether `filePath` has a config file's name (in any folder: nested configs count). */
  isConfigFile(filePath: string | undefined): boolean {
    return !!filePath && this.services.configFileNames.includes(path.basename(filePath));
  }

  /** Diagnostics for the config file at `filePath` (empty when it is not one in use on disk). */
  diagnosticsFor(filePath: string): Diagnostic[] {
    const dir = path.dirname(filePath);
    if (this.services.findConfig(dir, dir) !== filePath) return [];
    const c = this.load(filePath);
    return c.file === filePath ? toDiagnostics(c) : [];
  }

  private load(file: string): WorkspaceConfig {
    let c = this.byFile.get(file);
    if (!c) {
      c = this.services.loadConfig(file, this.folders.all());
      this.byFile.set(file, c);
      this.publish(file, c);
    }
    return c;
  }

  private publish(file: string, c: WorkspaceConfig): void {
    const uri = pathToUri(c.file ?? file);
    this.published.add(uri);
    void this.publisher.publish(uri, 'document', toDiagnostics(c));
  }

  private unpublish(file: string): void {
    const uri = pathToUri(file);
    if (this.published.delete(uri)) void this.publisher.publish(uri, 'document', []);
  }
}

function toDiagnostics(c: WorkspaceConfig): Diagnostic[] {
  const lines = new LineIndex(c.text);
  return c.problems.map((p) => ({
    range: lines.rangeOf(p.range),
    severity:
      p.severity === 'error'
        ? DiagnosticSeverity.Error
        : p.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    source: SOURCE,
    code: p.code,
    message: p.message,
  }));
}
