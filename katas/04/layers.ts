// deno-lint-ignore-file no-unused-vars
// The building blocks of the network, made of Values: sum, linear, softmax, rmsnorm, matrix.

import { Value } from "../01/value.ts";
import type { Random } from "../../lib/random.ts";
import { todo } from "../../lib/todo.ts";

/**
 * The sum of `xs`, as Python's `sum` computes it: starting from the number
 * 0, so the first step is `xs[0].add(0)` (a new node whose children are
 * `xs[0]` and a leaf 0), then adding the others left to right.
 *
 * @param xs The values to add.
 * @returns Their sum; a leaf 0 if `xs` is empty.
 *
 * @example
 * ```ts ignore
 * sum([a, b, c]); // ((a + 0) + b) + c
 * ```
 */
export function sum(xs: readonly Value[]): Value {
  // TODO: add xs[0] + 0, then each following value, left to right
  return todo("sum");
}

/**
 * A linear layer without bias: one dot product per row of `w`, each the
 * `sum` of `row[i] * x[i]` (the weight first).
 *
 * @param x The input vector (length `nin`).
 * @param w The weights, `nout` rows of `nin` values.
 * @returns The output vector (length `nout`).
 */
export function linear(x: readonly Value[], w: readonly (readonly Value[])[]): Value[] {
  // TODO: for each row of w, the sum of row[i] * x[i]
  return todo("linear");
}

/**
 * Turns scores into probabilities that sum to 1: `exp(x_i - max)` divided
 * by the sum of them all. The max is a plain number (the largest `.data`),
 * subtracted first so that `exp` cannot overflow.
 *
 * @param logits The scores.
 * @returns One probability per score.
 */
export function softmax(logits: readonly Value[]): Value[] {
  // TODO: subtract the max of the .data values, exp each, divide each by their sum
  return todo("softmax");
}

/**
 * Root-mean-square normalisation: `ms = sum(x_i * x_i) / n`, then
 * `scale = (ms + 1e-5) ** -0.5`, and each `x_i * scale`.
 *
 * @param x The vector to normalise.
 * @returns `x_i / sqrt(mean(x^2) + 1e-5)` for each `i`.
 */
export function rmsnorm(x: readonly Value[]): Value[] {
  // TODO: scale x so that the mean of its squares is about 1 (eps 1e-5)
  return todo("rmsnorm");
}

/**
 * A matrix of fresh parameters (leaves), each drawn with
 * `rng.gauss(0, std)`, row by row.
 *
 * @param nout The number of rows.
 * @param nin The number of columns.
 * @param rng The random number generator (Python's global `random`).
 * @param std The standard deviation of the initial weights.
 * @returns `nout` rows of `nin` leaves.
 */
export function matrix(nout: number, nin: number, rng: Random, std = 0.08): Value[][] {
  // TODO: nout rows of nin new Values, each rng.gauss(0, std), filled row by row
  return todo("matrix");
}
