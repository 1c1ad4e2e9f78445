/** `assertEquals`: deep equality with a diff on failure. @module */
import { AssertionError } from "./assertion_error.ts";
import { buildDiffMessage } from "./_diff.ts";
import { equal } from "./equal.ts";

/**
 * Makes an assertion that `actual` and `expected` are deeply equal, as
 * {@linkcode equal} decides (so `0` equals `-0` and `NaN` equals `NaN`). On
 * failure the message is `Values are not equal.` (or `Values are not equal:
 * <msg>`) followed by a line diff of the two values, actual as `-` and
 * expected as `+`.
 *
 * Both arguments share one type `T`, so comparing a number with a string is a
 * type error.
 *
 * @typeParam T The type of the values to compare.
 * @param actual The actual value.
 * @param expected The expected value.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals({ a: [1, 2] }, { a: [1, 2] }); // Doesn't throw
 * assertEquals(0, -0); // Doesn't throw
 * ```
 */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (equal(actual, expected)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Values are not equal${msgSuffix}\n${buildDiffMessage(actual, expected)}`,
  );
}
