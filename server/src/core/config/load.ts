import * as fs from 'fs';
import * as path from 'path';
import { refusedOutside } from './insideRoots';
import { MAX_CONFIG_CHARS, parseConfig, tooLargeProblem, type ParseConfigOptions } from './parse';
import { CONFIG_FILE_NAMES, EMPTY_CONFIG, type ConfigProblem, type ResolvedConfig } from './types';

/**
 * File-system side of the config: finding and reading `.kube-guardrails.yaml`. Shared by the
 * CLI and the language server so both pick the same file for the same manifest.
 */

/** Nearest config file in `startDir` or a folder above it, up to the filesystem root. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // absent or unreadable: keep looking upward
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its folder: `exclude` and `files` patterns are relative to it. */
  dir: string;
  /** The text read ('' when unreadable); problem ranges are offsets into it. */
  text: string;
  config: ResolvedConfig;
  problems: ConfigProblem[];
  /** Set when the file could not be read at all (then config is EMPTY_CONFIG). */
  readError?: string;
}

/**
 * Where a config file may lead: `roots` are the folders being checked (the CLI's scan roots,
 * the editor's workspace folders); the file's own folder always counts. `any` is for a file
 * the user named on the command line (`--config`), which is not workspace content.
 */
export type ConfigAccess = { roots: readonly string[] } | 'any';

/**
 * Reads and parses a config file. Never throws. Unless `access` is `any`, a file whose real
 * path (links resolved) is outside its own folder and every root is refused unread.
 */
export function loadConfigFile(file: string, options: ParseConfigOptions = {}, access: ConfigAccess = { roots: [] }): LoadedConfig {
  const abs = path.resolve(file);
  const base = { file: abs, dir: path.dirname(abs) };
  if (access !== 'any') {
    const refused = refusedOutside(abs, [...access.roots, base.dir]);
    if (refused) return { ...base, text: '', config: EMPTY_CONFIG, problems: [], readError: refused };
  }
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return { ...base, text: '', config: EMPTY_CONFIG, problems: [], readError: `${file} is not a file` };
    // Refuse huge files before reading them (UTF-16 chars <= bytes, so this is safe).
    if (st.size > MAX_CONFIG_CHARS * 4) {
      return { ...base, text: '', config: EMPTY_CONFIG, problems: [tooLargeProblem({ start: 0, end: 0 })] };
    }
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ...base,
      text: '',
      config: EMPTY_CONFIG,
      problems: [],
      readError: code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file}: ${(e as Error).message}`,
    };
  }
  const parsed = parseConfig(text, options);
  return { ...base, text, config: parsed.config, problems: parsed.problems };
}
