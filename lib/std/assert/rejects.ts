/** `assertRejects`: a function's promise must reject; resolves to the reason. @module */
import { AssertionError } from "./assertion_error.ts";
import { assertIsError } from "./is_error.ts";
import { isErrorClass } from "./_is_error_class.ts";

/**
 * Calls `fn`, which must return a promise (any thenable) that rejects, and
 * resolves to the rejection reason (any value). Always `await` it.
 *
 * @param fn The function whose promise must reject.
 * @param msg The optional message to add to the error.
 * @returns A promise of the rejection reason.
 *
 * @example Usage
 * ```ts
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(async () => {
 *   throw new Error("boom");
 * });
 * ```
 */
export function assertRejects(fn: () => PromiseLike<unknown>, msg?: string): Promise<unknown>;
/**
 * Calls `fn`, which must return a promise that rejects with an instance of
 * `ErrorClass` (or of a subclass) whose message includes `msgIncludes`, and
 * resolves to that error.
 *
 * @typeParam E The type of the error.
 * @param fn The function whose promise must reject.
 * @param ErrorClass The class the error must be an instance of.
 * @param msgIncludes A substring the error message must contain.
 * @param msg The optional message to add to the error.
 * @returns A promise of the error, typed as `E`.
 *
 * @example Usage
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const error = await assertRejects(async () => {
 *   throw new TypeError("bad input");
 * }, TypeError, "bad");
 * assertEquals(error.message, "bad input");
 * ```
 */
export function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  ErrorClass: abstract new (...args: any[]) => E,
  msgIncludes?: string,
  msg?: string,
): Promise<E>;
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  errorClassOrMsg?: (abstract new (...args: any[]) => E) | string,
  msgIncludesOrMsg?: string,
  msg?: string,
): Promise<E | Error | unknown> {
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  let ErrorClass: (abstract new (...args: any[]) => E) | undefined;
  let msgIncludes: string | undefined;
  if (typeof errorClassOrMsg === "string") {
    msg = errorClassOrMsg;
  } else if (errorClassOrMsg === undefined || isErrorClass(errorClassOrMsg)) {
    ErrorClass = errorClassOrMsg;
    msgIncludes = msgIncludesOrMsg;
  }
  const msgSuffix = msg ? `: ${msg}` : ".";
  let returned: unknown;
  try {
    returned = fn();
  } catch {
    throw new AssertionError(`Function throws when expected to reject${msgSuffix}`);
  }
  const thenable = typeof returned === "object" && returned !== null &&
    typeof (returned as PromiseLike<unknown>).then === "function";
  if (!thenable) {
    throw new AssertionError(`Function throws when expected to reject${msgSuffix}`);
  }
  try {
    await returned;
  } catch (error) {
    if (ErrorClass) {
      if (!(error instanceof Error)) {
        throw new AssertionError(`A non-Error object was rejected${msgSuffix}`);
      }
      assertIsError(error, ErrorClass, msgIncludes, msg);
    }
    return error;
  }
  throw new AssertionError(`Expected function to reject${msgSuffix}`);
}
