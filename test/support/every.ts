/**
 * `list.every(p)` is true for an empty list, so `expect(list.every(p)).toBe(true)` passes when the code under test
 * returns nothing at all. expectEvery fails then: a list must have something in it to prove anything. ESLint
 * (eslint.config.mjs) refuses `expect(x.every(...))` in tests and points here.
 */
export function expectEvery<T>(items: readonly T[], predicate: (item: T) => boolean, what = 'item'): void {
  if (items.length === 0) throw new Error(`expected every ${what} to match, but there is none: an empty list proves nothing`);
  const failing = items.findIndex((item) => !predicate(item));
  if (failing >= 0) {
    throw new Error(
      `expected every ${what} to match, but ${what} ${failing} of ${items.length} does not: ${JSON.stringify(items[failing])}`,
    );
  }
}
