/**
 * Python's number formatting, for output that must match microgpt.py's to
 * the byte: `f"{x:.4f}"` and `f"{n:4d}"`.
 *
 * JavaScript's `toFixed` is not Python's `.4f`: Python rounds the exact
 * decimal value of the binary double, an exact tie going to the even digit
 * (`0.03125` gives `"0.0312"`), where `toFixed` gives `"0.0313"`.
 *
 * @module
 */

const EXPONENT_BIAS = 1075; // 1023 + 52: the double's exponent for an integer mantissa

/**
 * Formats `x` as Python's `format(x, f".{decimals}f")`: the exact value of
 * the double, rounded half to even at `decimals` decimals; `nan`, `inf` and
 * `-inf` as Python spells them; a negative number that rounds to zero (and
 * `-0`) keeps its minus sign (`-0.0000`), as in Python.
 *
 * @param x The number.
 * @param decimals How many digits after the point, an integer in `[0, 100]`.
 * @returns The text, such as `"3.4430"`.
 * @throws {RangeError} If `decimals` is not an integer in `[0, 100]`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatFixed } from "./_python_format.ts";
 *
 * assertEquals(formatFixed(3.443011724217978, 4), "3.4430");
 * assertEquals(formatFixed(0.03125, 4), "0.0312"); // a tie: to the even digit
 * assertEquals(formatFixed(2.675, 2), "2.67"); // 2.675 is 2.67499999... in binary
 * ```
 */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(
      `Cannot format a number with ${decimals} decimals: it must be an integer in [0, 100]`,
    );
  }
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const negative = x < 0 || Object.is(x, -0);
  // |x| = mantissa * 2 ** exponent exactly, with an integer mantissa
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | 0x10000000000000n;
  const exponent = (biased === 0 ? 1 : biased) - EXPONENT_BIAS;
  // scaled = round_half_even(|x| * 10 ** decimals), in exact integers
  const scale = 10n ** BigInt(decimals);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const numerator = mantissa * scale;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twice = 2n * (numerator % denominator);
    if (twice > denominator || (twice === denominator && scaled % 2n === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const text = decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
  return negative ? `-${text}` : text;
}

/**
 * Formats an integer as Python's `format(n, f"{width}d")`: right-aligned in
 * `width` columns with spaces, never cut when it is wider.
 *
 * @param n The integer.
 * @param width The least number of characters.
 * @returns The text, such as `"   7"` for `formatInt(7, 4)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatInt } from "./_python_format.ts";
 *
 * assertEquals(formatInt(7, 4), "   7");
 * assertEquals(formatInt(12345, 4), "12345");
 * ```
 */
export function formatInt(n: number | bigint, width: number): string {
  return String(n).padStart(width, " ");
}
