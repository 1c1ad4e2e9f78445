/**
 * Numeric checks for tests: closeness of numbers and of arrays, and
 * gradients by finite differences, the independent judge of every backward
 * pass in the course. Nothing here computes anything a kata asks for.
 *
 * @module
 */

import { AssertionError } from "@std/assert";

/**
 * Asserts that `actual` is within `tolerance` of `expected`, with a message
 * that shows both numbers in full and the difference.
 *
 * @param actual The number computed by the code under test.
 * @param expected The number it should be.
 * @param tolerance The largest allowed absolute difference.
 * @param what What the number is, for the message (e.g. `"a.grad"`).
 * @throws {AssertionError} When the numbers are further apart, or `actual` is not finite
 * where `expected` is.
 *
 * @example
 * ```ts
 * import { assertClose } from "./check.ts";
 *
 * assertClose(0.1 + 0.2, 0.3, 1e-15);
 * ```
 */
export function assertClose(actual: number, expected: number, tolerance: number, what = "value") {
  if (Object.is(actual, expected)) return;
  const diff = Math.abs(actual - expected);
  if (!(diff <= tolerance)) {
    throw new AssertionError(
      `Expected ${what} to be ${expected} (within ${tolerance}): current value is ${actual}` +
        (Number.isFinite(diff) ? `, off by ${diff}` : ""),
    );
  }
}

/**
 * Asserts that two arrays have the same length and that every element of
 * `actual` is within `tolerance` of the one in `expected`. The message names
 * the first element that differs.
 *
 * @param actual The numbers computed by the code under test.
 * @param expected The numbers they should be.
 * @param tolerance The largest allowed absolute difference, element by element.
 * @param what What the array is, for the message (e.g. `"logits"`).
 * @throws {AssertionError} When the lengths differ or an element is too far off.
 *
 * @example
 * ```ts
 * import { assertAllClose } from "./check.ts";
 *
 * assertAllClose([1, 2.0000001], [1, 2], 1e-6, "xs");
 * ```
 */
export function assertAllClose(
  actual: readonly number[],
  expected: readonly number[],
  tolerance: number,
  what = "array",
) {
  if (actual.length !== expected.length) {
    throw new AssertionError(
      `Expected ${what} to have ${expected.length} elements: current length is ${actual.length}`,
    );
  }
  for (let i = 0; i < expected.length; i++) {
    assertClose(actual[i], expected[i], tolerance, `${what}[${i}]`);
  }
}

/**
 * The gradient of `f` at `xs` by central differences:
 * `(f(x + h) - f(x - h)) / 2h` for each coordinate in turn. Accurate to about
 * `h²` times the third derivative, plus rounding of about `1e-16 / h`; with
 * the default `h = 1e-6`, compare with a tolerance near `1e-6`.
 *
 * @param f The function, of plain numbers (`xs` is not changed).
 * @param xs The point.
 * @param h The step.
 * @returns One partial derivative per coordinate.
 *
 * @example
 * ```ts
 * import { assertAllClose, numericGradient } from "./check.ts";
 *
 * // f(a, b) = a * b has the gradient (b, a)
 * assertAllClose(numericGradient(([a, b]) => a * b, [2, -3]), [-3, 2], 1e-6);
 * ```
 */
export function numericGradient(
  f: (xs: readonly number[]) => number,
  xs: readonly number[],
  h = 1e-6,
): number[] {
  const point = [...xs];
  const gradient: number[] = [];
  for (let i = 0; i < point.length; i++) {
    const x = point[i];
    point[i] = x + h;
    const up = f(point);
    point[i] = x - h;
    const down = f(point);
    point[i] = x;
    gradient.push((up - down) / (2 * h));
  }
  return gradient;
}

/**
 * Asserts that `actual` is the very object `expected` (`===`). Unlike
 * `assertStrictEquals`, the message does not print the objects, which for
 * a node of a large graph would mean printing the whole graph.
 *
 * @param actual The object the code under test returned.
 * @param expected The object it should be.
 * @param what What it is, for the message (e.g. `"order[3]"`).
 * @throws {AssertionError} When they are different objects.
 *
 * @example
 * ```ts
 * import { assertSame } from "./check.ts";
 *
 * const node = { data: 1 };
 * assertSame(node, node, "node");
 * ```
 */
export function assertSame<T>(actual: T, expected: T, what = "value") {
  if (actual !== expected) {
    throw new AssertionError(`Expected ${what} to be the very same object, but it is another one`);
  }
}
