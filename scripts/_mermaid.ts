/**
 * Draws a computation graph of `Value`s as a Mermaid flowchart: one box per
 * node with its operation, data and (optionally) gradient, one arrow from
 * each operand to the node made from it, labelled with the local gradient.
 * Inputs (leaves) and operations are styled apart. Used by
 * `scripts/graph.ts` and `scripts/update_diagrams.ts`.
 *
 * @module
 */

/** What is drawn of a node: the fields of kata 01's `Value`. */
export interface GraphNode {
  readonly data: number;
  readonly grad: number;
  readonly children: readonly GraphNode[];
  readonly localGrads: readonly number[];
  readonly op: string;
}

/** The default largest graph drawn; past it, a summary is given instead. */
export const DEFAULT_MAX_NODES = 60;

/** Options for {@linkcode drawGraph}. */
export interface DrawOptions {
  /** Names to show for some nodes, e.g. the seed page's `a` … `f`. */
  readonly labels?: ReadonlyMap<GraphNode, string>;
  /** Show each node's gradient (once `backward` has run). Default false. */
  readonly showGrad?: boolean;
  /** Past this many nodes, summarise instead of drawing. Default {@linkcode DEFAULT_MAX_NODES}. */
  readonly maxNodes?: number;
  /**
   * `"forward"` (the default): arrows from each operand to the node made from
   * it, labelled with the local gradient. `"backward"`: the way gradients
   * flow, from each node to its operands, labelled `× local gradient`; the
   * boxes stay where they are (the output on the right).
   */
  readonly arrows?: "forward" | "backward";
}

/** A drawing, or the reason there is none. */
export type Drawing =
  | { readonly kind: "mermaid"; readonly nodeCount: number; readonly text: string }
  | { readonly kind: "summary"; readonly nodeCount: number; readonly text: string };

/**
 * A number in few characters: integers as they are (`-6`), others to five
 * significant digits without trailing zeros (`0.5`, `0.33333`), very small or
 * large ones with an exponent (`1.2346e-7`, `3e21`).
 *
 * @param x The number.
 * @returns Its short form.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatNumber } from "./_mermaid.ts";
 *
 * assertEquals(formatNumber(-6), "-6");
 * assertEquals(formatNumber(1 / 3), "0.33333");
 * assertEquals(formatNumber(1.23456789e-7), "1.2346e-7");
 * ```
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0"; // also -0
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const p = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6 ? x.toPrecision(5) : x.toExponential(4);
  const [mantissa, exponent] = p.split("e");
  const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return exponent === undefined ? m : `${m}e${exponent.replace("+", "")}`;
}

/** The operands of `node`, tolerating a half-written `Value` whose `children` is not a list. */
function childrenOf(node: GraphNode): readonly GraphNode[] {
  const children: unknown = node.children;
  return Array.isArray(children) ? children.filter((c) => typeof c === "object" && c !== null) : [];
}

/**
 * Every node reachable from `root`, each once, operands before the nodes made
 * from them: the post-order of a depth-first search over the children in
 * order (microgpt.py's `build_topo`), without recursion. This is the
 * drawing's own walk, independent of the learner's `topologicalOrder`.
 *
 * @param root The node to start from.
 * @returns The nodes, `root` last.
 */
export function collectNodes(root: GraphNode): GraphNode[] {
  const order: GraphNode[] = [];
  const seen = new Set<GraphNode>([root]);
  const stack: { node: GraphNode; children: readonly GraphNode[]; next: number }[] = [
    { node: root, children: childrenOf(root), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ node: child, children: childrenOf(child), next: 0 });
      }
    } else {
      stack.pop();
      order.push(top.node);
    }
  }
  return order;
}

/** The name of a node's operation for a box, `""` for a leaf. */
function opOf(node: GraphNode): string {
  if (childrenOf(node).length === 0) return "";
  const op: unknown = node.op;
  return typeof op === "string" && op !== "" ? op : "?";
}

/** A number from a half-written `Value`, which may not be one. */
function show(x: unknown): string {
  return typeof x === "number" ? formatNumber(x) : String(x);
}

/**
 * Draws the graph under `root` as a Mermaid flowchart (left to right, the
 * forward direction), or, past `maxNodes`, a one-paragraph summary that
 * counts the nodes and operations and draws nothing.
 *
 * Node ids are `n0`, `n1`, … in the order of {@linkcode collectNodes}, so the
 * same graph always gives the same text.
 *
 * @param root The node to draw from (the output).
 * @param options Labels, gradients and the size limit.
 * @returns The Mermaid text (without a Markdown fence) or the summary.
 */
export function drawGraph(root: GraphNode, options: DrawOptions = {}): Drawing {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) {
    throw new RangeError(`The node limit must be a positive integer: got ${maxNodes}`);
  }
  const nodes = collectNodes(root);
  if (nodes.length > maxNodes) {
    return { kind: "summary", nodeCount: nodes.length, text: summarize(nodes, maxNodes) };
  }
  const ids = new Map<GraphNode, string>();
  nodes.forEach((node, i) => ids.set(node, `n${i}`));
  const backward = options.arrows === "backward";
  const lines = [
    backward ? "flowchart RL" : "flowchart LR",
    backward
      ? "  %% arrows: the way gradients flow, from a node to its operands, times the local gradient"
      : "  %% arrows: from an operand to the node made from it, labelled with the local gradient",
    "  classDef leaf fill:#d9f7ee,stroke:#0d8872,color:#053b31",
    "  classDef op fill:#0d8872,stroke:#085c4e,color:#ffffff",
  ];
  for (const node of nodes) {
    const name = options.labels?.get(node);
    const op = opOf(node);
    const title = op === "" ? (name ?? "constant") : name === undefined ? op : `${op} → ${name}`;
    const parts = [title, `data ${show(node.data)}`];
    if (options.showGrad) parts.push(`grad ${show(node.grad)}`);
    lines.push(`  ${ids.get(node)}["${parts.join("<br/>")}"]:::${op === "" ? "leaf" : "op"}`);
  }
  for (const node of nodes) {
    const children = childrenOf(node);
    const localGrads: unknown = node.localGrads;
    for (let i = 0; i < children.length; i++) {
      const g = Array.isArray(localGrads) ? localGrads[i] : undefined;
      const label = g === undefined ? "" : backward ? `× ${show(g)}` : show(g);
      const arrow = label === "" ? "-->" : `-->|"${label}"|`;
      const [from, to] = backward ? [node, children[i]] : [children[i], node];
      lines.push(`  ${ids.get(from)} ${arrow} ${ids.get(to)}`);
    }
  }
  return { kind: "mermaid", nodeCount: nodes.length, text: lines.join("\n") + "\n" };
}

/** One paragraph about a graph too large to draw. */
function summarize(nodes: readonly GraphNode[], maxNodes: number): string {
  const counts = new Map<string, number>();
  let leaves = 0;
  for (const node of nodes) {
    const op = opOf(node);
    if (op === "") leaves++;
    else counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  const ops = [...counts].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([op, n]) => `${n} ${op}`).join(", ");
  const operations = nodes.length - leaves;
  return `The graph has ${nodes.length} nodes (${leaves} ${leaves === 1 ? "leaf" : "leaves"}, ` +
    `${operations} ${operations === 1 ? "operation" : "operations"}${ops ? `: ${ops}` : ""}), ` +
    `more than the limit of ${maxNodes}, so it is not drawn: ` +
    "try a smaller expression, or raise the limit with --max-nodes=N\n";
}
