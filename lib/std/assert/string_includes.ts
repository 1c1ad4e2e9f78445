/** `assertStringIncludes`: a string contains a substring. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Makes an assertion that `actual.includes(expected)`.
 *
 * @param actual The string to search.
 * @param expected The substring it must contain.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes("Hello", "ello"); // Doesn't throw
 * ```
 */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (actual.includes(expected)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(`Expected actual: "${actual}" to contain: "${expected}"${msgSuffix}`);
}
