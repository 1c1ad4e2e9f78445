// Tests for kata 06: attentionHead and multiHeadAttention. Do not change them.
//
// Where a test quotes figures, they were measured with CPython 3.11 running
// microgpt.py's own attention lines (its Value class, `softmax`, and the loop
// over heads in `gpt`) on the same small vectors and printing repr() of each
// `.data`. Gradients are checked against finite differences.

import { assertEquals } from "@std/assert";
import { Value } from "../01/value.ts";
import { backward } from "../03/backward.ts";
import { sum } from "../04/layers.ts";
import { assertAllClose, numericGradient } from "../../lib/check.ts";
import { attentionHead, multiHeadAttention } from "./attention.ts";

/** Leaves holding these numbers. */
function leaves(xs: readonly number[]): Value[] {
  return xs.map((x) => new Value(x));
}

/** The `.data` of each value. */
function data(vs: readonly Value[]): number[] {
  return vs.map((v) => v.data);
}

/** A weighted sum of outputs, so every output gets a different gradient. */
function mix(outputs: readonly Value[]): Value {
  return sum(outputs.map((o, i) => o.mul(i + 1.5)));
}

/** Cuts `xs` into vectors of `width` numbers, as leaves. */
function vectors(xs: readonly Value[], width: number): Value[][] {
  const out: Value[][] = [];
  for (let i = 0; i < xs.length; i += width) out.push(xs.slice(i, i + width));
  return out;
}

/**
 * Checks the gradients `backward` gives for `f` at `xs` against finite
 * differences. `f` maps leaves to one Value.
 */
function checkGradients(f: (xs: Value[]) => Value, xs: readonly number[]) {
  const inputs = leaves(xs);
  backward(f(inputs));
  const expected = numericGradient((nums) => f(leaves(nums)).data, xs);
  assertAllClose(inputs.map((v) => v.grad), expected, 1e-6, "gradients");
}

// Three steps of a head of width 2: queries, keys and values.
const QS = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]];
const KS = [[1.0, 0.5], [-0.5, 2.0], [0.25, 0.25]];
const VS = [[1.0, 2.0], [3.0, -1.0], [0.0, 0.5]];

// One query of width 4 and three cached steps, for the multi-head tests.
const Q4 = [0.3, -0.2, 0.8, 0.1];
const K4 = [[0.5, 0.1, -0.3, 0.9], [-0.4, 0.7, 0.2, -0.6], [0.05, -0.25, 0.6, 0.3]];
const V4 = [[1.0, -1.0, 0.5, 2.0], [0.2, 0.4, -0.8, 1.5], [-1.2, 0.3, 0.9, -0.1]];

Deno.test({
  name: "attentionHead() over one cached step returns that step's value",
  timeout: 10_000,
  fn() {
    // A single score: softmax gives the weight [1], so the output is v itself, exactly.
    const out = attentionHead(leaves([0.5, -1.0]), [leaves([1.0, 0.5])], [leaves([1.0, 2.0])]);
    assertEquals(data(out), [1.0, 2.0]);
  },
});

Deno.test({
  name: "attentionHead() gives microgpt.py's output over three cached steps",
  timeout: 10_000,
  fn() {
    const out = attentionHead(leaves(QS[2]), KS.map(leaves), VS.map(leaves));
    // CPython: weights [0.04871508740394521, 0.9003686201906739, 0.05091629240538095]
    assertAllClose(data(out), [2.7498209479759668, -0.777480299180093], 1e-15, "output");
  },
});

Deno.test({
  name: "attentionHead() divides the scores by sqrt(headDim)",
  timeout: 10_000,
  fn() {
    // headDim 4: the scores are 4 / sqrt(4) = 2 and 0, so the weights are softmax([2, 0]).
    // Without the division they would be softmax([4, 0]) = [0.982..., 0.017...].
    const out = attentionHead(
      leaves([1, 1, 1, 1]),
      [leaves([1, 1, 1, 1]), leaves([0, 0, 0, 0])],
      [leaves([1, 0, 0, 0]), leaves([0, 1, 0, 0])],
    );
    // CPython: [0.8807970779778823, 0.11920292202211755, 0.0, 0.0]
    assertAllClose(data(out), [0.8807970779778823, 0.11920292202211755, 0, 0], 1e-15, "output");
  },
});

Deno.test({
  name: "attentionHead() at step t sees exactly the steps cached so far",
  timeout: 10_000,
  fn() {
    // As in the GPT: at each step the new key and value are appended, then the query attends.
    // CPython, attending over steps 0..t for t = 0, 1, 2:
    const expected = [
      [1.0, 2.0],
      [1.4197015242712354, 1.3704477135931472],
      [2.7498209479759668, -0.777480299180093],
    ];
    const keys: Value[][] = [];
    const values: Value[][] = [];
    for (let t = 0; t < 3; t++) {
      keys.push(leaves(KS[t]));
      values.push(leaves(VS[t]));
      const out = attentionHead(leaves(QS[t]), keys, values);
      assertAllClose(data(out), expected[t], 1e-15, `output at step ${t}`);
    }
  },
});

Deno.test({
  name: "attentionHead() gradients flow to the query, every cached key and every value",
  timeout: 10_000,
  fn() {
    // The 14 inputs: the query (2), the three keys (6), the three values (6).
    checkGradients(
      (v) => mix(attentionHead(v.slice(0, 2), vectors(v.slice(2, 8), 2), vectors(v.slice(8), 2))),
      [...QS[2], ...KS.flat(), ...VS.flat()],
    );
  },
});

Deno.test({
  name: "multiHeadAttention() runs each slice through its own head and concatenates",
  timeout: 10_000,
  fn() {
    const q = leaves(Q4);
    const keys = K4.map(leaves);
    const values = V4.map(leaves);
    const out = multiHeadAttention(q, keys, values, 2);
    // CPython: microgpt.py's head loop with n_head 2, head_dim 2
    assertAllClose(
      data(out),
      [0.0021013769481133537, -0.15102146936826527, 0.2588507321934329, 0.9584231249516645],
      1e-15,
      "output",
    );
    // the same numbers as two separate heads, bit for bit
    const head0 = attentionHead(
      q.slice(0, 2),
      keys.map((k) => k.slice(0, 2)),
      values.map((v) => v.slice(0, 2)),
    );
    const head1 = attentionHead(
      q.slice(2),
      keys.map((k) => k.slice(2)),
      values.map((v) => v.slice(2)),
    );
    assertEquals(data(out), [...data(head0), ...data(head1)]);
  },
});

Deno.test({
  name: "multiHeadAttention() with one head is attentionHead over the whole vector",
  timeout: 10_000,
  fn() {
    const out = multiHeadAttention(leaves(Q4), K4.map(leaves), V4.map(leaves), 1);
    // CPython: n_head 1, head_dim 4
    assertAllClose(
      data(out),
      [-0.13093098832977917, -0.06804024851956735, 0.2945895657030526, 0.9954434767565965],
      1e-15,
      "output",
    );
  },
});

Deno.test({
  name: "multiHeadAttention() with as many heads as values gives heads of width 1",
  timeout: 10_000,
  fn() {
    const out = multiHeadAttention(leaves(Q4), K4.map(leaves), V4.map(leaves), 4);
    // CPython: n_head 4, head_dim 1
    assertAllClose(
      data(out),
      [0.039519542828685195, -0.10930467083156423, 0.2541717066602469, 1.1407375094175483],
      1e-15,
      "output",
    );
  },
});

Deno.test({
  name: "multiHeadAttention() gradients match finite differences",
  timeout: 10_000,
  fn() {
    // The 28 inputs: the query (4), the three keys (12), the three values (12).
    checkGradients(
      (v) =>
        mix(
          multiHeadAttention(v.slice(0, 4), vectors(v.slice(4, 16), 4), vectors(v.slice(16), 4), 2),
        ),
      [...Q4, ...K4.flat(), ...V4.flat()],
    );
  },
});
