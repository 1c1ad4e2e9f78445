/** `assertAlmostEquals`: numbers within a tolerance. @module */
import { AssertionError } from "./assertion_error.ts";

function show(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toExponential();
}

/**
 * Makes an assertion that `actual` and `expected` are close:
 * `Math.abs(expected - actual) <= tolerance`. Identical values pass first
 * (`NaN` with `NaN`, `Infinity` with `Infinity`); otherwise a `NaN` on one
 * side always fails.
 *
 * The default tolerance is relative to `expected` only:
 * `Math.abs(expected * 1e-7)`, or `1e-7` if `expected` is not finite. So with
 * the default, anything but an exact match fails when `expected` is `0`:
 * pass an explicit tolerance there.
 *
 * The failure message is `Expected actual: "<a>" to be close to "<e>": delta
 * "<d>" is greater than "<t>".`, non-integers written with `toExponential()`.
 *
 * @param actual The actual number.
 * @param expected The expected number.
 * @param tolerance The largest allowed absolute difference.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(0.1 + 0.2, 0.3); // Doesn't throw
 * assertAlmostEquals(Math.PI, 3.14, 0.01); // Doesn't throw
 * ```
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance?: number,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  const delta = Math.abs(expected - actual);
  if (tolerance === undefined) {
    tolerance = Number.isFinite(expected) ? Math.abs(expected * 1e-7) : 1e-7;
  }
  if (delta <= tolerance) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  throw new AssertionError(
    `Expected actual: "${show(actual)}" to be close to "${show(expected)}": delta "${
      show(delta)
    }" is greater than "${show(tolerance)}"${msgSuffix}`,
  );
}
