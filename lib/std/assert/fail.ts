/** `fail`: always throw. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Throws an {@linkcode AssertionError} to signal a failed assertion, for code paths a test must not reach. The
 * message is `Failed assertion.`, or `Failed assertion: <msg>` when `msg` is given.
 *
 * @param msg The optional message to add to the error.
 * @returns Never: it always throws.
 *
 * @example Usage
 * ```ts
 * import { assertThrows, fail } from "@std/assert";
 *
 * assertThrows(() => fail("oops"), Error, "Failed assertion: oops");
 * ```
 */
export function fail(msg?: string): never {
  throw new AssertionError(`Failed assertion${msg ? `: ${msg}` : "."}`);
}
