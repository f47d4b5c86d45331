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
      // The last document starting at or before `offset` (binary search: builds have hundreds).
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
      const doc = pick >= 0 ? documents[pick] : undefined;
      return doc?.provenance.originAt(offset - starts[pick]!);
    },
  };
}
