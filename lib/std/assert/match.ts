/** `assertMatch`: a string matches a pattern. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Makes an assertion that `expected.test(actual)` is true. A `g` or `y`
 * pattern keeps its `lastIndex` between calls, as with any `test`.
 *
 * @param actual The string to check.
 * @param expected The pattern it must match.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertMatch } from "@std/assert";
 *
 * assertMatch("Raptor", /Raptor/); // Doesn't throw
 * ```
 */
export function assertMatch(actual: string, expected: RegExp, msg?: string): void {
  if (expected.test(actual)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(`Expected actual: "${actual}" to match: "${expected}"${msgSuffix}`);
}
