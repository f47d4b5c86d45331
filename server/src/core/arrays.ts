/**
 * Array helpers for data-sized arrays. Spreading an array into a call
 * (`target.push(...items)`, `Math.max(...values)`) passes every element as an argument on
 * the stack and throws a RangeError past roughly 100,000 elements: inside a rule that
 * would drop the rule's findings for a hostile file (fail open). These loop instead.
 * `test/unit/no-call-spread.test.ts` keeps the spreads from coming back.
 */

/** Appends `items` to `target` in order; returns `target`. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there are none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max: number | undefined;
  for (const v of values) if (max === undefined || v > max) max = v;
  return max ?? empty;
}

/** The smallest of `values`, or `empty` when there are none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let min: number | undefined;
  for (const v of values) if (min === undefined || v < min) min = v;
  return min ?? empty;
}
