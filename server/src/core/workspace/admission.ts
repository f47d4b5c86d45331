import { analyzeText } from '../engine/analyze';
import { formatPssVersion } from '../engine/options';
import { PSS_RULES } from '../rules/pss';
import type { Rule } from '../rules/types';
import type { PssLevel } from '../types';
import { LineIndex } from '../yaml/lineIndex';
import type { IndexedObject, Loc } from './types';

/** One Pod Security check a workload fails, located in its file. */
export interface PssViolation {
  ruleId: string;
  check: string;
  level: PssLevel;
  message: string;
  at: Loc;
}

/** The highest Pod Security level a workload meets. */
export type PssLevelMet = 'restricted' | 'baseline' | 'none';

/**
 * Runs the registered Pod Security rules (the `pss` rules of the single-file registry)
 * over one indexed workload at a given policy version. The workload's document text is
 * re-parsed on demand and the results cached per object and version; an index update
 * replaces the object, which drops its cache entry with it.
 */
export class PssEvaluator {
  private readonly cache = new WeakMap<IndexedObject, Map<number, PssViolation[]>>();

  constructor(private readonly rules: readonly Rule[] = PSS_RULES) {}

  /** Every violation at `restricted` (which includes baseline) for `version`. */
  private all(o: IndexedObject, version: number): PssViolation[] {
    const w = o.workload;
    if (!w) return [];
    let perVersion = this.cache.get(o);
    if (!perVersion) this.cache.set(o, (perVersion = new Map()));
    const hit = perVersion.get(version);
    if (hit) return hit;
    const out: PssViolation[] = [];
    try {
      // Every PSS rule at its own severity, whatever the user's profile or overrides:
      // admission does not care about editor settings.
      const analysis = analyzeText(
        w.docText,
        { profile: 'restricted', pssVersion: version, rules: {} },
        this.rules.filter((r) => r.pss),
      );
      const lines = new LineIndex(w.docText);
      for (const f of analysis.findings) {
        if (!f.pssLevel || !f.pssCheck) continue;
        const s = lines.positionAt(f.range.start);
        const e = lines.positionAt(f.range.end);
        const shift = (p: { line: number; character: number }) =>
          p.line === 0
            ? { line: w.docStartPos.line, character: w.docStartPos.character + p.character }
            : { line: w.docStartPos.line + p.line, character: p.character };
        out.push({
          ruleId: f.ruleId,
          check: f.pssCheck,
          level: f.pssLevel,
          message: f.message,
          at: { file: o.file, start: w.docStart + f.range.start, end: w.docStart + f.range.end, range: { start: shift(s), end: shift(e) } },
        });
      }
    } catch {
      // A rule that throws on odd input leaves this workload unevaluated rather than crashing.
    }
    perVersion.set(version, out);
    return out;
  }

  /** Violations a namespace at `level` and `version` would act on; `privileged` allows everything. */
  violations(o: IndexedObject, level: PssLevel | 'privileged', version: number): PssViolation[] {
    if (level === 'privileged') return [];
    const all = this.all(o, version);
    return level === 'restricted' ? all : all.filter((v) => v.level === 'baseline');
  }

  levelMet(o: IndexedObject, version = Infinity): PssLevelMet {
    const all = this.all(o, version);
    if (all.length === 0) return 'restricted';
    return all.some((v) => v.level === 'baseline') ? 'none' : 'baseline';
  }
}

/** `restricted, v1.30` / `baseline, latest`: how messages name a policy. */
export function describePolicy(level: string, version: number): string {
  return `${level}, ${formatPssVersion(version)}`;
}
