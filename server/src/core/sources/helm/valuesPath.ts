/**
 * A values path as a person types it after `--set` (Helm's pkg/strvals, ported in
 * `helm/strvals.ts`): map keys joined by `.`, list indexes as `[0]`, and in a key each
 * character the `--set` parser would read as syntax (`.` `[` `,` `=`, and the `\` that escapes)
 * written with a backslash before it, so `nodeSelector.kubernetes\.io/os` names the key
 * `kubernetes.io/os`. `--set <path>=value` therefore sets exactly the key a message names
 * (shell quoting aside) when the path holds no `[i]`: Helm replaces a list `--set` gives whole
 * (docs/helm.md says to use a `-f` file for those). An empty key keeps its place (`['', 'x']`
 * → `.x`, `['a', '', 'b']` → `a..b`), though `--set` cannot set it. Used in the messages of
 * findings placed on a values key (issue #17).
 */
export function formatValuesPath(path: readonly (string | number)[]): string {
  let out = '';
  path.forEach((part, i) => {
    if (typeof part === 'number') out += `[${part}]`;
    // A `.` before every key but the first by position: an empty first key is still a key (`.x`).
    else out += (i === 0 ? '' : '.') + escapeKey(part);
  });
  return out;
}

/** The characters `runesUntil('=[,.')` stops at, plus the escape character itself. */
const SYNTAX = new Set(['\\', '.', '[', ',', '=']);

function escapeKey(key: string): string {
  let out = '';
  for (const c of key) out += SYNTAX.has(c) ? `\\${c}` : c;
  return out;
}
