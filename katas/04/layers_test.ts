// Tests for kata 04: sum, linear, softmax, rmsnorm and matrix. Do not change them.
//
// Where a test quotes figures, they were measured with CPython 3.11 running
// microgpt.py's own formulas (its Value class, `linear`, `softmax`, `rmsnorm`)
// on the same inputs and printing repr() of each `.data`. Gradients are
// checked against finite differences.

import { assertEquals, assertInstanceOf, assertStrictEquals } from "@std/assert";
import { Value } from "../01/value.ts";
import { backward } from "../03/backward.ts";
import { assertAllClose, numericGradient } from "../../lib/check.ts";
import { Random } from "../../lib/random.ts";
import { linear, matrix, rmsnorm, softmax, sum } from "./layers.ts";

/** Leaves holding these numbers. */
function leaves(xs: readonly number[]): Value[] {
  return xs.map((x) => new Value(x));
}

/** The `.data` of each value. */
function data(vs: readonly Value[]): number[] {
  return vs.map((v) => v.data);
}

/**
 * Checks the gradients `backward` gives for `f` at `xs` against finite
 * differences. `f` maps leaves to one Value.
 */
function checkGradients(f: (xs: Value[]) => Value, xs: readonly number[], tolerance = 1e-6) {
  const inputs = leaves(xs);
  backward(f(inputs));
  const expected = numericGradient((nums) => f(leaves(nums)).data, xs);
  assertAllClose(inputs.map((v) => v.grad), expected, tolerance, "gradients");
}

/** A weighted sum of outputs, so every output gets a different gradient. */
function mix(outputs: readonly Value[]): Value {
  return sum(outputs.map((o, i) => o.mul(i + 1.5)));
}

Deno.test({
  name: "sum() starts with xs[0] + 0, then adds left to right",
  timeout: 10_000,
  fn() {
    const [a, b, c] = leaves([2, -3, 10]);
    const total = sum([a, b, c]);
    assertEquals(total.data, 9);
    // total = ((a + 0) + b) + c
    assertStrictEquals(total.children[1], c);
    const ab = total.children[0];
    assertStrictEquals(ab.children[1], b);
    const first = ab.children[0];
    assertStrictEquals(first.children[0], a);
    const zero = first.children[1];
    assertEquals(zero.data, 0);
    assertEquals(zero.children.length, 0, "the 0 is a leaf");
  },
});

Deno.test({
  name: "sum() rounds as Python's sum does, left to right",
  timeout: 10_000,
  fn() {
    // CPython: sum of Values [1e16, 1, 1] is 1e+16 (right to left would give 1.0000000000000002e16)
    assertEquals(sum(leaves([1e16, 1, 1])).data, 1e16);
    // CPython: sum of Values [0.1, 0.2, 0.3] is 0.6000000000000001
    assertEquals(sum(leaves([0.1, 0.2, 0.3])).data, 0.6000000000000001);
  },
});

Deno.test({
  name: "sum() of nothing is a leaf holding 0",
  timeout: 10_000,
  fn() {
    const total = sum([]);
    assertInstanceOf(total, Value);
    assertEquals(total.data, 0);
    assertEquals(total.children.length, 0);
  },
});

Deno.test({
  name: "sum() gives every term a gradient of 1, twice for a term used twice",
  timeout: 10_000,
  fn() {
    const [a, b] = leaves([1.5, -2]);
    backward(sum([a, b, a]));
    assertEquals(a.grad, 2);
    assertEquals(b.grad, 1);
  },
});

Deno.test({
  name: "linear() gives one dot product per row, as microgpt.py computes it",
  timeout: 10_000,
  fn() {
    const x = leaves([0.5, -1.5, 2.0]);
    const w = [leaves([0.1, 0.2, 0.3]), leaves([-0.4, 0.5, -0.6])];
    // CPython: linear(x, w) -> [0.3499999999999999, -2.15]
    assertEquals(data(linear(x, w)), [0.3499999999999999, -2.15]);
  },
});

Deno.test({
  name: "linear() multiplies each weight by its input, the weight first",
  timeout: 10_000,
  fn() {
    const x = leaves([0.5, -1.5]);
    const w = [leaves([0.1, 0.2])];
    const [out] = linear(x, w);
    // out = ((w00 * x0 + 0) + w01 * x1)
    const last = out.children[1];
    assertStrictEquals(last.children[0], w[0][1]);
    assertStrictEquals(last.children[1], x[1]);
    const first = out.children[0].children[0];
    assertStrictEquals(first.children[0], w[0][0]);
    assertStrictEquals(first.children[1], x[0]);
  },
});

Deno.test({
  name: "linear() gradients match finite differences",
  timeout: 10_000,
  fn() {
    // The inputs are the 2 numbers of x then the 2 x 2 weights, row by row.
    checkGradients(
      (v) => mix(linear(v.slice(0, 2), [v.slice(2, 4), v.slice(4, 6)])),
      [0.5, -1.5, 0.1, 0.2, -0.4, 0.7],
    );
  },
});

Deno.test({
  name: "softmax() of [1, 2, 3] gives microgpt.py's probabilities",
  timeout: 10_000,
  fn() {
    // CPython: softmax([1, 2, 3]) -> [0.09003057317038045, 0.2447284710547976, 0.6652409557748218].
    // Compared bit for bit: dividing the plain numbers (e.data / total.data) would give
    // ...046 and ...764 instead; microgpt.py computes e * total ** -1.
    assertEquals(
      data(softmax(leaves([1, 2, 3]))),
      [0.09003057317038045, 0.2447284710547976, 0.6652409557748218],
    );
    // CPython: softmax([-1, 0.5, 0.25, 2])
    assertAllClose(
      data(softmax(leaves([-1, 0.5, 0.25, 2]))),
      [0.034414441266120206, 0.15423482528416219, 0.12011820270818684, 0.6912325307415307],
      1e-15,
      "probabilities",
    );
  },
});

Deno.test({
  name: "softmax() subtracts the max first, so logits like 1000 do not overflow",
  timeout: 10_000,
  fn() {
    // exp(1000) is Infinity; after subtracting the max these are the exps of -2, -1, 0.
    // CPython: softmax([1000, 1001, 1002]) equals softmax([1, 2, 3]) exactly.
    assertEquals(
      data(softmax(leaves([1000, 1001, 1002]))),
      [0.09003057317038045, 0.2447284710547976, 0.6652409557748218],
    );
  },
});

Deno.test({
  name: "softmax() subtracts the max as a plain number, a leaf of the graph",
  timeout: 10_000,
  fn() {
    const logits = leaves([0.5, 3, -1]);
    const probs = softmax(logits);
    // probs[0] = exp(l0 - 3) * total ** -1; l0 - 3 is l0 + (-3), with -3 a new leaf
    const exp = probs[0].children[0];
    const shifted = exp.children[0];
    assertStrictEquals(shifted.children[0], logits[0]);
    const negMax = shifted.children[1];
    assertEquals(negMax.data, -3);
    assertEquals(negMax.children.length, 0, "the max is a constant, not a node of the graph");
  },
});

Deno.test({
  name: "softmax() gradients match finite differences",
  timeout: 10_000,
  fn() {
    checkGradients((v) => mix(softmax(v)), [0.3, -1.2, 2.0, 0.7]);
  },
});

Deno.test({
  name: "rmsnorm() of [1, 2, 3] gives microgpt.py's values",
  timeout: 10_000,
  fn() {
    // CPython: rmsnorm([1, 2, 3]) -> [0.46290955391201943, 0.9258191078240389, 1.3887286617360584]
    assertAllClose(
      data(rmsnorm(leaves([1, 2, 3]))),
      [0.46290955391201943, 0.9258191078240389, 1.3887286617360584],
      1e-15,
      "rmsnorm",
    );
  },
});

Deno.test({
  name: "rmsnorm() adds eps 1e-5 to the mean square",
  timeout: 10_000,
  fn() {
    // mean square 1e-6: with eps 1e-5 the scale is (1.1e-5) ** -0.5, about 301.5, not 1000.
    // CPython: rmsnorm([1e-3, -1e-3]) -> [0.30151134457776363, -0.30151134457776363]
    assertAllClose(
      data(rmsnorm(leaves([1e-3, -1e-3]))),
      [0.30151134457776363, -0.30151134457776363],
      1e-15,
      "rmsnorm",
    );
    // all zeros: eps keeps the scale finite, so zeros come out, not NaN
    assertEquals(data(rmsnorm(leaves([0, 0, 0]))), [0, 0, 0]);
  },
});

Deno.test({
  name: "rmsnorm() gradients match finite differences",
  timeout: 10_000,
  fn() {
    checkGradients((v) => mix(rmsnorm(v)), [0.4, -1.1, 0.25, 2.0]);
  },
});

Deno.test({
  name: "matrix() draws rng.gauss(0, 0.08) row by row",
  timeout: 10_000,
  fn() {
    const m = matrix(2, 3, new Random(42));
    assertEquals(m.length, 2);
    assertEquals(m[0].length, 3);
    // CPython: random.seed(42); six random.gauss(0, 0.08) (parity/python_random_vectors.json)
    assertAllClose(
      m.flat().map((v) => v.data),
      [
        -0.011527226366234268,
        -0.013832288026521545,
        -0.008905268925412997,
        0.05615869800790905,
        -0.010207062702630967,
        -0.1197882731472766,
      ],
      1e-16,
      "matrix",
    );
  },
});

Deno.test({
  name: "matrix() makes leaves with a gradient of 0",
  timeout: 10_000,
  fn() {
    for (const row of matrix(3, 2, new Random(1))) {
      for (const p of row) {
        assertInstanceOf(p, Value);
        assertEquals(p.grad, 0);
        assertEquals(p.children.length, 0);
      }
    }
  },
});

Deno.test({
  name: "matrix() uses the std it is given",
  timeout: 10_000,
  fn() {
    // CPython: random.seed(42); four random.gauss(0, 1.0)
    assertAllClose(
      matrix(2, 2, new Random(42), 1.0).flat().map((v) => v.data),
      [-0.14409032957792836, -0.1729036003315193, -0.11131586156766246, 0.7019837250988631],
      1e-15,
      "matrix",
    );
  },
});
