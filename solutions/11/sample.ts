// Sampling: the trained model makes up a new name, one character at a time.

import { softmax } from "../04/layers.ts";
import type { Tokenizer } from "../05/tokenizer.ts";
import { type GPT, gpt, type KVCache } from "../07/gpt.ts";
import type { Random } from "../../lib/random.ts";

/**
 * Samples one name: from BOS at position 0, feed each drawn token back in,
 * drawing the next from `softmax(logits / temperature)` with one
 * `rng.choices`, until the model draws BOS or `blockSize` positions are used.
 *
 * @param model The (trained) model.
 * @param tokenizer Turns the drawn ids back into characters.
 * @param rng The generator: one `choices` per drawn token.
 * @param temperature Below 1 sharpens the distribution, above 1 flattens it; must be > 0.
 * @returns The name (possibly empty).
 * @throws {RangeError} When `temperature` is not > 0 or the tokenizer does not fit the model.
 */
export function sampleName(
  model: GPT,
  tokenizer: Tokenizer,
  rng: Random,
  temperature: number,
): string {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(
      `Cannot sample as temperature must be a finite number > 0: current value is ${temperature}`,
    );
  }
  const { vocabSize, nLayer, blockSize } = model.config;
  if (tokenizer.vocabSize !== vocabSize) {
    throw new RangeError(
      `Cannot sample as the tokenizer has ${tokenizer.vocabSize} tokens and the model ${vocabSize}`,
    );
  }
  const ids: number[] = [];
  for (let i = 0; i < vocabSize; i++) ids.push(i);
  // A fresh KV cache
  const keys: KVCache = [];
  const values: KVCache = [];
  for (let i = 0; i < nLayer; i++) {
    keys.push([]);
    values.push([]);
  }
  const name: number[] = [];
  let token = tokenizer.bos;
  for (let pos = 0; pos < blockSize; pos++) {
    const logits = gpt(model, token, pos, keys, values);
    const probs = softmax(logits.map((l) => l.div(temperature)));
    token = rng.choices(ids, probs.map((p) => p.data));
    if (token === tokenizer.bos) break; // the model says the name is over
    name.push(token);
  }
  return tokenizer.decode(name);
}
