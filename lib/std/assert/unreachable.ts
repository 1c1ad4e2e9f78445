/** `unreachable`: always throw. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Throws an {@linkcode AssertionError} to signal that a code path is unreachable. The
 * message is `Unreachable.`, or `Unreachable: <msg>` when `msg` is given.
 *
 * @param msg The optional message to add to the error.
 * @returns Never: it always throws.
 *
 * @example Usage
 * ```ts
 * import { assertThrows, unreachable } from "@std/assert";
 *
 * assertThrows(() => unreachable("oops"), Error, "Unreachable: oops");
 * ```
 */
export function unreachable(msg?: string): never {
  throw new AssertionError(`Unreachable${msg ? `: ${msg}` : "."}`);
}
