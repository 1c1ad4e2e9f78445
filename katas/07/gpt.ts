// deno-lint-ignore-file no-unused-vars
// The GPT: its parameters, and the forward pass for one token.

import { Value } from "../01/value.ts";
import { linear, matrix, rmsnorm } from "../04/layers.ts";
import { multiHeadAttention } from "../06/attention.ts";
import type { Random } from "../../lib/random.ts";
import { todo } from "../../lib/todo.ts";

/** The model's shape: microgpt.py's hyperparameters, and the vocabulary's size. */
export interface GPTConfig {
  /** How many tokens there are (the characters and BOS). */
  readonly vocabSize: number;
  /** Depth of the transformer. */
  readonly nLayer: number;
  /** Width of the network. */
  readonly nEmbd: number;
  /** Number of attention heads; must divide `nEmbd`. */
  readonly nHead: number;
  /** Maximum context length. */
  readonly blockSize: number;
}

/** The parameters by name, in microgpt.py's order: `wte`, `wpe`, `lm_head`, `layer0.attn_wq`, ... */
export type StateDict = Record<string, Value[][]>;

/** A model: its shape, its named matrices and all their leaves in order. */
export interface GPT {
  readonly config: GPTConfig;
  readonly stateDict: StateDict;
  readonly params: readonly Value[];
}

/** One list per layer of the keys (or values) seen so far: `cache[layer][t]` is a vector. */
export type KVCache = Value[][][];

/**
 * Given: checks that a configuration can work, before any number is drawn.
 *
 * @param config The configuration to check.
 * @throws {RangeError} When a size is not a positive integer or `nHead` does not divide `nEmbd`.
 */
export function checkConfig(config: GPTConfig): void {
  for (const key of ["vocabSize", "nLayer", "nEmbd", "nHead", "blockSize"] as const) {
    const value = config[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot build a GPT as ${key} must be an integer >= 1: current value is ${value}`,
      );
    }
  }
  if (config.nEmbd % config.nHead !== 0) {
    throw new RangeError(
      `Cannot build a GPT as nHead must divide nEmbd: nEmbd is ${config.nEmbd} and nHead is ${config.nHead}`,
    );
  }
}

/**
 * Draws every parameter with `matrix` (each from `gauss(0, 0.08)`), matrix
 * by matrix in microgpt.py's order, which is the order the random numbers
 * are drawn in. Calls `checkConfig(config)` first, so a bad configuration
 * fails before any number is drawn.
 *
 * @param config The model's shape.
 * @param rng The generator, right after the documents were shuffled.
 * @returns The state dict: `wte` (vocabSize x nEmbd), `wpe` (blockSize x nEmbd),
 * `lm_head` (vocabSize x nEmbd), then for each layer `i`: `layer{i}.attn_wq`,
 * `layer{i}.attn_wk`, `layer{i}.attn_wv`, `layer{i}.attn_wo` (nEmbd x nEmbd),
 * `layer{i}.mlp_fc1` (4·nEmbd x nEmbd), `layer{i}.mlp_fc2` (nEmbd x 4·nEmbd).
 * @throws {RangeError} When the configuration cannot work (see `checkConfig`).
 */
export function initStateDict(config: GPTConfig, rng: Random): StateDict {
  // TODO: checkConfig, then draw each matrix in microgpt.py's order and name it
  return todo("initStateDict");
}

/**
 * Every parameter, flattened: matrix by matrix in the state dict's order, row by row.
 *
 * @param stateDict The named matrices.
 * @returns Their leaves, in order.
 */
export function parameters(stateDict: StateDict): Value[] {
  // TODO: every leaf of every matrix, matrix by matrix, row by row
  return todo("parameters");
}

/**
 * The forward pass for one token: the logits of the next token, given the
 * token at position `posId` and the keys and values of the positions before
 * it (to which this position's key and value are appended, layer by layer).
 *
 * 1. `x = wte[tokenId][j] + wpe[posId][j]` for each `j`, then `rmsnorm`.
 * 2. For each layer: attention (keep `x` as the residual, `rmsnorm`, `q`, `k`,
 *    `v` by `linear` with `attn_wq`, `attn_wk`, `attn_wv`, append `k` and `v`
 *    to the layer's cache, `multiHeadAttention`, `linear` with `attn_wo`, add
 *    the residual, `x` first); then the MLP (keep the residual, `rmsnorm`,
 *    `linear` with `mlp_fc1`, `relu` each, `linear` with `mlp_fc2`, add the residual).
 * 3. The logits: `linear(x, lm_head)`.
 *
 * @param model The model.
 * @param tokenId The current token, `0 <= tokenId < vocabSize`.
 * @param posId Its position, `0 <= posId < blockSize`.
 * @param keys The KV cache's keys, one list per layer; this call appends to each.
 * @param values The KV cache's values, one list per layer; this call appends to each.
 * @returns One logit per token of the vocabulary.
 * @throws {RangeError} When `tokenId` or `posId` is out of range.
 * @throws {TypeError} When `keys` or `values` does not have one list per layer.
 */
export function gpt(
  model: GPT,
  tokenId: number,
  posId: number,
  keys: KVCache,
  values: KVCache,
): Value[] {
  // Given: the checks of the arguments (microgpt.py does not check them).
  const { vocabSize, nLayer, blockSize } = model.config;
  checkIndex("tokenId", tokenId, vocabSize, "the vocabulary has that many tokens");
  checkIndex("posId", posId, blockSize, "that is the block size, the longest context");
  checkCache(keys, values, nLayer);
  // TODO: embeddings, rmsnorm, then each layer's attention and MLP blocks, then lm_head
  return todo("gpt");
}

/** Given: throws a clear error unless `value` is an integer in `[0, limit)`. */
function checkIndex(name: string, value: number, limit: number, why: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new RangeError(
      `Cannot run the GPT as ${name} must be an integer in [0, ${limit}) (${why}): current value is ${value}`,
    );
  }
}

/** Given: throws a clear error unless the KV cache has one list per layer. */
function checkCache(keys: KVCache, values: KVCache, nLayer: number): void {
  if (keys.length !== nLayer || values.length !== nLayer) {
    throw new TypeError(
      `Cannot run the GPT as the KV cache must have one list per layer (${nLayer}): ` +
        `keys has ${keys.length} and values has ${values.length}; ` +
        "start each sequence with one empty list per layer",
    );
  }
}
