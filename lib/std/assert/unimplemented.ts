/** `unimplemented`: always throw. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Throws an {@linkcode AssertionError} to signal that a code path is not implemented yet. The
 * message is `Unimplemented.`, or `Unimplemented: <msg>` when `msg` is given.
 *
 * @param msg The optional message to add to the error.
 * @returns Never: it always throws.
 *
 * @example Usage
 * ```ts
 * import { assertThrows, unimplemented } from "@std/assert";
 *
 * assertThrows(() => unimplemented("oops"), Error, "Unimplemented: oops");
 * ```
 */
export function unimplemented(msg?: string): never {
  throw new AssertionError(`Unimplemented${msg ? `: ${msg}` : "."}`);
}
