/** `assertArrayIncludes`: every element of `expected` is in `actual`. @module */
import { AssertionError } from "./assertion_error.ts";
import { format } from "./_format.ts";
import { equal } from "./equal.ts";

/** An array-like object (a string is not accepted). */
export type ArrayLikeArg<T> = ArrayLike<T> & object;

/**
 * Makes an assertion that every element of `expected` is deeply equal (as
 * {@linkcode equal} decides) to some element of `actual`. Order and repeats do
 * not matter.
 *
 * @typeParam T The type of the elements.
 * @param actual The array-like value to search.
 * @param expected The elements it must include.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertArrayIncludes } from "@std/assert";
 *
 * assertArrayIncludes([1, 2, [3]], [[3], 1]); // Doesn't throw
 * ```
 */
export function assertArrayIncludes<T>(
  actual: ArrayLikeArg<T>,
  expected: ArrayLikeArg<T>,
  msg?: string,
): void {
  const missing: unknown[] = [];
  for (let i = 0; i < expected.length; i++) {
    let found = false;
    for (let j = 0; j < actual.length && !found; j++) found = equal(expected[i], actual[j]);
    if (!found) missing.push(expected[i]);
  }
  if (missing.length === 0) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected actual: "${format(actual)}" to include: "${format(expected)}"${msgSuffix}\nmissing: ${
      format(missing)
    }`,
  );
}
