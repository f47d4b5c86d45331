import type { OffsetRange, TextEdit } from '../../types';
import { lex, Tok } from './template/lexer';

/**
 * A Helm template seen as the YAML a person can edit: its literal text, with every `{{ }}`
 * action (and template comment) blanked out to spaces, line breaks kept, so offsets are the
 * template's own. Parsing the masked text gives the nodes of the literal YAML (`privileged:
 * true` written in the template) at their template offsets; a fix rendered on it is applied
 * to the real template only when every edit lies in literal text (`editsInLiteral`), never
 * inside an action. Whether the result is right is decided by re-rendering (core/lint/buildFixes.ts).
 */
export interface TemplateLiteral {
  /** The template with its actions blanked out. */
  masked: string;
  /** The literal text's ranges, in order. */
  literal: OffsetRange[];
}

/** Undefined when the template does not lex (an unclosed action): no literal edit is offered. */
export function templateLiteral(src: string): TemplateLiteral | undefined {
  let tokens;
  try {
    tokens = lex(src);
  } catch {
    return undefined;
  }
  const literal: OffsetRange[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== Tok.Text) continue;
    // The whitespace a trim marker (`{{-`, `-}}`) removes is still text outside the action.
    let start = tokens.start[i]!;
    let end = tokens.end[i]!;
    while (start > 0 && isSpace(src.charAt(start - 1))) start--;
    while (end < src.length && isSpace(src.charAt(end))) end++;
    literal.push({ start, end });
  }
  let masked = '';
  let at = 0;
  for (const r of literal) {
    masked += blank(src.slice(at, r.start)) + src.slice(r.start, r.end);
    at = r.end;
  }
  masked += blank(src.slice(at));
  return { masked, literal };
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Every character but a line break as a space. */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/**
 * Each edit replaces only literal text (an insertion: at a point in or at the edge of literal
 * text), so no `{{ }}` action is touched.
 */
export function editsInLiteral(t: TemplateLiteral, edits: readonly TextEdit[]): boolean {
  return edits.every((e) => t.literal.some((r) => r.start <= e.start && e.end <= r.end));
}
