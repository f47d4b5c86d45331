import { boundedObjectRef } from '../../core/display';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { docsUrl } from '../../core/docs';
import type { CatalogueEntry } from '../../core/rules/catalogue';
import type { Severity } from '../../core/types';
import type { ScanError, ScanReport } from '../report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactUri(file: string): string {
  // Relative paths stay relative (with forward slashes) so results map into the repository.
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(path.sep).join('/');
}

/** A not (fully) analysed file or document: `descriptor.id` is the reason code. */
function notification(e: ScanError): Record<string, unknown> {
  const n: Record<string, unknown> = {
    level: 'error',
    message: { text: e.file === undefined ? e.message : `${e.file}: ${e.message}` },
    descriptor: { id: e.reason },
  };
  if (e.file !== undefined) n.locations = [{ physicalLocation: { artifactLocation: { uri: artifactUri(e.file) } } }];
  if (e.documentIndex !== undefined) n.properties = { documentIndex: e.documentIndex };
  return n;
}

/** SARIF 2.1.0 with full rule metadata and 1-based regions (SARIF's convention). */
export function formatSarif(report: ScanReport, rules: readonly CatalogueEntry[], version: string): string {
  // `rules` is the whole catalogue (per-object, workspace, pseudo and custom rules), so every result's ruleIndex resolves.
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
                fullyQualifiedName: (({ namespace, name }) => [namespace, x.object.kind, name].filter(Boolean).join('/'))(
                  boundedObjectRef(x.object),
                ),
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
            region: {
              startLine: r.range.start.line + 1,
              startColumn: r.range.start.character + 1,
              endLine: r.range.end.line + 1,
              endColumn: r.range.end.character + 1,
            },
          },
          message: { text: r.message },
        }));
      }
      const idx = ruleIndex.get(x.ruleId);
      if (idx !== undefined) result.ruleIndex = idx;
      if (x.pssCheck) result.properties = { pssCheck: x.pssCheck, pssLevel: x.pssLevel };
      if (x.valuesPath !== undefined) result.properties = { ...(result.properties as object | undefined), valuesPath: x.valuesPath };
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
              ...helpUri(r),
              defaultConfiguration: { level: LEVEL[r.severity], enabled: r.defaultEnabled },
              properties: {
                category: r.category,
                tags: ['security', 'kubernetes', r.category],
                ...(r.pss ? { pssCheck: r.pss.check, pssLevel: r.pss.level } : {}),
              },
            })),
          },
        },
        results,
        // Fail closed: a file or document not (fully) analysed makes the run unsuccessful.
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: report.errors.map(notification) }],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** Built-in rules link their published docs page; a custom rule its own `docs` when that is a URL. */
function helpUri(r: CatalogueEntry): { helpUri?: string } {
  if (r.scope !== 'custom') return { helpUri: docsUrl(r.id) };
  return r.docs !== undefined && /^https?:\/\//.test(r.docs) ? { helpUri: r.docs } : {};
}
