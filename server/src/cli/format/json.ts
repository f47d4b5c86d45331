import { builtInRuleIds } from '../../core/config';
import { docsUrl } from '../../core/docs';
import { boundedObjectRef } from '../../core/display';
import type { ScanReport } from '../report';

/** The documented JSON shape: 0-based LSP-style positions; pss fields only on PSS findings. */
export function formatJson(report: ScanReport): string {
  // Custom rules from the config file have no page under docs/rules: no docsUrl for them.
  const documented = new Set(builtInRuleIds());
  const findings = [];
  for (const f of report.files) {
    for (const x of f.findings) {
      const item: Record<string, unknown> = {
        ruleId: x.ruleId,
        severity: x.severity,
        message: x.message,
        file: f.file,
        range: f.lines.rangeOf(x.range),
        // Names from the manifest: bounded (a 1 MB name must not make the report 1 MB).
        object: boundedObjectRef(x.object),
      };
      // A built object's finding placed on a Helm values key: the key's path (`--set` syntax).
      if (x.valuesPath !== undefined) item.valuesPath = x.valuesPath;
      if (x.pssCheck) {
        item.pssCheck = x.pssCheck;
        item.pssLevel = x.pssLevel;
      }
      if (x.related?.length) item.related = x.related;
      if (documented.has(x.ruleId)) item.docsUrl = docsUrl(x.ruleId);
      findings.push(item);
    }
  }
  // `errors`: files and documents not (fully) analysed, `{ file, documentIndex?, reason, message }`.
  return JSON.stringify({ findings, errors: report.errors }, null, 2) + '\n';
}
