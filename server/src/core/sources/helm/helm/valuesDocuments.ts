/**
 * Helm 4's ReadValues: a values file may hold several YAML documents, split as Kubernetes'
 * YAMLReader splits them (a line starting `---` followed by nothing but blanks or a comment),
 * each read on its own and merged in turn (a later document wins, nested maps merged, a null
 * document adds nothing).
 */

/** A line starting `---` that is no separator: Kubernetes' YAMLReader refuses it. */
export class SeparatorError extends Error {
  constructor(rest: string) {
    super(`error reading yaml document: invalid Yaml document separator: ${rest}`);
  }
}

/** The documents of `text`; the text itself when it has no separator line (the usual case). */
export function valuesDocuments(text: string): string[] {
  if (!text.startsWith('---') && !text.includes('\n---')) return [text];
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new SeparatorError(rest);
      if (current.length > 0) docs.push(current.join('\n') + '\n');
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) docs.push(current.join('\n'));
  return docs;
}
