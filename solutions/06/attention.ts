// Attention: each position looks back at the keys and values seen so far.

import type { Value } from "../01/value.ts";
import { softmax, sum } from "../04/layers.ts";

/**
 * One attention head over a KV cache: scores `q·k_t / sqrt(headDim)` for
 * every cached step `t`, their softmax, and the weighted sum of the values.
 * Only the steps in the cache are seen, so it is causal by construction.
 *
 * @param q The query, `headDim` values.
 * @param keys The cached keys, one `headDim` vector per step so far.
 * @param values The cached values, one `headDim` vector per step so far.
 * @returns The head's output, `headDim` values.
 */
export function attentionHead(
  q: readonly Value[],
  keys: readonly (readonly Value[])[],
  values: readonly (readonly Value[])[],
): Value[] {
  const headDim = q.length;
  const scale = headDim ** 0.5;
  const logits: Value[] = [];
  for (const k of keys) {
    const terms: Value[] = [];
    for (let j = 0; j < headDim; j++) terms.push(q[j].mul(k[j]));
    logits.push(sum(terms).div(scale));
  }
  const weights = softmax(logits);
  const out: Value[] = [];
  for (let j = 0; j < headDim; j++) {
    const terms: Value[] = [];
    for (let t = 0; t < values.length; t++) terms.push(weights[t].mul(values[t][j]));
    out.push(sum(terms));
  }
  return out;
}

/**
 * Multi-head attention: `q` and every cached key and value are cut into
 * `nHead` slices of `q.length / nHead`; each slice goes through its own head
 * and the outputs are concatenated.
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
  if (!Number.isInteger(nHead) || nHead < 1 || q.length % nHead !== 0) {
    throw new RangeError(
      `Cannot split ${q.length} values into ${nHead} heads: nHead must be a whole number that divides n_embd`,
    );
  }
  const headDim = q.length / nHead;
  const out: Value[] = [];
  for (let h = 0; h < nHead; h++) {
    const start = h * headDim;
    const end = start + headDim;
    const head = attentionHead(
      q.slice(start, end),
      keys.map((k) => k.slice(start, end)),
      values.map((v) => v.slice(start, end)),
    );
    out.push(...head);
  }
  return out;
}
