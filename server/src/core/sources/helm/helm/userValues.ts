/**
 * The user's values as `helm template`'s flags build them (pkg/cli/values/options.go
 * MergeValues): `-f` files merged in order, then `--set-json`, `--set`, `--set-string`,
 * `--set-file` and `--set-literal`, each later one overriding. Files are read through the render's SourceFiles.
 */
import type { SourceFiles } from '../../types';
import { isMap, newMap, type GoMap } from '../template/values';
import type { RenderOptions } from './render';
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

export function userValues(
  files: SourceFiles,
  opts: RenderOptions,
  yaml: (text: string) => unknown,
  read: Set<string>,
): UserValues | { error: string } {
  let user = newMap();
  const userFiles: { file: string; text: string }[] = [];
  for (const vf of opts.valuesFiles ?? []) {
    const text = files.read(vf);
    if (text === undefined) return { error: `open ${vf}: no such file or directory` };
    read.add(vf);
    userFiles.push({ file: vf, text });
    try {
      // Every document, merged in turn (Helm 4's ReadValues).
      for (const doc of valuesDocuments(text)) {
        const v = yaml(doc);
        if (isMap(v)) user = mergeValues(user, v);
      }
    } catch (e) {
      return { error: `failed to parse ${vf}: ${(e as Error).message}` };
    }
  }
  let set = newMap();
  try {
    for (const s of opts.setJson ?? []) {
      user = parseSetJson(s, user, mergeValues);
      set = parseSetJson(s, set, mergeValues);
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  const readSetFile = (file: string): string => {
    const text = files.read(file);
    if (text === undefined) throw new Error(`open ${file}: no such file or directory`);
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
      return { error: `failed parsing ${flag} data: ${(e as Error).message}` };
    }
  }
  return { values: user, files: userFiles, set };
}
