// Tests for kata 01. Don't change them: change value.ts until they pass.
// Expected numbers were computed with microgpt.py's own formulas in CPython 3.11.

import { assertEquals } from "@std/assert";
import { assertSame } from "../../lib/check.ts";
import { Value } from "./value.ts";

const timeout = 10_000;

/** Checks one node of the graph: its data, its children (the very objects) and its local grads. */
function assertNode(
  node: Value,
  data: number,
  children: readonly Value[],
  localGrads: readonly number[],
  op: string,
) {
  assertEquals(node.data, data, "data");
  assertEquals(node.children.length, children.length, "number of children");
  children.forEach((child, i) => assertSame(node.children[i], child, `children[${i}]`));
  assertEquals(node.localGrads, localGrads, "localGrads");
  assertEquals(node.op, op, "op");
}

Deno.test({
  name: "The seed page's forward pass records every node: a * b, + d, relu",
  timeout,
  fn() {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b);
    assertNode(c, -6, [a, b], [-3, 2], "*");
    const d = new Value(10);
    const e = c.add(d);
    assertNode(e, 4, [c, d], [1, 1], "+");
    const f = e.relu();
    assertNode(f, 4, [e], [1], "relu");
  },
});

Deno.test({
  name: "new Value() makes a leaf: data, grad 0, no children, op ''",
  timeout,
  fn() {
    const a = new Value(2.5);
    assertEquals(a.data, 2.5);
    assertEquals(a.grad, 0);
    assertEquals(a.children.length, 0);
    assertEquals(a.localGrads.length, 0);
    assertEquals(a.op, "");
  },
});

Deno.test({
  name: "new Value() keeps the children and local grads it is given",
  timeout,
  fn() {
    const a = new Value(1);
    const b = new Value(2);
    assertNode(new Value(3, [a, b], [1, 1], "+"), 3, [a, b], [1, 1], "+");
  },
});

Deno.test({
  name: "Value.add() records both children and local grads 1, 1",
  timeout,
  fn() {
    const a = new Value(0.1);
    const b = new Value(0.2);
    assertNode(a.add(b), 0.30000000000000004, [a, b], [1, 1], "+");
  },
});

Deno.test({
  name: "Value.add() turns a number into a leaf Value",
  timeout,
  fn() {
    const a = new Value(1.5);
    const sum = a.add(2);
    assertEquals(sum.data, 3.5);
    const leaf = sum.children[1];
    assertEquals(leaf instanceof Value, true, "the number became a Value");
    assertNode(leaf, 2, [], [], "");
  },
});

Deno.test({
  name: "Value.mul() records both children and their local grads (b.data, a.data)",
  timeout,
  fn() {
    const a = new Value(3);
    const b = new Value(-0.5);
    assertNode(a.mul(b), -1.5, [a, b], [-0.5, 3], "*");
  },
});

Deno.test({
  name: "Value.mul() turns a number into a leaf Value",
  timeout,
  fn() {
    const a = new Value(4);
    const product = a.mul(0.25);
    assertEquals(product.localGrads, [0.25, 4]);
    assertNode(product.children[1], 0.25, [], [], "");
  },
});

Deno.test({
  name: "Value.pow() records one child and n * a ** (n - 1)",
  timeout,
  fn() {
    const a = new Value(3);
    assertNode(a.pow(2), 9, [a], [6], "pow");
    const b = new Value(4);
    assertNode(b.pow(-0.5), 0.5, [b], [-0.0625], "pow");
  },
});

Deno.test({
  name: "Value.log() records 1 / a",
  timeout,
  fn() {
    const a = new Value(2.5);
    assertNode(a.log(), 0.9162907318741551, [a], [0.4], "log");
  },
});

Deno.test({
  name: "Value.exp() records e ** a as its own local grad",
  timeout,
  fn() {
    const a = new Value(1.5);
    assertNode(a.exp(), 4.4816890703380645, [a], [4.4816890703380645], "exp");
  },
});

Deno.test({
  name: "Value.relu() passes a positive number with local grad 1",
  timeout,
  fn() {
    const a = new Value(0.75);
    assertNode(a.relu(), 0.75, [a], [1], "relu");
  },
});

Deno.test({
  name: "Value.relu() turns a negative number and zero into 0 with local grad 0",
  timeout,
  fn() {
    const a = new Value(-2);
    assertNode(a.relu(), 0, [a], [0], "relu");
    const z = new Value(0);
    assertNode(z.relu(), 0, [z], [0], "relu");
  },
});

Deno.test({
  name: "Value.neg() is built as a * -1",
  timeout,
  fn() {
    const a = new Value(2);
    const n = a.neg();
    assertEquals(n.data, -2);
    assertEquals(n.op, "*");
    assertSame(n.children[0], a);
    assertEquals(n.children[1].data, -1);
    assertEquals(n.localGrads, [-1, 2]);
  },
});

Deno.test({
  name: "Value.sub() of a Value is built as a + (b * -1)",
  timeout,
  fn() {
    const a = new Value(0.1);
    const b = new Value(0.3);
    const d = a.sub(b);
    assertEquals(d.data, -0.19999999999999998);
    assertEquals(d.op, "+");
    assertSame(d.children[0], a);
    const negB = d.children[1];
    assertEquals(negB.op, "*", "the second child is b * -1");
    assertSame(negB.children[0], b);
    assertEquals(negB.children[1].data, -1);
  },
});

Deno.test({
  name: "Value.sub() of a number adds the leaf -n",
  timeout,
  fn() {
    const a = new Value(5);
    const d = a.sub(3);
    assertEquals(d.data, 2);
    assertEquals(d.op, "+");
    assertNode(d.children[1], -3, [], [], "");
  },
});

Deno.test({
  name: "Value.div() of a Value is built as a * b ** -1",
  timeout,
  fn() {
    const a = new Value(3);
    const b = new Value(10);
    const q = a.div(b);
    // 3 * 10 ** -1 in floating point, as microgpt.py computes it (3 / 10 would be 0.3)
    assertEquals(q.data, 0.30000000000000004);
    assertEquals(q.op, "*");
    assertSame(q.children[0], a);
    const inverse = q.children[1];
    assertEquals(inverse.op, "pow", "the second child is b ** -1");
    assertSame(inverse.children[0], b);
    assertEquals(inverse.localGrads, [-0.01]);
  },
});

Deno.test({
  name: "Value.div() of a number multiplies by the leaf n ** -1",
  timeout,
  fn() {
    const a = new Value(7);
    const q = a.div(3);
    assertEquals(q.data, 2.333333333333333); // 7 * 3 ** -1 (7 / 3 would end in ...35)
    assertEquals(q.op, "*");
    assertNode(q.children[1], 0.3333333333333333, [], [], "");
  },
});

Deno.test({
  name: "Operations leave their operands unchanged",
  timeout,
  fn() {
    const a = new Value(2);
    const b = new Value(-3);
    a.add(b).mul(a).sub(b).div(a).pow(2).exp().log().relu().neg();
    assertNode(a, 2, [], [], "");
    assertNode(b, -3, [], [], "");
    assertEquals([a.grad, b.grad], [0, 0]);
  },
});
