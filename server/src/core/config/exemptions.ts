import type { Finding } from '../engine/finding';
import { expiredExemptionProblem, isExpired } from './dates';
import { matchesAny, normaliseRelative } from './globs';
import type { ConfigProblem, Exemption, ResolvedConfig } from './types';

/** Where the findings come from. */
export interface ExemptionTarget {
  /**
   * The file's path relative to the config file's folder (`/` or `\` separators). Undefined
   * when the document is not under that folder (an untitled buffer): `files` selectors
   * then never match.
   */
  filePath?: string | undefined;
}

export interface ExemptedFinding {
  finding: Finding;
  exemption: Exemption;
}

export interface ExemptionResult {
  kept: Finding[];
  exempted: ExemptedFinding[];
  /** One warning per expired exemption that would have matched one of these findings. */
  expiredExemptionProblems: ConfigProblem[];
}

/** All given selectors must match; an absent selector matches everything. */
function exemptionMatches(ex: Exemption, finding: Finding, filePath: string | undefined): boolean {
  if (ex.rules !== '*' && !ex.rules.includes(finding.ruleId)) return false;
  const o = finding.object;
  // An object without metadata.namespace has no namespace we can know (kubectl -n,
  // kustomize or Helm set it later), so a namespace selector never matches it.
  if (ex.namespaces && (o.namespace === undefined || !matchesAny(o.namespace, ex.namespaces))) return false;
  if (ex.kinds && !ex.kinds.some((k) => k.toLowerCase() === o.kind.toLowerCase())) return false;
  if (ex.names && (o.name === undefined || !matchesAny(o.name, ex.names))) return false;
  if (ex.files && (filePath === undefined || !matchesAny(filePath, ex.files))) return false;
  return true;
}

/**
 * Splits findings into kept and exempted. `today` is `YYYY-MM-DD` (UTC, see `todayUtc`):
 * an exemption whose `expires` day is before it no longer applies, and is reported once.
 */
export function applyExemptions(
  findings: readonly Finding[],
  target: ExemptionTarget,
  config: ResolvedConfig,
  today: string,
): ExemptionResult {
  const result: ExemptionResult = { kept: [], exempted: [], expiredExemptionProblems: [] };
  if (config.exemptions.length === 0) {
    result.kept = [...findings];
    return result;
  }
  const filePath = target.filePath === undefined ? undefined : normaliseRelative(target.filePath);
  const reported = new Set<number>();
  for (const finding of findings) {
    let applied: Exemption | undefined;
    for (const ex of config.exemptions) {
      if (!exemptionMatches(ex, finding, filePath)) continue;
      if (isExpired(ex, today)) {
        if (!reported.has(ex.index)) {
          reported.add(ex.index);
          result.expiredExemptionProblems.push(expiredExemptionProblem(ex, today)!);
        }
        continue;
      }
      applied = ex;
      break;
    }
    if (applied) result.exempted.push({ finding, exemption: applied });
    else result.kept.push(finding);
  }
  return result;
}
