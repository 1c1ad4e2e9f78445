// The building blocks of the network, made of Values.

import { Value } from "../01/value.ts";
import type { Random } from "../../lib/random.ts";

/**
 * The sum of `xs`, as Python's `sum` computes it: starting from the number
 * 0 (so the first step is `xs[0] + 0`, a new node), then left to right.
 *
 * @param xs The values to add.
 * @returns Their sum; a leaf 0 if `xs` is empty.
 */
export function sum(xs: readonly Value[]): Value {
  if (xs.length === 0) return new Value(0);
  let total = xs[0].add(0); // 0 + xs[0] in Python is xs[0] + 0
  for (let i = 1; i < xs.length; i++) total = total.add(xs[i]);
  return total;
}

/**
 * A linear layer without bias: one dot product per row of `w`.
 *
 * @param x The input vector (length `nin`).
 * @param w The weights, `nout` rows of `nin` values.
 * @returns The output vector (length `nout`).
 */
export function linear(x: readonly Value[], w: readonly (readonly Value[])[]): Value[] {
  const out: Value[] = [];
  for (const row of w) {
    const terms: Value[] = [];
    for (let i = 0; i < x.length; i++) terms.push(row[i].mul(x[i]));
    out.push(sum(terms));
  }
  return out;
}

/**
 * Turns scores into probabilities that sum to 1. The largest score (a plain
 * number) is subtracted first, so `exp` cannot overflow.
 *
 * @param logits The scores.
 * @returns One probability per score.
 */
export function softmax(logits: readonly Value[]): Value[] {
  let max = -Infinity;
  for (const l of logits) if (l.data > max) max = l.data;
  const exps = logits.map((l) => l.sub(max).exp());
  const total = sum(exps);
  return exps.map((e) => e.div(total));
}

/**
 * Root-mean-square normalisation: scales `x` so that the mean of its squares
 * is about 1.
 *
 * @param x The vector to normalise.
 * @returns `x_i / sqrt(mean(x^2) + 1e-5)` for each `i`.
 */
export function rmsnorm(x: readonly Value[]): Value[] {
  const squares: Value[] = [];
  for (const xi of x) squares.push(xi.mul(xi));
  const ms = sum(squares).div(x.length);
  const scale = ms.add(1e-5).pow(-0.5);
  return x.map((xi) => xi.mul(scale));
}

/**
 * A matrix of fresh parameters, each drawn from `gauss(0, std)`, row by row.
 *
 * @param nout The number of rows.
 * @param nin The number of columns.
 * @param rng The random number generator (Python's global `random`).
 * @param std The standard deviation of the initial weights.
 * @returns `nout` rows of `nin` leaves.
 */
export function matrix(nout: number, nin: number, rng: Random, std = 0.08): Value[][] {
  const rows: Value[][] = [];
  for (let o = 0; o < nout; o++) {
    const row: Value[] = [];
    for (let i = 0; i < nin; i++) row.push(new Value(rng.gauss(0, std)));
    rows.push(row);
  }
  return rows;
}
