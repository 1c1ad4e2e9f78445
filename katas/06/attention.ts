// deno-lint-ignore-file no-unused-vars
// Attention: each position looks back at the keys and values seen so far.

import type { Value } from "../01/value.ts";
import { softmax, sum } from "../04/layers.ts";
import { todo } from "../../lib/todo.ts";

/**
 * One attention head over a KV cache. For every cached step `t` the score is
 * `sum(q[j] * k_t[j] for each j) / headDim ** 0.5`; the weights are the
 * softmax of the scores; output `j` is `sum(weight_t * v_t[j] for each t)`.
 * Only the steps in the cache are seen, so it is causal by construction.
 *
 * @param q The query, `headDim` values.
 * @param keys The cached keys, one `headDim` vector per step so far (at least one).
 * @param values The cached values, one `headDim` vector per step so far.
 * @returns The head's output, `headDim` values.
 *
 * @example
 * ```ts ignore
 * // one cached step: its weight is 1, so the output is its value
 * attentionHead(q, [k0], [v0]); // equal to v0
 * ```
 */
export function attentionHead(
  q: readonly Value[],
  keys: readonly (readonly Value[])[],
  values: readonly (readonly Value[])[],
): Value[] {
  // TODO: score each cached key (q·k / sqrt(headDim)), softmax, then the weighted sum of values
  return todo("attentionHead");
}

/**
 * Multi-head attention: `q` and every cached key and value are cut into
 * `nHead` slices of `headDim = q.length / nHead` values; slice `h` (from
 * `h * headDim` to `h * headDim + headDim`) goes through its own
 * `attentionHead`, and the heads' outputs are concatenated in order.
 *
 * @param q The query, `nEmbd` values.
 * @param keys The layer's cached keys, one `nEmbd` vector per step so far.
 * @param values The layer's cached values, one `nEmbd` vector per step so far.
 * @param nHead The number of heads; must divide `q.length`.
 * @returns The concatenated heads, `nEmbd` values.
 * @throws {RangeError} When `nHead` does not divide `q.length`.
 */
export function multiHeadAttention(
  q: readonly Value[],
  keys: readonly (readonly Value[])[],
  values: readonly (readonly Value[])[],
  nHead: number,
): Value[] {
  // Given: the check that the heads share q evenly (microgpt.py does not check).
  if (!Number.isInteger(nHead) || nHead < 1 || q.length % nHead !== 0) {
    throw new RangeError(
      `Cannot split ${q.length} values into ${nHead} heads: nHead must be a whole number that divides n_embd`,
    );
  }
  // TODO: run attentionHead on each slice of q, keys and values, and concatenate the outputs
  return todo("multiHeadAttention");
}
