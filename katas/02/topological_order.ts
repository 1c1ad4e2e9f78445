// deno-lint-ignore-file no-unused-vars
// The order to walk the graph in: every node after all of its children.

import type { Value } from "../01/value.ts";
import { todo } from "../../lib/todo.ts";

/**
 * Every node reachable from `root`, each once, children before parents: the
 * post-order of a depth-first search that visits children in order, exactly
 * the order microgpt.py's recursive `build_topo` gives. Without recursion,
 * so a chain of 200,000 nodes works.
 *
 * @param root The node to start from (usually the loss).
 * @returns The nodes, leaves first and `root` last.
 */
export function topologicalOrder(root: Value): Value[] {
  // TODO: a depth-first search with your own stack; a node is appended after all its children
  return todo("topologicalOrder");
}
