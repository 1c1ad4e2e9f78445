// The GPT: its parameters, and the forward pass for one token.

import { Value } from "../01/value.ts";
import { linear, matrix, rmsnorm } from "../04/layers.ts";
import { multiHeadAttention } from "../06/attention.ts";
import type { Random } from "../../lib/random.ts";

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
 * Checks that a configuration can work, before any number is drawn.
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
 * Draws every parameter, matrix by matrix in microgpt.py's order (the order
 * the random numbers are drawn in), each from `gauss(0, 0.08)`.
 *
 * @param config The model's shape.
 * @param rng The generator, right after the documents were shuffled.
 * @returns The state dict: `wte`, `wpe`, `lm_head`, then for each layer
 * `attn_wq`, `attn_wk`, `attn_wv`, `attn_wo`, `mlp_fc1`, `mlp_fc2`.
 */
export function initStateDict(config: GPTConfig, rng: Random): StateDict {
  checkConfig(config);
  const { vocabSize, nLayer, nEmbd, blockSize } = config;
  const stateDict: StateDict = {
    wte: matrix(vocabSize, nEmbd, rng),
    wpe: matrix(blockSize, nEmbd, rng),
    lm_head: matrix(vocabSize, nEmbd, rng),
  };
  for (let i = 0; i < nLayer; i++) {
    stateDict[`layer${i}.attn_wq`] = matrix(nEmbd, nEmbd, rng);
    stateDict[`layer${i}.attn_wk`] = matrix(nEmbd, nEmbd, rng);
    stateDict[`layer${i}.attn_wv`] = matrix(nEmbd, nEmbd, rng);
    stateDict[`layer${i}.attn_wo`] = matrix(nEmbd, nEmbd, rng);
    stateDict[`layer${i}.mlp_fc1`] = matrix(4 * nEmbd, nEmbd, rng);
    stateDict[`layer${i}.mlp_fc2`] = matrix(nEmbd, 4 * nEmbd, rng);
  }
  return stateDict;
}

/**
 * Every parameter, flattened: matrix by matrix in the state dict's order, row by row.
 *
 * @param stateDict The named matrices.
 * @returns Their leaves, in order.
 */
export function parameters(stateDict: StateDict): Value[] {
  const params: Value[] = [];
  for (const mat of Object.values(stateDict)) {
    for (const row of mat) for (const p of row) params.push(p);
  }
  return params;
}

/**
 * The forward pass for one token: the logits of the next token, given the
 * token at position `posId` and the keys and values of the positions before
 * it (to which this position's are appended).
 *
 * @param model The model.
 * @param tokenId The current token.
 * @param posId Its position, `0 <= posId < blockSize`.
 * @param keys The KV cache's keys, one list per layer; this call appends to them.
 * @param values The KV cache's values, one list per layer; this call appends to them.
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
  const { vocabSize, nLayer, nHead, blockSize } = model.config;
  checkIndex("tokenId", tokenId, vocabSize, "the vocabulary has that many tokens");
  checkIndex("posId", posId, blockSize, "that is the block size, the longest context");
  checkCache(keys, values, nLayer);
  const sd = model.stateDict;
  // Token and position embeddings, added
  const tokEmb = sd.wte[tokenId];
  const posEmb = sd.wpe[posId];
  let x = tokEmb.map((t, j) => t.add(posEmb[j]));
  x = rmsnorm(x);

  for (let li = 0; li < nLayer; li++) {
    // 1) Multi-head attention block
    let residual = x;
    x = rmsnorm(x);
    const q = linear(x, sd[`layer${li}.attn_wq`]);
    const k = linear(x, sd[`layer${li}.attn_wk`]);
    const v = linear(x, sd[`layer${li}.attn_wv`]);
    keys[li].push(k);
    values[li].push(v);
    x = linear(multiHeadAttention(q, keys[li], values[li], nHead), sd[`layer${li}.attn_wo`]);
    x = x.map((a, j) => a.add(residual[j]));
    // 2) MLP block
    residual = x;
    x = rmsnorm(x);
    x = linear(x, sd[`layer${li}.mlp_fc1`]);
    x = x.map((xi) => xi.relu());
    x = linear(x, sd[`layer${li}.mlp_fc2`]);
    x = x.map((a, j) => a.add(residual[j]));
  }
  return linear(x, sd.lm_head);
}

/** Throws a clear error unless `value` is an integer in `[0, limit)`. */
function checkIndex(name: string, value: number, limit: number, why: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new RangeError(
      `Cannot run the GPT as ${name} must be an integer in [0, ${limit}) (${why}): current value is ${value}`,
    );
  }
}

/** Throws a clear error unless the KV cache has one list per layer. */
function checkCache(keys: KVCache, values: KVCache, nLayer: number): void {
  if (keys.length !== nLayer || values.length !== nLayer) {
    throw new TypeError(
      `Cannot run the GPT as the KV cache must have one list per layer (${nLayer}): ` +
        `keys has ${keys.length} and values has ${values.length}; ` +
        "start each sequence with one empty list per layer",
    );
  }
}
