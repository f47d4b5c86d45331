import { pushAll } from '../core/arrays';
import type { RenderOptions } from '../core/sources/helm/helm/render';
import { valuesUnder } from '../core/sources/helm/helm/userValues';
import { parseSetFile } from '../core/sources/helm/helm/strvals';
import { newMap } from '../core/sources/helm/template/values';
import { takeValue } from './argv';
import { csvRecord } from './csvFlag';

/**
 * The chart values flags `scan` and `render` both take, helm's own (each repeatable), in the
 * order helm applies them: values files, then `--set-json`, `--set`, `--set-string`,
 * `--set-file`, `--set-literal` (core/sources/helm/helm/userValues.ts).
 */
export interface ValuesFlags {
  valuesFiles: string[];
  set: string[];
  setString: string[];
  setJson: string[];
  setFile: string[];
  setLiteral: string[];
}

export function noValuesFlags(): ValuesFlags {
  return { valuesFiles: [], set: [], setString: [], setJson: [], setFile: [], setLiteral: [] };
}

/**
 * Reads one values flag (`--values x`, `--set=k=v`, ...) into `out`: the index of the last
 * argument used, or undefined when `flag` is not a values flag. `--values` is read as CSV,
 * as helm's string-slice flag does (cli/csvFlag.ts: `""` is no file, `"a,b.yaml"` one). `-f` is `render`'s short `--values` (scan's `-f` is `--format`).
 */
export function takeValuesFlag(
  flag: string,
  argv: readonly string[],
  i: number,
  out: ValuesFlags,
  shortValues: boolean,
): number | undefined {
  const lists: Record<string, string[]> = {
    '--values': out.valuesFiles,
    '--set': out.set,
    '--set-string': out.setString,
    '--set-json': out.setJson,
    '--set-file': out.setFile,
    '--set-literal': out.setLiteral,
  };
  const list = flag === '-f' && shortValues ? out.valuesFiles : Object.hasOwn(lists, flag) ? lists[flag] : undefined;
  if (!list) return undefined;
  const [v, j] = takeValue(argv, i, flag);
  pushAll(list, list === out.valuesFiles ? csvRecord(v, flag) : [v]);
  return j;
}

/**
 * The config's render options (`helm.charts`) under the command line's values flags: the
 * config's values form a layer below the flags (each in helm's order), so any flag beats any
 * config entry, as the flags given last do in helm.
 */
export function withValuesFlags(configured: RenderOptions, flags: ValuesFlags): RenderOptions {
  return { ...valuesUnder(configured), ...pickValuesFlags(flags) };
}

/** The files `--values` and `--set-file` name, exactly as the renderer will ask for them (read where they are: cli/namedFiles.ts). */
export function valuesFlagFiles(flags: ValuesFlags): string[] {
  const named = [...flags.valuesFiles];
  for (const expr of flags.setFile) {
    try {
      parseSetFile(expr, newMap(), (file) => {
        named.push(file);
        return '';
      });
    } catch {
      // A malformed --set-file: the render reports it with helm's message.
    }
  }
  return named;
}

/** Only the values flags of parsed arguments (a scan's `ChartFlags`, without its other options). */
export function pickValuesFlags(args: ValuesFlags): ValuesFlags {
  const { valuesFiles, set, setString, setJson, setFile, setLiteral } = args;
  return { valuesFiles, set, setString, setJson, setFile, setLiteral };
}
