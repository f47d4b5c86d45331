/** What the CLI's argument parsers share: the usage error and reading a flag's value. */

/** A user-facing mistake on the command line: printed with the usage text, exit 2. */
export class UsageError extends Error {}

/** A flag's value: `--flag=value` or `--flag value`; returns it and the index of the last argument used. */
export function takeValue(argv: readonly string[], i: number, flag: string): [string, number] {
  const a = argv[i] ?? '';
  const eq = a.indexOf('=');
  if (eq >= 0) return [a.slice(eq + 1), i];
  const next = argv[i + 1];
  if (next === undefined) throw new UsageError(`${flag} needs a value`);
  return [next, i + 1];
}
