// deno-lint-ignore-file no-unused-vars
// The loss: how surprised the model is by the token that really comes next.

import type { Value } from "../01/value.ts";
import { softmax, sum } from "../04/layers.ts";
import { type GPT, gpt, type KVCache } from "../07/gpt.ts";
import { todo } from "../../lib/todo.ts";

/**
 * The cross-entropy of one prediction: `-log(softmax(logits)[target])`, built
 * as microgpt.py builds it: the probabilities by `softmax`, then the target's
 * `.log()`, then `.neg()` (which is `* -1`). It is 0 when the model gives the
 * target probability 1, and grows without bound as that probability shrinks.
 *
 * @param logits The model's scores, one per token of the vocabulary.
 * @param target The id of the token that really comes next.
 * @returns The loss, a `Value` that `backward` can differentiate.
 *
 * @example
 * ```ts ignore
 * // three equal scores: each token has probability 1/3
 * crossEntropy([new Value(0), new Value(0), new Value(0)], 1).data; // log(3) = 1.0986...
 * ```
 */
export function crossEntropy(logits: readonly Value[], target: number): Value {
  // TODO: softmax the logits, then -log of the target's probability
  return todo("crossEntropy");
}

/**
 * The loss of one document: the mean cross-entropy of predicting each token
 * from the ones before it. There are `n = min(blockSize, tokens.length - 1)`
 * predictions: at position `pos` the model sees `tokens[pos]` (and, through
 * the KV cache, the tokens before it) and must predict `tokens[pos + 1]`.
 * The KV cache starts empty (one list of keys and one of values per layer).
 * The mean is `sum(losses) * (1 / n)`, the number `1 / n` computed first,
 * as microgpt.py does.
 *
 * @param model The model.
 * @param tokens The document's tokens, `[bos, ...ids, bos]` (at least two).
 * @returns The mean loss over the positions.
 *
 * @example
 * ```ts ignore
 * const tokens = tokenizer.encode("emma"); // [26, 4, 12, 12, 0, 26]: five predictions
 * documentLoss(model, tokens).data; // about 3.3 for an untrained model (log(27) = 3.2958...)
 * ```
 */
export function documentLoss(model: GPT, tokens: readonly number[]): Value {
  // TODO: a fresh KV cache, one crossEntropy per position, then sum(losses) * (1 / n)
  return todo("documentLoss");
}
