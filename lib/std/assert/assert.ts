/** `assert`: fail unless a value is truthy. @module */
import { AssertionError } from "./assertion_error.ts";

/**
 * Makes an assertion: throws an {@linkcode AssertionError} when `expr` is
 * falsy. The message is `msg`, empty by default.
 *
 * @param expr The expression that should be truthy.
 * @param msg The message of the error if the assertion fails.
 *
 * @example Usage
 * ```ts
 * import { assert } from "@std/assert";
 *
 * assert("hello".includes("ell")); // Doesn't throw
 * ```
 */
export function assert(expr: unknown, msg = ""): asserts expr {
  if (!expr) throw new AssertionError(msg);
}
