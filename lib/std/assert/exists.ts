/** `assertExists`: fail on `null` and `undefined`. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Makes an assertion that `actual` is neither `null` nor `undefined` (so `0`,
 * `""` and `false` pass).
 *
 * @typeParam T The type of the value.
 * @param actual The value to check.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertExists } from "@std/assert";
 *
 * assertExists(0); // Doesn't throw
 * ```
 */
export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T> {
  if (actual !== null && actual !== undefined) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected actual: "${actual}" to not be null or undefined${msgSuffix}`,
  );
}
