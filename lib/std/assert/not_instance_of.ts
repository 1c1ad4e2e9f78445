/** `assertNotInstanceOf`: fail when `actual instanceof Type`. @module */
import { assertFalse } from "./false.ts";

/**
 * Makes an assertion that `actual` is not an instance of `unexpectedType`.
 * As in std, the failure message names `typeof unexpectedType`
 * (`Expected object to not be an instance of "function".`).
 *
 * @typeParam A The type of the value.
 * @typeParam T The type of the instances of the class.
 * @param actual The value to check.
 * @param unexpectedType The class `actual` must not be an instance of.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertNotInstanceOf } from "@std/assert";
 *
 * assertNotInstanceOf(new Date(), Number); // Doesn't throw
 * ```
 */
export function assertNotInstanceOf<A, T>(
  actual: A,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  unexpectedType: abstract new (...args: any[]) => T,
  msg?: string,
): asserts actual is Exclude<A, T> {
  const msgSuffix = msg ? `: ${msg}` : ".";
  assertFalse(
    actual instanceof unexpectedType,
    `Expected object to not be an instance of "${typeof unexpectedType}"${msgSuffix}`,
  );
}
