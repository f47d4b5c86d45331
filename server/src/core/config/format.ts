import { LineIndex } from '../yaml/lineIndex';
import type { ConfigProblem } from './types';

/**
 * `file:line:col: severity: message` (1-based line and column), the form the CLI prints.
 * The editor shows the same `message` on the same range.
 */
export function formatConfigProblem(file: string, text: string, problem: ConfigProblem, lines = new LineIndex(text)): string {
  const p = lines.positionAt(problem.range.start);
  return `${file}:${p.line + 1}:${p.character + 1}: ${problem.severity}: ${problem.message}`;
}
