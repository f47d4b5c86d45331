import { Scalar } from 'yaml';
import type { FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { renderFix } from '../fix/render';
import type { K8sObject } from '../model/objects';
import type { TextEdit } from '../types';
import { getMap, pairOf } from '../yaml/nodes';
import { LineIndex, lineBreakOf } from '../yaml/lineIndex';
import { addDuplicateKeyErrors } from '../yaml/duplicateKeys';
import { PARSE_OPTIONS, yamlLineBreaks, type ParsedFile } from '../yaml/parseFile';
import { renderPairLines } from '../fix/renderValue';
import { detectStyle } from '../fix/style';
import { blocked, contentEnd, isFlow } from '../fix/tree';
import { parseAllDocuments } from 'yaml';
import { OWN_PREFIX } from './annotations';
import { DIRECTIVE, parseDirectiveLine } from './directives';

/** What `ignoreObjectEdit` writes as the annotation's value until the user gives a reason. */
const REASON_PLACEHOLDER = 'TODO: why this is acceptable';

function eolOf(text: string): string {
  return lineBreakOf(text);
}

/**
 * "Disable <rule> for this line": a directive comment above the finding's first line,
 * indented like that line, or `, <rule-id>` appended to a directive already there (before
 * its ` -- reason`). Undefined when the rule is already named there, or (given the
 * analysis) when the comment would change what the document means.
 */
export function ignoreLineEdit(
  text: string,
  finding: Pick<Finding, 'ruleId' | 'range' | 'documentIndex'>,
  analysis?: Pick<FileAnalysis, 'parsed'>,
): TextEdit | undefined {
  const lines = analysis?.parsed.text === text ? analysis.parsed.lines : new LineIndex(text);
  const line = lines.positionAt(finding.range.start).line;
  let edit: TextEdit;
  const existing = line > 0 ? parseDirectiveLine(text, lines, line - 1) : undefined;
  if (existing) {
    if (existing.ids.some((x) => x.id === finding.ruleId)) return undefined;
    edit = {
      start: existing.appendAt,
      end: existing.appendAt,
      newText: existing.ids.length ? `, ${finding.ruleId}` : ` ${finding.ruleId}`,
    };
  } else {
    const start = lines.lineStart(line);
    const indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(line)))![0];
    edit = { start, end: start, newText: `${indent}# ${DIRECTIVE} ${finding.ruleId}${eolOf(text)}` };
  }
  if (analysis && !sameDocument(text, analysis, finding.documentIndex, edit)) return undefined;
  return edit;
}

/**
 * Checks that the edited document still parses to the same data: a comment inserted
 * inside a block scalar would become part of its text.
 */
function sameDocument(text: string, analysis: Pick<FileAnalysis, 'parsed'>, documentIndex: number, edit: TextEdit): boolean {
  const source = analysis.parsed.documents.find((d) => d.index === documentIndex);
  if (!source || edit.start < source.start || edit.end > source.end) return false;
  const slice = text.slice(source.start, source.end);
  const edited = slice.slice(0, edit.start - source.start) + edit.newText + slice.slice(edit.end - source.start);
  try {
    const a = parseAllDocuments(yamlLineBreaks(slice), PARSE_OPTIONS);
    const b = parseAllDocuments(yamlLineBreaks(edited), PARSE_OPTIONS);
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (const d of b) addDuplicateKeyErrors(d);
    if (b.some((d) => d.errors.length)) return false;
    return a.every((d, i) => JSON.stringify(d.toJS()) === JSON.stringify(b[i]?.toJS()));
  } catch {
    return false;
  }
}

/**
 * "Suppress <rule> for this object": `ignore-check.kube-guardrails.io/<rule-id>: "<reason>"`
 * under the object's `metadata.annotations`, creating `annotations:` (or `metadata:`) when
 * absent, in the file's indentation and line endings. Undefined when the annotation is
 * already there or the metadata cannot be edited safely (anchors, aliases, tags).
 */
export function ignoreObjectEdit(text: string, object: K8sObject, ruleId: string, reason = REASON_PLACEHOLDER): TextEdit[] | undefined {
  if (object.source.doc.errors.length) return undefined;
  const key = `${OWN_PREFIX}${ruleId}`;
  if (pairOf(getMap(object.metadata, 'annotations'), key)) return undefined;
  const value = new Scalar(reason);
  value.type = Scalar.QUOTE_DOUBLE;
  const parsed = { text, lines: new LineIndex(text), documents: [object.source] };
  if (!pairOf(object.root, 'metadata')) {
    const placed = metadataAfterKind(parsed, object, key, value);
    if (placed) return placed;
  }
  return renderFix(parsed, {
    title: `Suppress ${ruleId} for this object`,
    ops: [{ op: 'set', map: object.root, path: ['metadata', 'annotations', key], value }],
  });
}

/** `ignoreObjectEdit` for the object a finding is about. */
export function ignoreFindingObjectEdit(analysis: FileAnalysis, finding: Finding, reason?: string): TextEdit[] | undefined {
  const object = analysis.objects.find((o) => o.source.index === finding.documentIndex);
  return object ? ignoreObjectEdit(analysis.parsed.text, object, finding.ruleId, reason) : undefined;
}

/**
 * An object without `metadata:` gets one right after its `kind:` line (where every
 * manifest has it) rather than at the end of the document. Undefined when the root is
 * not a plain block map, so the generic renderer decides.
 */
function metadataAfterKind(parsed: ParsedFile, object: K8sObject, key: string, value: Scalar): TextEdit[] | undefined {
  const root = object.root;
  if (isFlow(root) || blocked(object.doc, root)) return undefined;
  const kind = pairOf(root, 'kind');
  const end = kind && contentEnd(kind);
  const keyStart = kind?.key && (kind.key as { range?: number[] }).range?.[0];
  if (end === undefined || keyStart === undefined) return undefined;
  const style = detectStyle(parsed);
  const col = parsed.lines.positionAt(keyStart).character;
  const lines = renderPairLines('metadata', { annotations: { [key]: value } }, col, style);
  const line = parsed.lines.positionAt(end - 1).line;
  if (line + 1 >= parsed.lines.lineCount) return undefined;
  const at = parsed.lines.lineStart(line + 1);
  return [{ start: at, end: at, newText: lines.join(style.eol) + style.eol }];
}
