import type { Finding } from '../engine/finding';
import type { WorkspaceFinding } from './types';

/** A workspace finding as a per-document `Finding` (for reports and config exemptions). */
export function toFinding(wf: WorkspaceFinding, severity: Finding['severity'] = wf.severity): Finding {
  const f: Finding = {
    ruleId: wf.ruleId,
    severity,
    message: wf.message,
    range: wf.range,
    object: wf.object,
    documentIndex: wf.documentIndex,
  };
  if (wf.related.length) f.related = wf.related.map((r) => ({ file: r.file, range: r.range, message: r.message }));
  return f;
}
