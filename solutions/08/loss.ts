// The loss: how surprised the model is by the token that really comes next.

import type { Value } from "../01/value.ts";
import { softmax, sum } from "../04/layers.ts";
import { type GPT, gpt, type KVCache } from "../07/gpt.ts";

/**
 * The cross-entropy of one prediction: `-log(softmax(logits)[target])`, built
 * as microgpt.py builds it (`-x` is `x * -1`). It is 0 when the model gives
 * the target probability 1, and grows without bound as that probability
 * shrinks.
 *
 * @param logits The model's scores, one per token of the vocabulary.
 * @param target The id of the token that really comes next.
 * @returns The loss, a `Value` that `backward` can differentiate.
 * @throws {RangeError} When `target` is not an index of `logits`.
 */
export function crossEntropy(logits: readonly Value[], target: number): Value {
  if (!Number.isInteger(target) || target < 0 || target >= logits.length) {
    throw new RangeError(
      `Cannot take the cross-entropy as target must be an integer in [0, ${logits.length}): current value is ${target}`,
    );
  }
  const probs = softmax(logits);
  return probs[target].log().neg();
}

/**
 * The loss of one document: the mean cross-entropy of predicting each token
 * from the ones before it, over `n = min(blockSize, tokens.length - 1)`
 * positions, with a fresh KV cache. The mean is `sum(losses) * (1 / n)`,
 * the number `1 / n` computed first, as microgpt.py does.
 *
 * @param model The model.
 * @param tokens The document's tokens, `[bos, ...ids, bos]`.
 * @returns The mean loss over the positions.
 * @throws {RangeError} When there are fewer than two tokens (nothing to predict).
 */
export function documentLoss(model: GPT, tokens: readonly number[]): Value {
  if (tokens.length < 2) {
    throw new RangeError(
      `Cannot compute a document's loss from fewer than 2 tokens: current length is ${tokens.length}`,
    );
  }
  const { nLayer, blockSize } = model.config;
  const n = Math.min(blockSize, tokens.length - 1);
  // A fresh KV cache: one empty list of keys and one of values per layer
  const keys: KVCache = [];
  const values: KVCache = [];
  for (let i = 0; i < nLayer; i++) {
    keys.push([]);
    values.push([]);
  }
  const losses: Value[] = [];
  for (let pos = 0; pos < n; pos++) {
    const logits = gpt(model, tokens[pos], pos, keys, values);
    losses.push(crossEntropy(logits, tokens[pos + 1])); // predict the next token
  }
  return sum(losses).mul(1 / n);
}
