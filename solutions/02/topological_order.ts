// The order to walk the graph in: every node after all of its children.

import type { Value } from "../01/value.ts";

/**
 * Every node reachable from `root`, each once, children before parents: the
 * post-order of a depth-first search that visits children in order, exactly
 * as microgpt.py's recursive `build_topo` gives it, but with an explicit
 * stack, so a chain of any depth works.
 *
 * @param root The node to start from (usually the loss).
 * @returns The nodes, leaves first and `root` last.
 */
export function topologicalOrder(root: Value): Value[] {
  // A fresh token for this pass: a node carrying it has been visited.
  const mark = {};
  const order: Value[] = [];
  // The explicit call stack: a node, and the index of its next child to visit.
  const stack: Value[] = [root];
  const nextChild: number[] = [0];
  root.mark = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = nextChild[top];
    if (i < node.children.length) {
      nextChild[top] = i + 1;
      const child = node.children[i];
      if (child.mark !== mark) {
        child.mark = mark; // marked when first entered, as in the recursive version
        stack.push(child);
        nextChild.push(0);
      }
    } else {
      stack.pop();
      nextChild.pop();
      order.push(node); // all its children are done
    }
  }
  return order;
}
