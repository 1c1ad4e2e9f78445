/** `assertNotEquals`: fail when two values are deeply equal. @module */
import { AssertionError } from "./assertion_error.ts";
import { format } from "./_format.ts";
import { equal } from "./equal.ts";

/**
 * Makes an assertion that `actual` and `expected` are not deeply equal, as
 * {@linkcode equal} decides. The failure message is `Expected actual:
 * <actual> not to be: <expected>.`.
 *
 * @typeParam T The type of the values to compare.
 * @param actual The actual value.
 * @param expected The value it must differ from.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertNotEquals } from "@std/assert";
 *
 * assertNotEquals([1, 2], [1, 3]); // Doesn't throw
 * ```
 */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!equal(actual, expected)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected actual: ${format(actual)} not to be: ${format(expected)}${msgSuffix}`,
  );
}
