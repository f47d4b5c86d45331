/**
 * Parses a Go `time.Duration` string (`2160h`, `90m`, `1h30m`, `1.5h`, `300ms`) into
 * milliseconds, as cert-manager's `metav1.Duration` does. Returns undefined for anything
 * Go would reject, so callers skip values they cannot judge instead of guessing.
 */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** math.MaxInt64 nanoseconds, in milliseconds. */
const MAX_GO_DURATION_MS = 9_223_372_036_854.775;

export function parseGoDuration(input: string): number | undefined {
  let s = input.trim();
  if (s === '') return undefined;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) return undefined;
    const [matched, amount = '', unit = ''] = m;
    const ms = UNIT_MS[unit];
    if (ms === undefined) return undefined;
    total += parseFloat(amount) * ms;
    s = s.slice(matched.length);
  }
  // Go's int64 nanoseconds overflow at about 2562047h: ParseDuration rejects anything longer.
  if (total > MAX_GO_DURATION_MS) return undefined;
  return sign * total;
}

/** `2160h` → `90 days`, `90m` → `1.5 hours`: for messages. */
export function humanDuration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 48 && Number.isInteger(hours / 24)) return `${hours / 24} days`;
  if (hours >= 1) return `${+hours.toFixed(2)} hours`;
  return `${+(ms / 60_000).toFixed(2)} minutes`;
}
