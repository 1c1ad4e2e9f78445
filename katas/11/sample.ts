// deno-lint-ignore-file no-unused-vars
// Sampling: the trained model makes up a new name, one character at a time.

import { softmax } from "../04/layers.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import { type GPT, gpt, type KVCache } from "../07/gpt.ts";
import type { Random } from "../../lib/random.ts";
import { todo } from "../../lib/todo.ts";

/**
 * Samples one name. Start with a fresh KV cache and the BOS token at
 * position 0. At each position: `gpt` gives the logits; divide each by
 * `temperature`; `softmax`; draw the next token with one
 * `rng.choices(ids, weights)`, `ids` being `0 .. vocabSize - 1` and the
 * weights the probabilities' `.data`. Stop when the drawn token is BOS, or
 * after `blockSize` positions; every other token adds its character to the
 * name and is fed back in at the next position.
 *
 * @param model The (trained) model.
 * @param tokenizer Turns the drawn ids back into characters.
 * @param rng The generator: exactly one `choices` per drawn token.
 * @param temperature Below 1 sharpens the distribution, above 1 flattens it; > 0.
 * @returns The name (possibly empty).
 *
 * @example
 * ```ts ignore
 * const rng = new Random(42);
 * sampleName(model, tokenizer, rng, 0.5); // "cerla" after microgpt.py's full training run
 * ```
 */
export function sampleName(
  model: GPT,
  tokenizer: Tokenizer,
  rng: Random,
  temperature: number,
): string {
  // TODO: from BOS at position 0, draw tokens from softmax(logits / temperature) until BOS
  return todo("sampleName");
}
