import type { Connection } from 'vscode-languageserver/node';
import { SETTINGS_SECTION } from './commands';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';

/**
 * Settings per document, pulled with `workspace/configuration` (scoped to the document,
 * so folder-level settings apply) when the client supports it; otherwise the last
 * settings pushed with `didChangeConfiguration`. `clear()` on every configuration change.
 */
export class SettingsStore {
  private readonly perUri = new Map<string, Promise<ServerSettings>>();
  private pushed: ServerSettings = DEFAULT_SETTINGS;
  /** Bumped on every change, so cached analyses made with old settings are not reused. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let p = this.perUri.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.perUri.set(uri, p);
    }
    return p;
  }

  /** A configuration change: drop cached values; `settings` is what a push client sent. */
  changed(settings: unknown): void {
    this.generation++;
    this.perUri.clear();
    const section = (settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (section !== undefined) this.pushed = normalizeSettings(section);
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }
}
