/**
 * A port of CPython 3.11's `random` module: the Mersenne Twister MT19937 and
 * the methods microgpt.py calls. Seeded alike, it gives the same numbers as
 * Python, bit for bit (`gauss` to within an ulp or so, see {@linkcode Random.gauss}).
 *
 * @module
 */

// MT19937's constants, as named in the reference C code
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

const TWO_PI = 2 * Math.PI; // Python's random.TWOPI

/**
 * The whole state of a {@linkcode Random}, as plain JSON-serialisable data:
 * what {@linkcode Random.getState} returns and {@linkcode Random.setState}
 * accepts (Python's `getstate()` holds the same three things).
 */
export interface RandomState {
  /** The 624 32-bit words of the Mersenne Twister, each in `[0, 2**32)`. */
  mt: number[];
  /** How many of those words have been used, in `[0, 624]`. */
  index: number;
  /** The second value of the last Box-Muller pair of `gauss`, or `null` if none is kept. */
  gaussNext: number | null;
}

/**
 * A random number generator that reproduces CPython 3.11's `random.Random`.
 *
 * @example Same numbers as Python
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Random } from "./random.ts";
 *
 * const rng = new Random(42);
 * assertEquals(rng.random(), 0.6394267984578837); // Python: random.seed(42); random.random()
 * ```
 */
export class Random {
  #mt = new Uint32Array(N);
  #index = N;
  #gaussNext: number | null = null;
  #cum = new Float64Array(0); // reused by choices(), so hot loops allocate nothing

  /**
   * Makes a generator seeded as Python's `random.seed(seed)`.
   *
   * @param seed An integer (a bigint for integers beyond 2**53), as for {@linkcode Random.seed}.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * assertEquals(new Random(0).random(), 0.8444218515250481);
   * ```
   */
  constructor(seed: number | bigint) {
    this.seed(seed);
  }

  /**
   * Re-seeds the generator as Python's `random.seed(n)` does for an integer:
   * MT19937's `init_by_array` over the 32-bit words of `|n|`, least
   * significant first (`0` gives the one word `0`). A negative seed seeds as
   * its absolute value. A cached `gauss` value is forgotten.
   *
   * @param n The seed: an integer number within `Number.MAX_SAFE_INTEGER`, or any bigint.
   * @throws {RangeError} If `n` is a number that is not a safe integer.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(1);
   * const first = rng.random();
   * rng.seed(-1); // the same as seed(1)
   * assertEquals(rng.random(), first);
   * ```
   */
  seed(n: number | bigint): void {
    if (typeof n === "number" && !Number.isSafeInteger(n)) {
      const hint = Number.isInteger(n)
        ? `: it is beyond Number.MAX_SAFE_INTEGER, so pass it as a bigint (such as ${BigInt(n)}n)`
        : ": current value is " + n;
      throw new RangeError(`Cannot seed the generator as the seed must be an integer${hint}`);
    }
    let rest = BigInt(n);
    if (rest < 0n) rest = -rest;
    const key: number[] = [];
    while (rest > 0n) {
      key.push(Number(rest & 0xffffffffn));
      rest >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.#initByArray(key);
    this.#gaussNext = null;
  }

  /**
   * Returns the next float in `[0, 1)`, as Python's `random.random()`: 53
   * random bits from two 32-bit outputs, `(a >>> 5) * 2**26 + (b >>> 6)`, over `2**53`.
   *
   * @returns A float `x` with `0 <= x < 1`.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42);
   * assertEquals([rng.random(), rng.random()], [0.6394267984578837, 0.025010755222666936]);
   * ```
   */
  random(): number {
    const a = this.#next() >>> 5;
    const b = this.#next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * Returns a random integer of `k` bits, as Python's `random.getrandbits(k)`:
   * for `k > 32`, 32-bit outputs fill the result from its least significant
   * word up, the last one keeping only its top `k % 32` bits. `k = 0` gives `0n`
   * and uses no output.
   *
   * @param k The number of bits, an integer `>= 0`.
   * @returns An integer in `[0, 2**k)`.
   * @throws {RangeError} If `k` is not an integer `>= 0`.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * assertEquals(new Random(42).getrandbits(32), 2746317213n);
   * ```
   */
  getrandbits(k: number): bigint {
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new RangeError(
        `Cannot draw random bits as the number of bits must be an integer >= 0: current value is ${k}`,
      );
    }
    if (k === 0) return 0n; // as CPython: no output is used (#bits(0) would take a whole word)
    if (k <= 32) return BigInt(this.#bits(k));
    let result = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      result |= BigInt(this.#bits(k < 32 ? k : 32)) << shift;
    }
    return result;
  }

  /**
   * Returns a normally distributed float, as Python's `random.gauss(mu, sigma)`:
   * Box-Muller on two `random()` values, returning the cosine half of the
   * pair and keeping the sine half for the next call.
   *
   * Exactness: `Math.log`, `cos` and `sin` may differ from the C library's in
   * the last bit, so a value can differ from Python's by an ulp or so.
   *
   * @param mu The mean.
   * @param sigma The standard deviation.
   * @returns `mu + z * sigma` for a standard normal `z`.
   *
   * @example
   * ```ts
   * import { assertAlmostEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * assertAlmostEquals(new Random(42).gauss(0, 0.08), -0.011527226366234268, 1e-17);
   * ```
   */
  gauss(mu: number, sigma: number): number {
    let z = this.#gaussNext;
    this.#gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWO_PI;
      const g2rad = Math.sqrt(-2 * Math.log(1 - this.random()));
      z = Math.cos(x2pi) * g2rad;
      this.#gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  /**
   * Shuffles `array` in place, as Python's `random.shuffle(x)`: for `i` from
   * the last index down to 1, swaps `array[i]` with `array[j]`, `j` drawn
   * uniformly from `0..i` (Python's `_randbelow(i + 1)`).
   *
   * @typeParam T The type of the elements.
   * @param array The array to shuffle; it is changed.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
   * new Random(42).shuffle(xs);
   * assertEquals(xs, [7, 3, 2, 8, 5, 6, 9, 4, 0, 1]);
   * ```
   */
  shuffle<T>(array: T[]): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.#randbelow(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
  }

  /**
   * Picks one element of `population` with the given relative weights, as
   * Python's `random.choices(population, weights)[0]`: the running sums of
   * the weights (added left to right), then the first index whose running
   * sum exceeds `random() * total`, by binary search over all but the last
   * index (Python's `bisect_right(cum, x, 0, n - 1)`).
   *
   * @typeParam T The type of the elements.
   * @param population The elements to choose from.
   * @param weights One weight per element; they need not sum to 1.
   * @returns The chosen element.
   * @throws {TypeError} If there is not one weight per element.
   * @throws {RangeError} If the population is empty, or the weights sum to a
   * value that is not finite or not greater than 0.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42);
   * assertEquals(rng.choices([0, 1, 2, 3, 4], [1, 2, 3, 4, 5]), 3);
   * ```
   */
  choices<T>(population: readonly T[], weights: readonly number[]): T {
    const n = population.length;
    if (weights.length !== n) {
      throw new TypeError(
        `Cannot choose as there must be one weight per element: the population has ${n} elements and there are ${weights.length} weights`,
      );
    }
    if (n === 0) throw new RangeError("Cannot choose from an empty population");
    if (this.#cum.length < n) this.#cum = new Float64Array(Math.max(n, 2 * this.#cum.length));
    const cum = this.#cum;
    let total = 0; // (Python starts from weights[0]; 0 + w differs from w only for w = -0)
    for (let i = 0; i < n; i++) {
      total += weights[i];
      cum[i] = total;
    }
    if (total <= 0) {
      throw new RangeError(
        `Cannot choose as the weights must sum to more than 0: the weights sum to ${total}`,
      );
    }
    if (!Number.isFinite(total)) {
      throw new RangeError(
        `Cannot choose as the weights must sum to a finite number: the weights sum to ${total}`,
      );
    }
    // bisect_right(cum, x, 0, n - 1)
    const x = this.random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < cum[mid]) hi = mid;
      else lo = mid + 1;
    }
    return population[lo];
  }

  /**
   * Returns a copy of the generator's state, plain JSON-serialisable data
   * that {@linkcode Random.setState} restores exactly.
   *
   * @returns The state: the 624 words, the position in them, the cached `gauss` value.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const rng = new Random(42);
   * const saved = JSON.stringify(rng.getState());
   * const next = rng.random();
   * rng.setState(JSON.parse(saved));
   * assertEquals(rng.random(), next);
   * ```
   */
  getState(): RandomState {
    return { mt: Array.from(this.#mt), index: this.#index, gaussNext: this.#gaussNext };
  }

  /**
   * Restores a state returned by {@linkcode Random.getState} (possibly
   * through JSON), after checking its shape.
   *
   * @param state The state to restore; it is copied, not kept.
   * @throws {TypeError} If `state` is not a valid state.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Random } from "./random.ts";
   *
   * const a = new Random(1);
   * const b = new Random(2);
   * b.setState(a.getState());
   * assertEquals(b.random(), a.random());
   * ```
   */
  setState(state: RandomState): void {
    const bad = (what: string): never => {
      throw new TypeError(`Cannot restore the generator's state as ${what}`);
    };
    if (typeof state !== "object" || state === null) {
      bad(`it must be an object: current value is ${state}`);
    }
    const { mt, index, gaussNext } = state;
    if (!Array.isArray(mt) || mt.length !== N) {
      bad(`"mt" must be an array of ${N} words: current value has ${describe(mt)}`);
    }
    for (let i = 0; i < N; i++) {
      const w = mt[i];
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
        bad(`"mt" must hold integers in [0, 2**32): mt[${i}] is ${w}`);
      }
    }
    if (!Number.isInteger(index) || index < 0 || index > N) {
      bad(`"index" must be an integer in [0, ${N}]: current value is ${index}`);
    }
    if (gaussNext !== null && !Number.isFinite(gaussNext)) {
      bad(`"gaussNext" must be a finite number or null: current value is ${gaussNext}`);
    }
    this.#mt.set(mt);
    this.#index = index;
    this.#gaussNext = gaussNext;
  }

  // The top k bits (1 <= k <= 32) of the next output, as a number
  #bits(k: number): number {
    return this.#next() >>> (32 - k);
  }

  // A uniform integer in [0, n) for 1 <= n < 2**32, as Python's _randbelow:
  // k = the bit length of n; draw k bits until they are below n
  #randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.#bits(k);
    while (r >= n) r = this.#bits(k);
    return r;
  }

  // MT19937's next 32-bit output (genrand_uint32), tempered
  #next(): number {
    if (this.#index >= N) this.#twist();
    let y = this.#mt[this.#index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // Generates the next 624 words at once
  #twist(): void {
    const mt = this.#mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#index = 0;
  }

  // MT19937's init_genrand and init_by_array; the Uint32Array keeps every
  // word modulo 2**32, and Math.imul multiplies modulo 2**32
  #initByArray(key: readonly number[]): void {
    const mt = this.#mt;
    mt[0] = 19650218;
    for (let i = 1; i < N; i++) {
      const p = mt[i - 1];
      mt[i] = Math.imul(1812433253, p ^ (p >>> 30)) + i;
    }
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const p = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(p ^ (p >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const p = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(p ^ (p >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
    this.#index = N;
  }
}

// A short description of a value that should have been an array, for errors
function describe(value: unknown): string {
  return Array.isArray(value) ? `${value.length} elements` : `type ${typeof value}`;
}
