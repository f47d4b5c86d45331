import { anchorOrigin } from './helm/helm/anchor';
import type { BuiltDocument, Origin } from './types';

/**
 * A build's documents as one YAML stream (`---` between documents), the text the engine and
 * the workspace index read, with `originAt` over the whole stream. Offsets of document `i`
 * start at `starts[i]`.
 */
export interface BuiltText {
  text: string;
  starts: number[];
  originAt(offset: number): Origin | undefined;
  /** Where a "missing field" finding anchored at `offset` belongs (`helm/helm/anchor.ts`: a `toYaml .Values.x` map's values key). */
  anchorAt(offset: number): Origin | undefined;
}

const SEPARATOR = '---\n';

export function joinDocuments(documents: readonly BuiltDocument[]): BuiltText {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  documents.forEach((d, i) => {
    if (i > 0) {
      parts.push(SEPARATOR);
      length += SEPARATOR.length;
    }
    starts.push(length);
    const text = d.text.endsWith('\n') ? d.text : d.text + '\n';
    parts.push(text);
    length += text.length;
  });
  return {
    text: parts.join(''),
    starts,
    originAt(offset: number): Origin | undefined {
      const pick = documentAt(starts, offset);
      return pick < 0 ? undefined : documents[pick]?.provenance.originAt(offset - starts[pick]!);
    },
    anchorAt(offset: number): Origin | undefined {
      const pick = documentAt(starts, offset);
      const doc = pick < 0 ? undefined : documents[pick];
      return doc ? anchorOrigin(doc.provenance, offset - starts[pick]!) : undefined;
    },
  };
}

/** The last document starting at or before `offset` (binary search: builds have hundreds), or -1. */
function documentAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let pick = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) {
      pick = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return pick;
}
