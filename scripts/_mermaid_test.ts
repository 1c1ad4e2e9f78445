import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { collectNodes, drawGraph, formatNumber, type GraphNode } from "./_mermaid.ts";
import { nodeTitled, parseMermaid } from "./_graph_test_utils.ts";

/** A plain node, so these tests do not depend on any kata. */
interface TestNode extends GraphNode {
  data: number;
  grad: number;
  readonly children: readonly TestNode[];
}

function leaf(data: number, grad = 0): TestNode {
  return { data, grad, children: [], localGrads: [], op: "" };
}

function op(
  name: string,
  data: number,
  children: TestNode[],
  localGrads: number[],
  grad = 0,
): TestNode {
  return { data, grad, children, localGrads, op: name };
}

/** The seed page's graph with its gradients, written out by hand (values from the page). */
function seed() {
  const a = leaf(2, -3);
  const b = leaf(-3, 2);
  const c = op("*", -6, [a, b], [-3, 2], 1);
  const d = leaf(10, 1);
  const e = op("+", 4, [c, d], [1, 1], 1);
  const f = op("relu", 4, [e], [1], 1);
  const labels = new Map<GraphNode, string>([
    [a, "a"],
    [b, "b"],
    [c, "c"],
    [d, "d"],
    [e, "e"],
    [f, "f"],
  ]);
  return { a, b, c, d, e, f, labels };
}

Deno.test({
  name: "formatNumber() prints numbers compactly",
  timeout: 10_000,
  fn() {
    const cases: [number, string][] = [
      [-6, "-6"],
      [10, "10"],
      [0.5, "0.5"],
      [1 / 3, "0.33333"],
      [-2 / 3, "-0.66667"],
      [0.1 + 0.2, "0.3"],
      [1.23456789e-7, "1.2346e-7"],
      [2.5e-5, "2.5e-5"],
      [123456.7, "1.2346e5"],
      [3e21, "3e21"],
      [-0, "0"],
      [NaN, "NaN"],
      [-Infinity, "-Infinity"],
    ];
    for (const [x, text] of cases) assertEquals(formatNumber(x), text, String(x));
  },
});

Deno.test({
  name: "collectNodes() lists each node once, operands first, in build_topo's order",
  timeout: 10_000,
  fn() {
    // The recursive depth-first search of microgpt.py, for comparison.
    const reference = (root: TestNode): TestNode[] => {
      const topo: TestNode[] = [];
      const visited = new Set<TestNode>();
      const build = (v: TestNode) => {
        if (visited.has(v)) return;
        visited.add(v);
        for (const child of v.children) build(child);
        topo.push(v);
      };
      build(root);
      return topo;
    };
    const { a, b, c, d, e, f } = seed();
    assertEquals(collectNodes(f), [a, b, c, d, e, f]);
    // A graph with shared nodes: y = (x * x) + (x * w) + w
    const x = leaf(3);
    const w = leaf(4);
    const xx = op("*", 9, [x, x], [3, 3]);
    const xw = op("*", 12, [x, w], [4, 3]);
    const s = op("+", 21, [xx, xw], [1, 1]);
    const y = op("+", 25, [s, w], [1, 1]);
    assertEquals(collectNodes(y), reference(y));
    assertEquals(collectNodes(y), [x, xx, w, xw, s, y]);
  },
});

Deno.test({
  name: "collectNodes() walks a chain of 100,000 nodes without recursion",
  timeout: 10_000,
  fn() {
    let v = leaf(0);
    for (let i = 1; i < 100_000; i++) v = op("+", i, [v, leaf(1)], [1, 1]);
    assertEquals(collectNodes(v).length, 199_999);
  },
});

Deno.test({
  name: "drawGraph() draws one box per node and one arrow per operand, with the local gradient",
  timeout: 10_000,
  fn() {
    const { f, labels } = seed();
    const drawing = drawGraph(f, { labels });
    assertEquals(drawing.kind, "mermaid");
    assertEquals(drawing.nodeCount, 6);
    const g = parseMermaid(drawing.text);
    assertEquals(g.direction, "LR");
    assertEquals(g.nodes.map((n) => n.id), ["n0", "n1", "n2", "n3", "n4", "n5"]);
    assertEquals(g.nodes.map((n) => n.lines), [
      ["a", "data 2"],
      ["b", "data -3"],
      ["* → c", "data -6"],
      ["d", "data 10"],
      ["+ → e", "data 4"],
      ["relu → f", "data 4"],
    ]);
    assertEquals(g.edges, [
      { from: "n0", to: "n2", label: "-3" },
      { from: "n1", to: "n2", label: "2" },
      { from: "n2", to: "n4", label: "1" },
      { from: "n3", to: "n4", label: "1" },
      { from: "n4", to: "n5", label: "1" },
    ]);
  },
});

Deno.test({
  name: "drawGraph() styles inputs apart from operations",
  timeout: 10_000,
  fn() {
    const { f, labels } = seed();
    const g = parseMermaid(drawGraph(f, { labels }).text);
    assertEquals([...g.classDefs.keys()], ["leaf", "op"]);
    assertEquals(g.nodes.map((n) => n.cls), ["leaf", "leaf", "op", "leaf", "op", "op"]);
    const [leafStyle, opStyle] = [g.classDefs.get("leaf"), g.classDefs.get("op")];
    assertEquals(leafStyle === opStyle, false);
    assertStringIncludes(leafStyle!, "fill:");
    assertStringIncludes(opStyle!, "fill:");
  },
});

Deno.test({
  name: "drawGraph() shows each gradient when asked",
  timeout: 10_000,
  fn() {
    const { f, labels } = seed();
    const g = parseMermaid(drawGraph(f, { labels, showGrad: true }).text);
    const grads = Object.fromEntries(
      ["a", "b", "* → c", "d", "+ → e", "relu → f"].map((t) => [t, nodeTitled(g, t).lines[2]]),
    );
    assertEquals(grads, {
      a: "grad -3",
      b: "grad 2",
      "* → c": "grad 1",
      d: "grad 1",
      "+ → e": "grad 1",
      "relu → f": "grad 1",
    });
  },
});

Deno.test({
  name: "drawGraph() can draw the arrows the way gradients flow",
  timeout: 10_000,
  fn() {
    const { f, labels } = seed();
    const g = parseMermaid(drawGraph(f, { labels, showGrad: true, arrows: "backward" }).text);
    assertEquals(g.direction, "RL");
    assertEquals(g.edges, [
      { from: "n2", to: "n0", label: "× -3" },
      { from: "n2", to: "n1", label: "× 2" },
      { from: "n4", to: "n2", label: "× 1" },
      { from: "n4", to: "n3", label: "× 1" },
      { from: "n5", to: "n4", label: "× 1" },
    ]);
  },
});

Deno.test({
  name: "drawGraph() draws a node used twice once, with an arrow for each use",
  timeout: 10_000,
  fn() {
    const x = leaf(3);
    const y = op("*", 9, [x, x], [3, 3]);
    const g = parseMermaid(drawGraph(y, { labels: new Map([[x, "x"]]) }).text);
    assertEquals(g.nodes.map((n) => n.lines[0]), ["x", "*"]);
    assertEquals(g.edges, [
      { from: "n0", to: "n1", label: "3" },
      { from: "n0", to: "n1", label: "3" },
    ]);
  },
});

Deno.test({
  name: "drawGraph() calls an unnamed leaf a constant",
  timeout: 10_000,
  fn() {
    const a = leaf(2);
    const y = op("+", 12, [a, leaf(10)], [1, 1]);
    const g = parseMermaid(drawGraph(y, { labels: new Map([[a, "a"]]) }).text);
    assertEquals(g.nodes.map((n) => n.lines), [["a", "data 2"], ["constant", "data 10"], [
      "+",
      "data 12",
    ]]);
  },
});

Deno.test({
  name: "drawGraph() gives the same text, ids included, for the same graph",
  timeout: 10_000,
  fn() {
    const one = seed();
    const two = seed();
    assertEquals(drawGraph(two.f, { labels: two.labels }).text, drawGraph(one.f, one).text);
  },
});

Deno.test({
  name: "drawGraph() summarises a graph past the node limit and draws nothing",
  timeout: 10_000,
  fn() {
    let v = leaf(1);
    for (let i = 0; i < 40; i++) {
      v = op("+", 0, [op("*", 0, [v, leaf(2)], [2, 1]), leaf(1)], [1, 1]);
    }
    const drawing = drawGraph(v); // 40 * 4 + 1 = 161 nodes
    assertEquals(drawing, {
      kind: "summary",
      nodeCount: 161,
      text: "The graph has 161 nodes (81 leaves, 80 operations: 40 *, 40 +), more than the " +
        "limit of 60, so it is not drawn: try a smaller expression, or raise the limit with " +
        "--max-nodes=N\n",
    });
    assertEquals(drawGraph(v, { maxNodes: 161 }).kind, "mermaid");
    assertEquals(drawGraph(v, { maxNodes: 160 }).kind, "summary");
    const { f } = seed();
    assertEquals(drawGraph(f, { maxNodes: 6 }).kind, "mermaid");
    assertStringIncludes(drawGraph(f, { maxNodes: 5 }).text, "The graph has 6 nodes (3 leaves,");
  },
});

Deno.test({
  name: "drawGraph() refuses a node limit that is not a positive whole number",
  timeout: 10_000,
  fn() {
    for (const maxNodes of [0, -1, 2.5, NaN]) {
      assertThrows(() => drawGraph(leaf(1), { maxNodes }), RangeError, "positive integer");
    }
  },
});

Deno.test({
  name: "drawGraph() draws a half-written Value without failing",
  timeout: 10_000,
  fn() {
    const broken = {
      data: undefined,
      grad: 0,
      children: undefined,
      localGrads: undefined,
      op: undefined,
    } as unknown as GraphNode;
    const noOp = { data: 5, grad: 0, children: [broken], localGrads: undefined, op: "" };
    const g = parseMermaid(drawGraph(noOp as unknown as GraphNode).text);
    assertEquals(g.nodes.map((n) => [n.lines, n.cls]), [
      [["constant", "data undefined"], "leaf"],
      [["?", "data 5"], "op"],
    ]);
    assertEquals(g.edges, [{ from: "n0", to: "n1", label: "" }]);
  },
});
