/** `assertStrictEquals`: `Object.is` equality. @module */
import { AssertionError } from "./assertion_error.ts";
import { buildDiffMessage } from "./_diff.ts";
import { format } from "./_format.ts";
import { red } from "./_styles.ts";

/**
 * Makes an assertion that `actual` and `expected` are the same value, as
 * `Object.is` decides: `NaN` passes, but `-0` and `0` differ, and two equal
 * objects differ unless they are the same object.
 *
 * @typeParam T The type of the expected value.
 * @param actual The actual value.
 * @param expected The expected value.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertStrictEquals } from "@std/assert";
 *
 * const a = {};
 * assertStrictEquals(a, a); // Doesn't throw
 * assertStrictEquals(NaN, NaN); // Doesn't throw
 * ```
 */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  if (Object.is(actual, expected)) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  const actualString = format(actual);
  if (actualString === format(expected)) {
    const indented = actualString.split("\n").map((line) => `    ${line}`).join("\n");
    throw new AssertionError(
      `Values have the same structure but are not reference-equal${msgSuffix}\n\n${
        red(indented)
      }\n`,
    );
  }
  throw new AssertionError(
    `Values are not strictly equal${msgSuffix}\n${buildDiffMessage(actual, expected)}`,
  );
}
