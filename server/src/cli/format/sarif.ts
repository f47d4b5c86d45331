import * as path from 'path';
import { pathToFileURL } from 'url';
import { docsUrl } from '../../core/docs';
import { YAML_SYNTAX } from '../../core/engine/syntaxRule';
import type { Rule } from '../../core/rules/types';
import { WORKSPACE_RULES } from '../../core/workspace/rules';
import type { WorkspaceRule } from '../../core/workspace/types';
import type { Severity } from '../../core/types';
import type { ScanReport } from '../report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactUri(file: string): string {
  // Relative paths stay relative (with forward slashes) so results map into the repository.
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(path.sep).join('/');
}

/** SARIF 2.1.0 with full rule metadata and 1-based regions (SARIF's convention). */
export function formatSarif(report: ScanReport, perObjectRules: readonly Rule[], version: string): string {
  // The cross-object (workspace) rules report too: their metadata joins so every result's ruleIndex resolves.
  const ids = new Set(perObjectRules.map((r) => r.id));
  // So is the `yaml-syntax` pseudo-rule (a syntax error in a manifest).
  const rules: ReadonlyArray<Rule | WorkspaceRule | typeof YAML_SYNTAX> = [...perObjectRules, ...WORKSPACE_RULES.filter((r) => !ids.has(r.id)), YAML_SYNTAX];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const f of report.files) {
    for (const x of f.findings) {
      const s = f.lines.positionAt(x.range.start);
      const e = f.lines.positionAt(x.range.end);
      const result: Record<string, unknown> = {
        ruleId: x.ruleId,
        level: LEVEL[x.severity],
        message: { text: x.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(f.file) },
              region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
            },
            logicalLocations: [
              {
                kind: 'object',
                fullyQualifiedName: [x.object.namespace, x.object.kind, x.object.name].filter(Boolean).join('/'),
              },
            ],
          },
        ],
      };
      // Cross-file findings: the other objects involved (SARIF regions are 1-based).
      if (x.related?.length) {
        result.relatedLocations = x.related.map((r, id) => ({
          id,
          physicalLocation: {
            artifactLocation: { uri: artifactUri(r.file) },
            region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1 },
          },
          message: { text: r.message },
        }));
      }
      const idx = ruleIndex.get(x.ruleId);
      if (idx !== undefined) result.ruleIndex = idx;
      if (x.pssCheck) result.properties = { pssCheck: x.pssCheck, pssLevel: x.pssLevel };
      results.push(result);
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-guardrails',
            version,
            informationUri: 'https://github.com/kube-guardrails/kube-guardrails',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: `${r.description} ${r.remediation}`, markdown: `${r.description}\n\n**Remediation:** ${r.remediation}` },
              helpUri: docsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.severity], enabled: !('defaultEnabled' in r) || r.defaultEnabled !== false },
              properties: {
                category: r.category,
                tags: ['security', 'kubernetes', r.category],
                ...('pss' in r && r.pss ? { pssCheck: r.pss.check, pssLevel: r.pss.level } : {}),
              },
            })),
          },
        },
        results,
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: report.errors.map((e) => ({ level: 'error', message: { text: `${e.file}: ${e.message}` } })) }],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
