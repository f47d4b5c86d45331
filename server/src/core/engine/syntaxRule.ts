import type { Severity } from '../types';
import { sniffKind } from '../yaml/chunks';
import type { ParsedDocument } from '../yaml/parseFile';
import type { Finding } from './finding';
import type { AnalysisOptions } from './options';

/**
 * The `yaml-syntax` pseudo-rule: a YAML syntax error in a document that looks like a
 * Kubernetes manifest. Such a document cannot be analysed, so saying nothing would report
 * it as clean (fail closed). Like `unused-suppression` it is not in the registry (it inspects the parse,
 * not an object); its metadata lives here for listings, hovers, SARIF and config validation.
 * "Looks like a manifest": a top-level `apiVersion:` and `kind:` line, or a top-level `kind:`
 * naming a Kubernetes-style kind (`Pod`, `Kustomization`: kustomize reads a Kustomization
 * without apiVersion, and a document whose `apiVersion:` line the error swallowed is still
 * one). Other YAML (workflows, compose files, Helm values) with errors stays silent: it is not
 * ours to judge. A broken file a kustomization or chart reads is reported by its build
 * (`build-incomplete`), whatever it looks like.
 */
export const YAML_SYNTAX = {
  id: 'yaml-syntax',
  title: 'YAML syntax error in a manifest',
  severity: 'error',
  category: 'syntax',
  description:
    'A manifest with a YAML syntax error cannot be analysed: none of its other problems can be reported, and kubectl would refuse or misread it.',
  remediation: 'Fix the YAML at the reported position (indentation, an unclosed quote or bracket, a duplicate key).',
} as const;

/**
 * The finding for a document the parser rejected, at the parser's error position; none when
 * the document is a template, does not look like a manifest, or the rule is switched off.
 * None either when its kind, read from its top-level lines, is one no active rule inspects
 * (`inspects`): such documents are not even parsed when they are well-formed (see
 * analyzeText), so nothing is hidden, and whole-file and per-section parses agree. The same
 * holds for a document with `kind:` and no `apiVersion:` (a Kustomization excepted), so
 * non-Kubernetes YAML that happens to have a `kind:` stays silent with or without apiVersion.
 */
export function syntaxFinding(
  source: ParsedDocument,
  text: string,
  options: AnalysisOptions,
  inspects: (kind: string) => boolean,
): Finding | undefined {
  const error = source.error;
  if (!error || source.templated || source.refused) return undefined;
  const level = options.rules[YAML_SYNTAX.id];
  if (level === 'off') return undefined;
  const section = text.slice(source.start, source.end);
  if (!looksLikeManifest(section)) return undefined;
  const sniffed = sniffKind(section);
  if (sniffed && !inspects(sniffed.kind)) return undefined;
  if (!sniffed && !hasTopLevelKey(section, 'apiVersion')) {
    // A kind-only document the same way (kind's cluster config `kind: Cluster`, Garden's
    // `kind: Module`, Zarf's `kind: ZarfPackageConfig` are not ours), except a Kustomization:
    // kustomize reads one without apiVersion, and a broken one leaves its whole build unanalysed.
    const kind = topLevelValue(section, 'kind');
    if (kind !== 'Kustomization' && !inspects(kind)) return undefined;
  }
  const severity: Severity = level ?? YAML_SYNTAX.severity;
  return {
    ruleId: YAML_SYNTAX.id,
    severity,
    message: `YAML syntax error (the document is not analysed until it is fixed): ${error.message.split('\n')[0]}`,
    range: { start: error.start, end: Math.max(error.end, error.start) },
    object: { apiVersion: topLevelValue(section, 'apiVersion'), kind: topLevelValue(section, 'kind') },
    documentIndex: source.index,
  };
}

function looksLikeManifest(section: string): boolean {
  if (!hasTopLevelKey(section, 'kind')) return false;
  return hasTopLevelKey(section, 'apiVersion') || KIND_NAME.test(topLevelValue(section, 'kind'));
}

/** A Kubernetes kind name as a `kind:` value: UpperCamelCase (`Pod`, `ClusterRoleBinding`, `Kustomization`). */
const KIND_NAME = /^[A-Z][A-Za-z0-9]{0,62}$/;

/** Whether a line of the text starts with `key:` (a top-level key of a block map). */
function hasTopLevelKey(text: string, key: string): boolean {
  return lineStartOf(text, `${key}:`) >= 0;
}

/** The plain value on the first `key:` line, or '' (used only to name the object). */
function topLevelValue(text: string, key: string): string {
  const at = lineStartOf(text, `${key}:`);
  if (at < 0) return '';
  const m = /^[ \t]*["']?([A-Za-z0-9.\-/]{1,253})/.exec(text.slice(at + key.length + 1, at + key.length + 300));
  return m?.[1] ?? '';
}

function lineStartOf(text: string, needle: string): number {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (i === 0 || before === 10 || before === 13) return i;
  }
  return -1;
}
