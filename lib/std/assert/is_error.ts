/** `assertIsError`: check an error's class and message. @module */
import { AssertionError } from "./assertion_error.ts";
import { stripAnsiCode } from "./_styles.ts";

/**
 * Makes an assertion that `error` is an `Error`, optionally an instance of
 * `ErrorClass` whose message includes `msgMatches` (a substring, or a
 * RegExp that must match; ANSI colour codes are ignored).
 *
 * @typeParam E The type of the error.
 * @param error The value to check.
 * @param ErrorClass The class the error must be an instance of.
 * @param msgMatches A substring of, or a pattern matching, the error message.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertIsError } from "@std/assert";
 *
 * assertIsError(new RangeError("Out of range"), RangeError, "range"); // Doesn't throw
 * ```
 */
export function assertIsError<E extends Error = Error>(
  error: unknown,
  // deno-lint-ignore no-explicit-any -- any constructor signature, as in std
  ErrorClass?: abstract new (...args: any[]) => E,
  msgMatches?: string | RegExp,
  msg?: string,
): asserts error is E {
  const msgSuffix = msg ? `: ${msg}` : ".";
  if (!(error instanceof Error)) {
    throw new AssertionError(`Expected "error" to be an Error object${msgSuffix}`);
  }
  if (ErrorClass && !(error instanceof ErrorClass)) {
    throw new AssertionError(
      `Expected error to be instance of "${ErrorClass.name}", but was "${error.constructor?.name}"${msgSuffix}`,
    );
  }
  if (!msgMatches) return;
  const message = stripAnsiCode(error.message);
  const matches = typeof msgMatches === "string"
    ? message.includes(stripAnsiCode(msgMatches))
    : msgMatches.test(message);
  if (matches) return;
  const wanted = typeof msgMatches === "string" ? JSON.stringify(msgMatches) : String(msgMatches);
  throw new AssertionError(
    `Expected error message to include ${wanted}, but got ${
      JSON.stringify(error.message)
    }${msgSuffix}`,
  );
}
