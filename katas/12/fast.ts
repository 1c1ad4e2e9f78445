// deno-lint-ignore-file no-unused-vars
// The same GPT on flat buffers: loops instead of a graph, and a backward pass written by hand.

import type { GPT, GPTConfig } from "../07/gpt.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import type { TrainOptions } from "../10/train.ts";
import type { Random } from "../../lib/random.ts";
import { todo } from "../../lib/todo.ts";

/**
 * One matrix of the model as two flat buffers, row-major: row `o`, column
 * `i` is at index `o * cols + i` of `data` (the weights) and of `grad`
 * (d(loss)/d(weight)).
 */
export interface FastMatrix {
  /** The state-dict key, e.g. `"layer0.attn_wq"`. */
  readonly name: string;
  /** The number of rows (outputs of a linear layer). */
  readonly rows: number;
  /** The number of columns (inputs of a linear layer). */
  readonly cols: number;
  /** The weights, `rows * cols` of them. */
  readonly data: Float64Array;
  /** Their gradients, the same size, zero until a backward pass adds to them. */
  readonly grad: Float64Array;
}

/** The six matrices of one transformer layer. */
export interface FastLayer {
  readonly attnWq: FastMatrix;
  readonly attnWk: FastMatrix;
  readonly attnWv: FastMatrix;
  readonly attnWo: FastMatrix;
  readonly mlpFc1: FastMatrix;
  readonly mlpFc2: FastMatrix;
}

/** A GPT as flat buffers: the same configuration and the same matrices, by name and in order. */
export interface FastGPT {
  readonly config: GPTConfig;
  /** Every matrix, in the state dict's order (so their weights, end to end, are `params`). */
  readonly matrices: readonly FastMatrix[];
  readonly wte: FastMatrix;
  readonly wpe: FastMatrix;
  readonly lmHead: FastMatrix;
  readonly layers: readonly FastLayer[];
}

/**
 * Copies a model into flat buffers: one `Float64Array` of weights and one
 * of gradients (zeros) per matrix of the state dict, in its order. `wte`,
 * `wpe`, `lmHead` and each layer's six matrices are the same objects as in
 * `matrices`.
 *
 * @param model The model built from Values.
 * @returns The same model on flat buffers; changing one does not change the other.
 *
 * @example
 * ```ts ignore
 * const fast = toFast(model);
 * fast.wte.data[3 * 16 + 5] === model.stateDict.wte[3][5].data; // true
 * ```
 */
export function toFast(model: GPT): FastGPT {
  // TODO: copy every matrix of the state dict, in order, into a FastMatrix with a zero grad
  return todo("toFast");
}

/**
 * The logits at each position of `tokens`, as `gpt` gives them when it is
 * called for positions 0, 1, 2, ... with one KV cache. Write the forward
 * pass with the scalar engine's order of operations (sums left to right
 * from 0, the max subtracted in softmax, `(ms + 1e-5) ** -0.5`, division as
 * multiplication by `x ** -1`) and the numbers come out the same, bit for bit.
 *
 * @param fast The model on flat buffers.
 * @param tokens The tokens; at most `blockSize` of them are read.
 * @returns One `Float64Array` of `vocabSize` logits per position.
 */
export function fastLogits(fast: FastGPT, tokens: readonly number[]): Float64Array[] {
  // TODO: run the forward pass position by position, keeping each position's keys and values
  return todo("fastLogits");
}

/**
 * `documentLoss` and `backward` on flat buffers: the mean cross-entropy of
 * predicting `tokens[p + 1]` from `tokens[0..p]` over `n = min(blockSize,
 * tokens.length - 1)` positions; its gradient is added into every matrix's
 * `grad` (added, as `backward` adds, so call it with zero gradients).
 *
 * @param fast The model on flat buffers.
 * @param tokens A document's tokens, `[bos, ...ids, bos]`.
 * @returns The loss.
 * @throws {RangeError} When there are fewer than two tokens.
 */
export function fastLossAndGrad(fast: FastGPT, tokens: readonly number[]): number {
  // TODO: the forward pass keeping what backward needs, then each layer's gradient by hand
  return todo("fastLossAndGrad");
}

/**
 * `train` on flat buffers: the same loop, the same Adam, the same losses
 * (to the last bits of the gradients), many times faster. When it ends, the
 * trained weights are written back into the model's Values, so either
 * engine can sample from it.
 *
 * @param model The model; its Values receive the trained weights.
 * @param docs The documents, already shuffled; step `s` trains on `docs[s % docs.length]`.
 * @param tokenizer Turns a document into tokens.
 * @param options `numSteps` (the schedule's length), `stopAfter`, `onStep`, `learningRate`.
 * @returns The loss of each step taken.
 * @throws {RangeError} When there are no documents or the step counts are out of range.
 */
export function fastTrain(
  model: GPT,
  docs: readonly string[],
  tokenizer: Tokenizer,
  options: TrainOptions,
): number[] {
  // TODO: toFast, then per step fastLossAndGrad and Adam on the buffers; write the weights back
  return todo("fastTrain");
}

/**
 * `sampleName` on flat buffers: the same tokens from the same random
 * numbers. It may keep the model's flat copy between calls, but must read
 * the weights afresh each time, so it sees any change made since.
 *
 * @param model The model.
 * @param tokenizer Turns tokens back into characters.
 * @param rng The generator; one `choices` per token drawn.
 * @param temperature Divides the logits; lower is more conservative.
 * @returns The name (possibly empty).
 * @throws {RangeError} When `temperature` is not > 0 or the tokenizer does not fit the model.
 */
export function fastSampleName(
  model: GPT,
  tokenizer: Tokenizer,
  rng: Random,
  temperature: number,
): string {
  // TODO: from BOS at position 0, draw each token from softmax(logits * temperature ** -1)
  return todo("fastSampleName");
}
