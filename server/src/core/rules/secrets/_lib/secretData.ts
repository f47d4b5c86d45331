import type { Document, YAMLMap } from 'yaml';
import { asScalar, entries, nodeRange } from '../../../yaml/nodes';
import type { OffsetRange } from '../../../types';

/** Keys of a Secret's `data`/`stringData` with a non-empty value, and their key ranges. */
export function nonEmptyKeys(map: YAMLMap | undefined, doc: Document): Array<{ key: string; range: OffsetRange }> {
  const out: Array<{ key: string; range: OffsetRange }> = [];
  for (const [key, value, pair] of entries(map)) {
    // Only scalars are valid Secret values; null and blank ones carry nothing.
    const s = asScalar(value, doc);
    if (!s || s.value === null || String(s.value).trim() === '') continue;
    const r = nodeRange(pair.key);
    if (r) out.push({ key, range: r });
  }
  return out;
}
