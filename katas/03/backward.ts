// deno-lint-ignore-file no-unused-vars
// Backpropagation: the chain rule, applied once per node, from the root down.

import type { Value } from "../01/value.ts";
import { topologicalOrder } from "../02/topological_order.ts";
import { todo } from "../../lib/todo.ts";

/**
 * Fills in `grad` for every node reachable from `root`: d(root)/d(node).
 * Gradients accumulate with `+=`, so call it on a graph whose gradients are
 * zero (a fresh graph, or after the optimizer has zeroed the parameters).
 *
 * @param root The node to differentiate (usually the loss).
 */
export function backward(root: Value): void {
  // TODO: root.grad = 1, then for each node in reverse topological order,
  // add localGrads[i] * node.grad to the grad of children[i]
  todo("backward");
}
