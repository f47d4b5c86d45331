import type { Position, Range } from 'vscode-languageserver/node';

/** Whether a position is inside a range, ends included (a hover at either edge of a name counts). */
export function rangeContains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}
