/**
 * Comment hints other Kubernetes tooling already uses to say "this file is not a plain
 * manifest" (see ecosystem-conventions.md): `# vscode-kubernetes-tools: exclude` and
 * `# yaml-language-server: $schema=none`. Only the leading comment block is read, so the
 * check is cheap and a hint in the middle of a file does not switch off the whole file.
 */
const HINTS = [/^#\s*vscode-kubernetes-tools\s*:\s*exclude\b/, /^#\s*yaml-language-server\s*:\s*\$schema\s*=\s*none\s*$/];

export function hasExcludeHint(text: string): boolean {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === '' || line === '---') continue;
    if (!line.startsWith('#')) return false;
    if (HINTS.some((h) => h.test(line))) return true;
  }
  return false;
}
