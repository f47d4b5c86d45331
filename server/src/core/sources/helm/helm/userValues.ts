/**
 * The user's values as `helm template`'s flags build them (pkg/cli/values/options.go
 * MergeValues): `-f` files merged in order, then `--set-json`, `--set`, `--set-string`,
 * `--set-file` and `--set-literal`, each later one overriding. Files are read through the render's SourceFiles.
 */
import type { SourceFiles } from '../../types';
import { isMap, newMap, type GoMap } from '../template/values';
import type { RenderOptions, ValuesOptions } from './render';
import { valuesDocuments } from './valuesDocuments';
import { parseSet, parseSetFile, parseSetJson, parseSetLiteral, parseSetString } from './strvals';
import { mergeValues } from './values';

export interface UserValues {
  values: GoMap;
  /** The `-f` files with their text (the source map points into them). */
  files: { file: string; text: string }[];
  /**
   * What the `--set*` flags give alone (parsed again into an empty map): a value at or under a
   * path they set is on no values key (`ValuesOrigins`), even when a values file has that key.
   */
  set: GoMap;
}

/**
 * `options` with its own values options moved into a layer under any values given later
 * (`valuesLayers`): what is spread over the result (the CLI's flags, the editor's values-files
 * setting) then beats every one of them, as flags given last do in helm.
 */
export function valuesUnder(options: RenderOptions): RenderOptions {
  const { valuesFiles, set, setString, setJson, setFile, setLiteral, valuesLayers, ...rest } = options;
  const own: ValuesOptions = { valuesFiles, set, setString, setJson, setFile, setLiteral };
  return { ...rest, valuesLayers: [...(valuesLayers ?? []), own] };
}

export function userValues(
  files: SourceFiles,
  opts: RenderOptions,
  yaml: (text: string) => unknown,
  read: Set<string>,
): UserValues | { error: string } {
  const into: UserValues = { values: newMap(), files: [], set: newMap() };
  // The layers under the options' own flags first (a config's values under the command line's).
  for (const layer of [...(opts.valuesLayers ?? []), opts]) {
    const error = applyLayer(into, files, layer, yaml, read);
    if (error !== undefined) return { error };
  }
  return into;
}

/** One layer's flags over what the layers before it gave, in helm's order; helm's error message, if any. */
function applyLayer(
  into: UserValues,
  files: SourceFiles,
  opts: ValuesOptions,
  yaml: (text: string) => unknown,
  read: Set<string>,
): string | undefined {
  let user = into.values;
  let set = into.set;
  for (const vf of opts.valuesFiles ?? []) {
    const text = files.read(vf);
    if (text === undefined) return unreadable(files, vf);
    read.add(vf);
    into.files.push({ file: vf, text });
    try {
      // Every document, merged in turn (Helm 4's ReadValues).
      for (const doc of valuesDocuments(text)) {
        const v = yaml(doc);
        if (isMap(v)) {
          user = mergeValues(user, v);
          // A lower layer's --set value this file replaces now comes from the file's key.
          withoutPathsOf(set, v);
        }
      }
    } catch (e) {
      return `failed to parse ${vf}: ${(e as Error).message}`;
    }
  }
  try {
    for (const s of opts.setJson ?? []) {
      user = parseSetJson(s, user, mergeValues);
      set = parseSetJson(s, set, mergeValues);
    }
  } catch (e) {
    return (e as Error).message;
  }
  const readSetFile = (file: string): string => {
    const text = files.read(file);
    if (text === undefined) throw new Error(unreadable(files, file));
    read.add(file);
    return text;
  };
  const sets: [string, string[] | undefined, (s: string, into: GoMap) => GoMap][] = [
    ['--set', opts.set, parseSet],
    ['--set-string', opts.setString, parseSetString],
    ['--set-file', opts.setFile, (s, into) => parseSetFile(s, into, readSetFile)],
    ['--set-literal', opts.setLiteral, parseSetLiteral],
  ];
  for (const [flag, exprs, parse] of sets) {
    try {
      for (const s of exprs ?? []) {
        parse(s, user);
        parse(s, set);
      }
    } catch (e) {
      return `failed parsing ${flag} data: ${(e as Error).message}`;
    }
  }
  into.values = user;
  into.set = set;
  return undefined;
}

/** Removes from `set` every path the values file `file` gives a value (maps merge key by key, anything else replaces). */
function withoutPathsOf(set: GoMap, file: GoMap): void {
  for (const [key, value] of Object.entries(file)) {
    if (!Object.hasOwn(set, key)) continue;
    const mine = set[key];
    if (isMap(value) && isMap(mine)) withoutPathsOf(mine, value);
    else delete set[key];
  }
}

/** Why a user's file gave no text: the source's reason, or what helm says of a missing file. */
function unreadable(files: SourceFiles, file: string): string {
  return files.readError?.(file) ?? `open ${file}: no such file or directory`;
}
