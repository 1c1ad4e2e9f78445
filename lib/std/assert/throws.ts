/** `assertThrows`: a function must throw; returns what it threw. @module */
import { AssertionError } from "./assertion_error.ts";
import { assertIsError } from "./is_error.ts";
import { isErrorClass } from "./_is_error_class.ts";

/**
 * Executes `fn`, which must throw, and returns what it threw (any value).
 * An async function does not throw (it rejects): use `assertRejects`.
 *
 * @param fn The function that must throw.
 * @param msg The optional message to add to the error.
 * @returns The value thrown.
 *
 * @example Usage
 * ```ts
 * import { assertThrows } from "@std/assert";
 *
 * const thrown = assertThrows(() => {
 *   throw "not an error";
 * });
 * console.log(thrown); // "not an error"
 * ```
 */
export function assertThrows(fn: () => unknown, msg?: string): unknown;
/**
 * Executes `fn`, which must throw an instance of `ErrorClass` (or of a
 * subclass) whose message includes `msgIncludes`, and returns the error.
 *
 * @typeParam E The type of the error.
 * @param fn The function that must throw.
 * @param ErrorClass The class the error must be an instance of.
 * @param msgIncludes A substring the error message must contain.
 * @param msg The optional message to add to the error.
 * @returns The error thrown, typed as `E`.
 *
 * @example Usage
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const error = assertThrows(() => {
 *   throw new RangeError("index 5 is out of range");
 * }, RangeError, "out of range");
 * assertEquals(error.message, "index 5 is out of range");
 * ```
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  ErrorClass: abstract new (...args: any[]) => E,
  msgIncludes?: string,
  msg?: string,
): E;
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  errorClassOrMsg?: (abstract new (...args: any[]) => E) | string,
  msgIncludesOrMsg?: string,
  msg?: string,
): E | Error | unknown {
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  let ErrorClass: (abstract new (...args: any[]) => E) | undefined;
  let msgIncludes: string | undefined;
  if (typeof errorClassOrMsg === "string") {
    msg = errorClassOrMsg;
  } else if (errorClassOrMsg === undefined || isErrorClass(errorClassOrMsg)) {
    ErrorClass = errorClassOrMsg;
    msgIncludes = msgIncludesOrMsg;
  } else {
    msg = msgIncludesOrMsg;
  }
  const msgSuffix = msg ? `: ${msg}` : ".";
  try {
    fn();
  } catch (error) {
    if (ErrorClass) {
      if (!(error instanceof Error)) {
        throw new AssertionError(`A non-Error object was thrown${msgSuffix}`);
      }
      assertIsError(error, ErrorClass, msgIncludes, msg);
    }
    return error;
  }
  throw new AssertionError(`Expected function to throw${msgSuffix}`);
}
