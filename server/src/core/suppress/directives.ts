import { isScalar, visit, type Document } from 'yaml';
import type { OffsetRange } from '../types';
import type { LineIndex } from '../yaml/lineIndex';

/** The comment keyword, ESLint style. */
export const DIRECTIVE = 'kube-guardrails-disable-next-line';

/**
 * `# kube-guardrails-disable-next-line <rule-id>[, <rule-id>] [-- <reason>]` on a line of
 * its own. Ids may be separated by commas and/or spaces; ids are parsed even when no rule
 * has them, so a typo shows up as an unused suppression instead of silently doing nothing.
 */
const LINE = /^([ \t]*)#[ \t]*kube-guardrails-disable-next-line(?=[ \t]|$)(.*)$/;

export interface DirectiveId {
  id: string;
  range: OffsetRange;
}

export interface Directive {
  /** 0-based line of the comment; it applies to line + 1. */
  line: number;
  /** From `#` to the end of the comment. */
  range: OffsetRange;
  ids: DirectiveId[];
  reason?: string;
  /** Offset where another id would be appended (after the last id, before ` -- reason`). */
  appendAt: number;
}

/** Parses the directive on one line, or undefined when the line holds none. */
export function parseDirectiveLine(text: string, lines: LineIndex, line: number): Directive | undefined {
  const start = lines.lineStart(line);
  const end = lines.lineEnd(line);
  const m = LINE.exec(text.slice(start, end));
  if (!m) return undefined;
  const [, indent = '', rest = ''] = m;
  const hash = start + indent.length;
  const restStart = end - rest.length;
  const sep = /(^|[ \t])--([ \t]|$)/.exec(rest);
  const idsPart = sep ? rest.slice(0, sep.index) : rest;
  const reason = sep ? rest.slice(sep.index + sep[0].length).trim() : undefined;
  const ids: DirectiveId[] = [];
  const idRe = /[^\s,]+/g;
  let im: RegExpExecArray | null;
  while ((im = idRe.exec(idsPart))) {
    const [id] = im;
    ids.push({ id, range: { start: restStart + im.index, end: restStart + im.index + id.length } });
  }
  const last = ids[ids.length - 1];
  const directive: Directive = {
    line,
    range: { start: hash, end },
    ids,
    appendAt: last ? last.range.end : restStart + idsPart.replace(/[ \t]+$/, '').length,
  };
  if (reason) directive.reason = reason;
  return directive;
}

/**
 * Every directive in `text` between `from` and `to`. Text that only looks like a
 * directive inside a multi-line scalar (a script in a ConfigMap) is not a comment and is
 * skipped: `doc` is the parsed document covering the range.
 */
export function findDirectives(text: string, lines: LineIndex, from: number, to: number, doc?: Document): Directive[] {
  const out: Directive[] = [];
  let scalarRanges: Array<[number, number]> | undefined;
  // Search only [from, to): an unbounded indexOf would scan to the end of the file for
  // every document, quadratic on a large multi-document file.
  const next = (pos: number): number => {
    const i = text.slice(pos, to).indexOf(DIRECTIVE);
    return i < 0 ? -1 : pos + i;
  };
  let at = next(from);
  while (at >= 0 && at < to) {
    const line = lines.positionAt(at).line;
    const d = parseDirectiveLine(text, lines, line);
    if (d) {
      scalarRanges ??= multiLineScalars(text, doc);
      if (!scalarRanges.some(([a, b]) => d.range.start > a && d.range.start < b)) out.push(d);
    }
    at = next(lines.lineEnd(line));
  }
  return out;
}

function multiLineScalars(text: string, doc?: Document): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!doc) return out;
  visit(doc, {
    Scalar(_k, node) {
      const r = node.range;
      if (r && isScalar(node) && /[\r\n]/.test(text.slice(r[0], r[1]))) out.push([r[0], r[1]]);
    },
  });
  return out;
}
