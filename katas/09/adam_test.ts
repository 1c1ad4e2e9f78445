// Tests for kata 09: the Adam optimizer. Do not change them.
//
// The figures were measured with CPython 3.11 running microgpt.py's Adam
// update (its lines, on plain floats) on four parameters
// [0.5, -1.2, 2.0, 0.0] with the gradients below; they print repr().

import { assertEquals, assertInstanceOf, assertStrictEquals } from "@std/assert";
import { Value } from "../01/value.ts";
import { assertAllClose, assertClose } from "../../lib/check.ts";
import { Adam } from "./adam.ts";

/** Four fresh parameters: 0.5, -1.2, 2.0 and 0.0. */
function fourParams(): Value[] {
  return [0.5, -1.2, 2.0, 0.0].map((x) => new Value(x));
}

/** Gives each parameter its gradient, as `backward` would. */
function setGrads(params: readonly Value[], grads: readonly number[]): void {
  params.forEach((p, i) => p.grad = grads[i]);
}

const G1 = [0.3, -0.7, 0.0, 1e-3];
const G2 = [-0.2, 0.4, 0.05, 1e-3];

Deno.test({
  name: "new Adam() keeps microgpt.py's settings by default",
  timeout: 10_000,
  fn() {
    const adam = new Adam(fourParams());
    assertEquals(
      [adam.learningRate, adam.beta1, adam.beta2, adam.eps],
      [0.01, 0.85, 0.99, 1e-8],
    );
  },
});

Deno.test({
  name: "new Adam() starts m and v at zero, one slot per parameter",
  timeout: 10_000,
  fn() {
    const adam = new Adam(fourParams());
    assertInstanceOf(adam.m, Float64Array);
    assertInstanceOf(adam.v, Float64Array);
    assertEquals([...adam.m], [0, 0, 0, 0]);
    assertEquals([...adam.v], [0, 0, 0, 0]);
  },
});

Deno.test({
  name: "Adam.step() makes microgpt.py's first update",
  timeout: 10_000,
  fn() {
    const params = fourParams();
    const adam = new Adam(params);
    setGrads(params, G1);
    adam.step(0, 10);
    assertAllClose(
      params.map((p) => p.data),
      [0.4900000003333333, -1.190000000142857, 2.0, -0.00999990000099999],
      1e-15,
      "parameters",
    );
    assertAllClose(
      [...adam.m],
      [0.045000000000000005, -0.10500000000000001, 0, 0.00015],
      1e-17,
      "m",
    );
    assertAllClose([...adam.v], [0.0009000000000000007, 0.004900000000000003, 0, 1e-8], 1e-18, "v");
  },
});

Deno.test({
  name: "Adam.step() keeps its running means from one step to the next",
  timeout: 10_000,
  fn() {
    const params = fourParams();
    const adam = new Adam(params);
    setGrads(params, G1);
    adam.step(0, 10);
    setGrads(params, G2);
    adam.step(1, 10);
    assertAllClose(
      params.map((p) => p.data),
      [0.4889494983648361, -1.1883338336284825, 1.9931372655136754, -0.018999810001899986],
      1e-15,
      "parameters",
    );
    assertAllClose([...adam.m], [0.00825, -0.029249999999999998, 0.0075, 0.0002775], 1e-17, "m");
    assertAllClose(
      [...adam.v],
      [0.0012910000000000011, 0.0064510000000000045, 2.5000000000000028e-05, 1.99e-8],
      1e-18,
      "v",
    );
  },
});

Deno.test({
  name: "Adam.step() sets every gradient to 0 after its update",
  timeout: 10_000,
  fn() {
    const params = fourParams();
    const adam = new Adam(params);
    setGrads(params, G1);
    adam.step(0, 10);
    assertEquals(params.map((p) => p.grad), [0, 0, 0, 0]);
  },
});

Deno.test({
  name:
    "Adam.step() first moves each parameter by about the learning rate, whatever the gradient's size",
  timeout: 10_000,
  fn() {
    // The bias correction: m / (1 - beta1) = g and v / (1 - beta2) = g**2 at the first step
    const params = [new Value(1), new Value(1), new Value(1)];
    const adam = new Adam(params);
    setGrads(params, [1000, 1, -1e-3]);
    adam.step(0, 100);
    assertAllClose(params.map((p) => p.data), [0.99, 0.99, 1.01], 1e-7, "parameters");
  },
});

Deno.test({
  name: "Adam.step() decays the learning rate linearly over numSteps",
  timeout: 10_000,
  fn() {
    // Step 5 of 10: lr_t = 0.01 * (1 - 5/10) = 0.005
    const params = fourParams();
    const adam = new Adam(params);
    setGrads(params, G1);
    adam.step(5, 10);
    assertAllClose(
      params.map((p) => p.data),
      [0.4970870768556017, -1.1970870767213804, 2.0, -0.002912852914820364],
      1e-15,
      "parameters",
    );
  },
});

Deno.test({
  name: "new Adam() takes learningRate, beta1, beta2 and eps from its options",
  timeout: 10_000,
  fn() {
    const params = fourParams();
    const adam = new Adam(params, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-6 });
    setGrads(params, G1);
    adam.step(3, 4);
    assertAllClose(
      params.map((p) => p.data),
      [0.4854718877266636, -1.1854718324231286, 2.0, -0.014499232332637491],
      1e-15,
      "parameters",
    );
  },
});

Deno.test({
  name: "Adam.step() updates the parameters in place, keeping the same Value objects",
  timeout: 10_000,
  fn() {
    const params = fourParams();
    const before = [...params];
    const adam = new Adam(params);
    setGrads(params, G1);
    adam.step(0, 10);
    params.forEach((p, i) => assertStrictEquals(p, before[i]));
    assertStrictEquals(adam.params, params);
    assertClose(params[0].data, 0.4900000003333333, 1e-15, "params[0].data");
  },
});
