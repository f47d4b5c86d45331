import type { MapLoc } from './model';
import type { BuiltText } from '../sources/builtText';
import { placeRelated, SourceTexts } from '../sources/placement';
import type { LineIndex } from '../yaml/lineIndex';

/**
 * The objects of a Kustomize build or Helm chart are indexed under `<root file>#build`, with
 * ranges in the built text. A click on the map must open the file that wrote the object, so
 * every map location in a built text is moved to its source, as the build's diagnostics are
 * (core/sources/placement.ts). A location that cannot be placed stays as it is (the view then
 * opens the build's root file). Changes `value` in place: it is a freshly computed answer.
 * Used by the editor's map requests and by `kube-guardrails report`.
 */
export function placeBuiltLocs(
  value: unknown,
  builtOf: (file: string) => { built: BuiltText; lines: LineIndex } | undefined,
  readText: (file: string) => string | undefined,
): void {
  const texts = new SourceTexts(readText);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (isMapLoc(o) && builtOf(o.file)) {
      const [placed] = placeRelated([{ file: o.file, range: o.range, message: '' }], builtOf, texts);
      if (placed) {
        o.file = placed.file;
        o.range = placed.range;
      }
      return;
    }
    for (const child of Object.values(o)) visit(child);
  };
  visit(value);
}

function isMapLoc(o: Record<string, unknown>): o is Record<string, unknown> & MapLoc {
  return typeof o.file === 'string' && typeof o.range === 'object' && o.range !== null;
}
