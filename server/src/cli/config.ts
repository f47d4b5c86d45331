import * as fs from 'fs';
import * as path from 'path';
import {
  CONFIG_FILE_NAMES,
  findConfigFile,
  formatConfigProblem,
  isExcluded,
  loadConfigFile,
  toConfigRelative,
  type ConfigProblem,
  type LoadedConfig,
} from '../core/config';
import { escapeControl } from '../core/display';
import type { RenderOptions } from '../core/sources/helm/helm/render';
import { chartRenderOptions } from '../core/sources/helm/workspaceCharts';

/**
 * How `kube-guardrails scan` picks the config for each file: `--no-config` uses none,
 * `--config <file>` uses that one for every file, otherwise the nearest
 * `.kube-guardrails.yaml` in the file's folder or above (to the filesystem root), the same
 * file the editor uses for that manifest. A config found by that lookup is workspace content:
 * its real path must lie in its own folder or a scanned folder, or it is refused unread (a
 * link to `/etc/shadow` must not be read). `--config` is the user's own choice and may be anywhere.
 */
export class CliConfigs {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly explicit?: LoadedConfig;

  /** The scanned folders (a file argument: its folder). */
  private readonly roots: string[];

  constructor(private readonly args: { config?: string | undefined; noConfig: boolean; paths?: readonly string[] }) {
    this.roots = (args.paths ?? []).map((p) => path.resolve(isDirectory(p) ? p : path.dirname(p)));
    if (!args.noConfig && args.config !== undefined) this.explicit = this.load(args.config, true);
  }

  /** The explicit `--config` file when it could not be read: a usage error. */
  get explicitReadError(): string | undefined {
    return this.explicit?.readError;
  }

  /** The config that applies to a manifest, or undefined. */
  forFile(file: string): LoadedConfig | undefined {
    if (this.args.noConfig) return undefined;
    if (this.explicit) return this.explicit;
    const dir = path.resolve(path.dirname(file));
    let found = this.byDir.get(dir);
    if (!this.byDir.has(dir)) {
      found = findConfigFile(dir);
      this.byDir.set(dir, found);
    }
    return found === undefined ? undefined : this.load(found);
  }

  /** Every config loaded so far, in load order. */
  all(): LoadedConfig[] {
    return [...this.byFile.values()];
  }

  /**
   * The config files read so far (found above a scanned file, or `--config`), and the one each
   * scanned folder would use even when it held no file to scan: `--output` must not overwrite one.
   */
  filesRead(): string[] {
    const read = new Set(this.byFile.keys());
    if (!this.args.noConfig && !this.explicit) {
      for (const root of this.roots) {
        const found = findConfigFile(root);
        if (found !== undefined) read.add(path.resolve(found));
      }
    }
    return [...read];
  }

  private load(file: string, explicit = false): LoadedConfig {
    const abs = path.resolve(file);
    let c = this.byFile.get(abs);
    if (!c) {
      c = loadConfigFile(abs, {}, explicit ? 'any' : { roots: this.roots });
      this.byFile.set(abs, c);
    }
    return c;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The file's path relative to its config's folder (undefined when outside it). */
export function configRelativePath(loaded: LoadedConfig, file: string): string | undefined {
  return toConfigRelative(loaded.dir, file);
}

/** `.kube-guardrails.yaml` is configuration, not a manifest: a directory scan skips it. */
export function isConfigFile(file: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(file));
}

export function isExcludedBy(loaded: LoadedConfig | undefined, file: string): boolean {
  if (!loaded) return false;
  const rel = configRelativePath(loaded, file);
  return rel !== undefined && isExcluded(rel, loaded.config);
}

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** `file:line:col: severity: message` lines, the same messages the editor shows. */
export function formatProblems(loaded: LoadedConfig, problems: readonly ConfigProblem[]): string {
  // The file name and the messages come from the workspace: shown with control characters escaped.
  return problems.map((p) => escapeControl(formatConfigProblem(displayPath(loaded.file), loaded.text, p)) + '\n').join('');
}

export function hasErrors(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * Prints the problems of every config loaded so far (the editor's messages, file names
 * escaped); true when one is unreadable or has errors: `scan` and `report` then stop before
 * any output (exit 2). Load each file's config first (`forFile`).
 */
export function configsInvalid(configs: CliConfigs, stderr: (s: string) => void): boolean {
  let invalid = false;
  for (const loaded of configs.all()) {
    if (loaded.readError) {
      stderr(`kube-guardrails: ${escapeControl(displayPath(loaded.file))}: ${escapeControl(loaded.readError)}\n`);
      invalid = true;
      continue;
    }
    stderr(formatProblems(loaded, loaded.problems));
    if (hasErrors(loaded.problems)) invalid = true;
  }
  if (invalid) stderr('kube-guardrails: invalid configuration file; fix it or run with --no-config.\n');
  return invalid;
}

/** The render options the config of a chart folder gives it (`helm.charts`), as `scan` and `report` render charts. */
export function configuredCharts(configs: CliConfigs): (chartDir: string) => RenderOptions {
  return (chartDir) => {
    const loaded = configs.forFile(path.join(chartDir, 'Chart.yaml'));
    if (!loaded) return {};
    const rel = path.resolve(chartDir) === path.resolve(loaded.dir) ? '' : configRelativePath(loaded, chartDir);
    return chartRenderOptions(loaded.config, loaded.dir, rel);
  };
}
