// Backpropagation: the chain rule, applied once per node, from the root down.

import type { Value } from "../01/value.ts";
import { topologicalOrder } from "../02/topological_order.ts";

/**
 * Fills in `grad` for every node reachable from `root`: d(root)/d(node).
 * Gradients accumulate with `+=`, so call it on a graph whose gradients are
 * zero (a fresh graph, or after the optimizer has zeroed the parameters).
 *
 * @param root The node to differentiate (usually the loss).
 */
export function backward(root: Value): void {
  const order = topologicalOrder(root);
  root.grad = 1; // d(root)/d(root)
  for (let n = order.length - 1; n >= 0; n--) {
    const node = order[n];
    const { children, localGrads } = node;
    for (let i = 0; i < children.length; i++) {
      // The chain rule: d(root)/d(child) += d(node)/d(child) * d(root)/d(node)
      children[i].grad += localGrads[i] * node.grad;
    }
  }
}
