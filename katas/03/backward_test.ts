// Tests for kata 03. Don't change them: change backward.ts until they pass.

import { assertEquals } from "@std/assert";
import { Value } from "../01/value.ts";
import { backward } from "./backward.ts";
import { assertAllClose, numericGradient } from "../../lib/check.ts";

const timeout = 10_000;

Deno.test({
  name: "backward() gives the seed graph's gradients: a -3, b 2, c 1, d 1, e 1, f 1",
  timeout,
  fn() {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b);
    const d = new Value(10);
    const e = c.add(d);
    const f = e.relu();
    backward(f);
    assertEquals(
      { a: a.grad, b: b.grad, c: c.grad, d: d.grad, e: e.grad, f: f.grad },
      { a: -3, b: 2, c: 1, d: 1, e: 1, f: 1 },
    );
  },
});

Deno.test({
  name: "backward() sets the root's own gradient to 1",
  timeout,
  fn() {
    const x = new Value(5);
    backward(x);
    assertEquals(x.grad, 1);
  },
});

Deno.test({
  name: "backward() multiplies local grads along a chain",
  timeout,
  fn() {
    const x = new Value(3);
    const y = x.mul(4).pow(2); // (4x)^2, dy/dx = 32x = 96
    backward(y);
    assertEquals(x.grad, 96);
  },
});

Deno.test({
  name: "backward() adds up the gradient of a node used twice (x * x)",
  timeout,
  fn() {
    const x = new Value(3);
    backward(x.mul(x)); // d(x^2)/dx = 2x
    assertEquals(x.grad, 6);
    const y = new Value(-1.5);
    backward(y.add(y)); // d(2y)/dy = 2
    assertEquals(y.grad, 2);
  },
});

Deno.test({
  name: "backward() sums both paths of a diamond",
  timeout,
  fn() {
    const x = new Value(2);
    const left = x.mul(3);
    const right = x.pow(3);
    backward(left.add(right)); // d(3x + x^3)/dx = 3 + 3x^2 = 15
    assertEquals(x.grad, 15);
    assertEquals([left.grad, right.grad], [1, 1]);
  },
});

Deno.test({
  name: "backward() stops the gradient at a relu of a negative number",
  timeout,
  fn() {
    const x = new Value(-2);
    const y = x.mul(5).relu().add(x);
    backward(y);
    assertEquals(x.grad, 1); // only the direct path counts
  },
});

Deno.test({
  name: "backward() matches finite differences on a composite expression",
  timeout,
  fn() {
    // f(a, b, c) = relu(log(a * b + exp(c)) * a - b / c + (a - c) ** 2)
    const f = (a: Value, b: Value, c: Value) =>
      a.mul(b).add(c.exp()).log().mul(a).sub(b.div(c)).add(a.sub(c).pow(2)).relu();
    const point = [1.3, 0.7, -0.4];
    const xs = point.map((d) => new Value(d));
    backward(f(xs[0], xs[1], xs[2]));
    const numeric = numericGradient(
      ([a, b, c]) => f(new Value(a), new Value(b), new Value(c)).data,
      point,
    );
    assertAllClose(xs.map((x) => x.grad), numeric, 1e-6, "gradients");
  },
});

Deno.test({
  name: "backward() leaves every node's data unchanged",
  timeout,
  fn() {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b).add(10);
    backward(c);
    assertEquals([a.data, b.data, c.data], [2, -3, 4]);
  },
});

Deno.test({
  name: "backward() handles a chain of 100,000 operations",
  timeout: 30_000,
  fn() {
    const x = new Value(1);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(x); // y = 100,001 x
    backward(y);
    assertEquals(x.grad, 100_001);
  },
});
