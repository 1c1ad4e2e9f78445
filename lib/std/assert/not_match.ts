/** `assertNotMatch`: a string does not match a pattern. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Makes an assertion that `expected.test(actual)` is false.
 *
 * @param actual The string to check.
 * @param expected The pattern it must not match.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertNotMatch } from "@std/assert";
 *
 * assertNotMatch("Denosaurus", /Raptor/); // Doesn't throw
 * ```
 */
export function assertNotMatch(actual: string, expected: RegExp, msg?: string): void {
  if (!expected.test(actual)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected actual: "${actual}" to not match: "${expected}"${msgSuffix}`,
  );
}
