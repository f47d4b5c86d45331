import * as path from 'path';
import type { RenderOptions } from '../../core/sources/helm/helm/render';
import { valuesUnder } from '../../core/sources/helm/helm/userValues';
import type { ServerSettings } from '../settings';

/**
 * The editor's `kubeGuardrails.helm.valuesFiles` setting applied to a chart's render options.
 *
 * The setting is the editor's `--values`: its files apply over everything the config file's
 * `helm.charts.<dir>` gives (`valuesFiles` and `set*` alike), as the CLI's `--values` does
 * (`valuesUnder`), so on a key both set the setting's file wins. The config file is what
 * CI renders with; the setting lets one person look at another environment's values
 * without changing that shared file.
 *
 * `folder` is the workspace folder holding the chart, `settings` that folder's settings;
 * keys and files are relative to the folder. Files outside the workspace folders are not
 * read (the builds' SourceFiles refuse them, and the render reports the file missing).
 */
export function withValuesFilesSetting(
  options: RenderOptions,
  chartDir: string,
  folder: string | undefined,
  settings: ServerSettings | undefined,
): RenderOptions {
  if (!folder || !settings) return options;
  const rel = path.relative(folder, chartDir).split(path.sep).join('/') || '.';
  if (!Object.hasOwn(settings.helmValuesFiles, rel)) return options;
  const files = settings.helmValuesFiles[rel] ?? [];
  // Over everything the config gives (its valuesFiles and set*), as `--values` is in the CLI.
  return { ...valuesUnder(options), valuesFiles: files.map((f) => path.resolve(folder, f)) };
}
