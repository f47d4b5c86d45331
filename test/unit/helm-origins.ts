/** Test helper: an Origin as line:col (0-based) plus the text it covers, so expectations read like the files. */
import type { Origin, SourceFiles } from '../../server/src/core/sources/types';
import { rangeString } from '../helpers';

export interface Brief {
  file: string;
  range: string;
  text: string;
  via: Origin['via'];
  callSite?: Brief;
}

/** `o` as file, line:col range, covered text, via and call site. */
export function brief(files: SourceFiles, o: Origin | undefined): Brief | undefined {
  if (!o) return undefined;
  const text = files.read(o.file) ?? '';
  const b: Brief = { file: o.file, range: rangeString(text, o.range), text: text.slice(o.range.start, o.range.end), via: o.via };
  if (o.callSite) b.callSite = brief(files, o.callSite)!;
  return b;
}
