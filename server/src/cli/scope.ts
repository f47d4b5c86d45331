import type { AnalysisOptions } from '../core/engine/options';
import { resolveOptions, ruleSetOf } from '../core/config';
import type { FileScope } from '../core/lint';
import type { ScanArgs } from './args';
import { configRelativePath, type CliConfigs } from './config';

/** CLI flags: the highest layer of option precedence (over the config file). */
function flagOverrides(args: ScanArgs): Partial<AnalysisOptions> {
  const o: Partial<AnalysisOptions> = {};
  if (args.profile !== undefined) o.profile = args.profile;
  if (args.pssVersion !== undefined) o.pssVersion = args.pssVersion;
  return o;
}

/**
 * How a scan judges each file: its config's options under the flags, strict mode, exemptions
 * and rule set. One function for the main thread and the worker threads (each worker loads
 * the configs itself: rule sets hold functions, which cannot be sent to a thread).
 */
export function scopeFactory(
  args: ScanArgs,
  configs: CliConfigs,
  today: string,
): (file: string, loaded?: ReturnType<CliConfigs['forFile']>) => FileScope {
  const overrides = flagOverrides(args);
  return (file, loaded = configs.forFile(file)) => ({
    options: resolveOptions(undefined, loaded?.config, overrides),
    strict: args.disableInlineSuppressions || loaded?.config.disableInlineSuppressions === true,
    exemptions: loaded ? { config: loaded.config, filePath: configRelativePath(loaded, file) } : undefined,
    // Built-in rules plus the config's custom rules (one array per loaded config).
    rules: ruleSetOf(loaded?.config),
    today,
  });
}
