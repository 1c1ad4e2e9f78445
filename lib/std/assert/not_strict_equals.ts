/** `assertNotStrictEquals`: fail when two values are `Object.is` equal. @module */
import { AssertionError } from "./assertion_error.ts";
import { format } from "./_format.ts";

/**
 * Makes an assertion that `actual` and `expected` are not the same value, as
 * `Object.is` decides.
 *
 * @typeParam T The type of the values to compare.
 * @param actual The actual value.
 * @param expected The value it must not be.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertNotStrictEquals } from "@std/assert";
 *
 * assertNotStrictEquals({}, {}); // Doesn't throw
 * assertNotStrictEquals(0, -0); // Doesn't throw
 * ```
 */
export function assertNotStrictEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!Object.is(actual, expected)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected "actual" to not be strictly equal to: ${format(actual)}${msgSuffix}\n`,
  );
}
