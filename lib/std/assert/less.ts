/** `assertLess`: `actual < expected`. @module */
import { AssertionError } from "./assertion_error.ts";
import { format } from "./_format.ts";

/**
 * Makes an assertion that `actual` is less than `expected`, with the
 * plain `<` operator (so it works on numbers, bigints, strings and dates, and
 * `NaN` always fails). The failure message is `Expect <actual> < <expected>`,
 * with no final period; a given `msg` replaces it entirely.
 *
 * @typeParam T The type of the values to compare.
 * @param actual The actual value.
 * @param expected The value to compare with.
 * @param msg The message of the error, instead of the default.
 *
 * @example Usage
 * ```ts
 * import { assertLess } from "@std/assert";
 *
 * assertLess(1, 2); // Doesn't throw
 * ```
 */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (actual < expected) return;
  throw new AssertionError(msg ?? `Expect ${format(actual)} < ${format(expected)}`);
}
