import { findConfigFile, loadConfigFile, type LoadedConfig } from '../core/config';
import { ruleCatalogue, type CatalogueEntry } from '../core/rules/catalogue';
import { escapeControl } from '../core/display';
import type { RulesArgs } from './args';
import { displayPath, formatProblems, hasErrors } from './config';
import type { CliIO } from './main';

/**
 * `kube-guardrails rules`: the rule catalogue, with the custom rules of the config that a
 * scan started here would use (`--config <file>`, else the nearest .kube-guardrails.yaml
 * from the current folder up; `--no-config` lists the built-in rules only).
 */
export function listRules(args: RulesArgs, io: CliIO): number {
  const loaded = configFor(args);
  if (loaded?.readError) {
    io.stderr(`kube-guardrails: ${escapeControl(displayPath(loaded.file))}: ${escapeControl(loaded.readError)}\n`);
    return 2;
  }
  if (loaded) {
    io.stderr(formatProblems(loaded, loaded.problems));
    if (hasErrors(loaded.problems)) {
      io.stderr('kube-guardrails: invalid configuration file; fix it or run with --no-config.\n');
      return 2;
    }
  }
  const catalogue = ruleCatalogue(loaded?.config.customRules);
  io.stdout(args.format === 'json' ? rulesJson(catalogue) : rulesText(catalogue));
  return 0;
}

function configFor(args: RulesArgs): LoadedConfig | undefined {
  if (args.noConfig) return undefined;
  if (args.config !== undefined) return loadConfigFile(args.config);
  const found = findConfigFile(process.cwd());
  return found === undefined ? undefined : loadConfigFile(found);
}

/** The second column: PSS level, or where the rule's findings come from. */
function scopeColumn(e: CatalogueEntry): string {
  if (e.pss) return `pss:${e.pss.level}`;
  if (e.scope === 'workspace') return `workspace:${e.category}`;
  return e.category;
}

function rulesText(catalogue: readonly CatalogueEntry[]): string {
  const rows = catalogue.map((e): [string, string, string, string] => [
    e.id,
    scopeColumn(e),
    e.defaultEnabled ? e.severity : `${e.severity} (off by default)`,
    e.title,
  ]);
  const [w0 = 0, w1 = 0, w2 = 0] = [0, 1, 2].map((i) => rows.reduce((max, r) => Math.max(max, r[i]?.length ?? 0), 0));
  return (
    rows.map(([id, scope, severity, title]) => `${id.padEnd(w0)}  ${scope.padEnd(w1)}  ${severity.padEnd(w2)}  ${title}`).join('\n') +
    `\n\n${rows.length} rules.\n`
  );
}

function rulesJson(catalogue: readonly CatalogueEntry[]): string {
  const listed = catalogue.map((e) => ({
    id: e.id,
    title: e.title,
    severity: e.severity,
    category: e.category,
    description: e.description,
    defaultEnabled: e.defaultEnabled,
    pssCheck: e.pss?.check,
    pssLevel: e.pss?.level,
    // A custom rule's own `docs` (a link or a sentence): it has no page under docs/rules.
    docs: e.docs,
    // Per-object rules carry no flag (the JSON shape before the other scopes were listed).
    ...(e.scope === 'object' ? {} : { [e.scope]: true }),
  }));
  return JSON.stringify(listed, null, 2) + '\n';
}
