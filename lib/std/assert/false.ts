/** `assertFalse`: fail unless a value is falsy. @module */
import { AssertionError } from "./assertion_error.ts";

/** The values JavaScript treats as false. */
export type Falsy = false | 0 | 0n | "" | null | undefined;

/**
 * Makes an assertion: throws an {@linkcode AssertionError} when `expr` is
 * truthy. The message is `msg`, empty by default.
 *
 * @param expr The expression that should be falsy.
 * @param msg The message of the error if the assertion fails.
 *
 * @example Usage
 * ```ts
 * import { assertFalse } from "@std/assert";
 *
 * assertFalse(0); // Doesn't throw
 * ```
 */
export function assertFalse(expr: unknown, msg = ""): asserts expr is Falsy {
  if (expr) throw new AssertionError(msg);
}
