// Tests for kata 02. Don't change them: change topological_order.ts until they pass.

import { assertEquals } from "@std/assert";
import { assertSame } from "../../lib/check.ts";
import { Value } from "../01/value.ts";
import { topologicalOrder } from "./topological_order.ts";

const timeout = 10_000;

/** Names the nodes of an order, so failures read as `["a", "b", "c"]`. */
function names(order: readonly Value[], named: Record<string, Value>): string[] {
  const byNode = new Map(Object.entries(named).map(([name, node]) => [node, name]));
  return order.map((node) => byNode.get(node) ?? `unnamed(${node.data})`);
}

/**
 * microgpt.py's build_topo, written here as the judge: visit a node once,
 * its children in order, then append it. Recursive, so only for small graphs.
 */
function recursiveOrder(root: Value): Value[] {
  const order: Value[] = [];
  const visited = new Set<Value>();
  const visit = (v: Value) => {
    if (visited.has(v)) return;
    visited.add(v);
    for (const child of v.children) visit(child);
    order.push(v);
  };
  visit(root);
  return order;
}

Deno.test({
  name: "topologicalOrder() lists the seed graph as a, b, c, d, e, f",
  timeout,
  fn() {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b);
    const d = new Value(10);
    const e = c.add(d);
    const f = e.relu();
    const order = topologicalOrder(f);
    assertEquals(names(order, { a, b, c, d, e, f }), ["a", "b", "c", "d", "e", "f"]);
  },
});

Deno.test({
  name: "topologicalOrder() of a leaf is just the leaf",
  timeout,
  fn() {
    const a = new Value(1);
    const order = topologicalOrder(a);
    assertEquals(order.length, 1);
    assertSame(order[0], a);
  },
});

Deno.test({
  name: "topologicalOrder() visits the first child's subtree before the second's",
  timeout,
  fn() {
    const a = new Value(1);
    const b = new Value(2);
    const x = a.mul(2);
    const y = b.mul(3);
    const root = y.add(x); // y is the first child
    const order = topologicalOrder(root);
    assertEquals(order.indexOf(b) < order.indexOf(a), true, "b (under y) comes before a (under x)");
    assertSame(order[order.length - 1], root);
  },
});

Deno.test({
  name: "topologicalOrder() lists a node used twice once, where it is first reached",
  timeout,
  fn() {
    const a = new Value(3);
    const sq = a.mul(a); // a is both children
    const root = sq.add(a); // and used again here
    const order = topologicalOrder(root);
    assertEquals(order.filter((n) => n === a).length, 1);
    assertEquals(order.length, 3);
    assertEquals(names(order, { a, sq, root }), ["a", "sq", "root"]);
  },
});

Deno.test({
  name: "topologicalOrder() puts every node after all of its children",
  timeout,
  fn() {
    let x = new Value(0.5);
    const inputs = [x, new Value(-1), new Value(2)];
    for (let i = 0; i < 30; i++) x = x.mul(inputs[i % 3]).add(inputs[(i + 1) % 3]).relu();
    const order = topologicalOrder(x);
    const position = new Map(order.map((node, i) => [node, i]));
    for (const node of order) {
      for (const child of node.children) {
        assertEquals(position.get(child)! < position.get(node)!, true, "a child comes first");
      }
    }
  },
});

Deno.test({
  name: "topologicalOrder() gives exactly microgpt.py's recursive order on a shared graph",
  timeout,
  fn() {
    const xs = [0.3, -1.2, 2.5, 0.7].map((d) => new Value(d));
    let acc = xs[0];
    for (let i = 0; i < 40; i++) {
      const a = xs[(i * 7) % 4];
      const b = xs[(i * 3 + 1) % 4];
      acc = i % 3 === 0 ? acc.add(a.mul(b)) : i % 3 === 1 ? a.mul(acc).sub(b) : acc.div(b).add(acc);
    }
    const expected = recursiveOrder(acc);
    const order = topologicalOrder(acc);
    assertEquals(order.length, expected.length, "number of nodes");
    order.forEach((node, i) => assertSame(node, expected[i], `node ${i}`));
  },
});

Deno.test({
  name: "topologicalOrder() leaves out nodes the root does not depend on",
  timeout,
  fn() {
    const a = new Value(1);
    const b = new Value(2);
    const used = a.add(b);
    a.mul(b); // a node that uses a and b, but the root does not depend on it
    assertEquals(topologicalOrder(used).length, 3);
  },
});

Deno.test({
  name: "topologicalOrder() gives the same order when called twice",
  timeout,
  fn() {
    const a = new Value(2);
    const b = a.mul(a).add(a);
    const first = topologicalOrder(b);
    const second = topologicalOrder(b);
    assertEquals(second.length, first.length);
    second.forEach((node, i) => assertSame(node, first[i]));
  },
});

Deno.test({
  name: "topologicalOrder() handles a chain of 200,000 nodes without recursion",
  timeout: 30_000,
  fn() {
    const start = new Value(0);
    let x = start;
    for (let i = 0; i < 100_000; i++) x = x.add(1); // each step adds a node and a leaf
    const order = topologicalOrder(x);
    assertEquals(order.length, 200_001);
    assertSame(order[0], start);
    assertSame(order[order.length - 1], x);
  },
});
