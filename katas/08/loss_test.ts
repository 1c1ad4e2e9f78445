// Tests for kata 08: crossEntropy and documentLoss. Do not change them.
//
// The cross-entropy figures were measured with CPython 3.11, doing
// microgpt.py's operations on plain floats in its order (max, exp of the
// difference, Python's sum, each times total ** -1, log, times -1). The
// document's loss is the first loss microgpt.py prints (parity file
// microgpt_5_steps.json, step 1, before any update).

import { assertEquals, assertStrictEquals } from "@std/assert";
import names from "../../data/names.txt" with { type: "text" };
import { Value } from "../01/value.ts";
import { backward } from "../03/backward.ts";
import {
  type GPT,
  gpt,
  type GPTConfig,
  initStateDict,
  type KVCache,
  parameters,
} from "../07/gpt.ts";
import { assertAllClose, assertClose, numericGradient } from "../../lib/check.ts";
import { Random } from "../../lib/random.ts";
import { crossEntropy, documentLoss } from "./loss.ts";

/** Leaves holding `xs`. */
function leaves(xs: readonly number[]): Value[] {
  return xs.map((x) => new Value(x));
}

/** microgpt.py's default model, as it is just before the first training step. */
function defaultModel(): { model: GPT; docs: string[] } {
  const config: GPTConfig = { vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16 };
  const rng = new Random(42);
  const docs = names.trim().split("\n"); // one clean name per line
  rng.shuffle(docs);
  const stateDict = initStateDict(config, rng);
  return { model: { config, stateDict, params: parameters(stateDict) }, docs };
}

/** The tokens of a name of the letters a-z, as the default tokenizer gives them (BOS is 26). */
function encode(name: string): number[] {
  return [26, ...[...name].map((ch) => ch.charCodeAt(0) - 97), 26];
}

/** A small two-layer model (vocabulary 5: four characters and BOS = 4), seed 3. */
function smallModel(blockSize = 4): GPT {
  const config: GPTConfig = { vocabSize: 5, nLayer: 2, nEmbd: 8, nHead: 2, blockSize };
  const stateDict = initStateDict(config, new Random(3));
  return { config, stateDict, params: parameters(stateDict) };
}

/** The mean of -log(p(next token)) over the first n positions, in plain numbers. */
function meanLossByHand(model: GPT, tokens: readonly number[], n: number): number {
  const keys: KVCache = Array.from({ length: model.config.nLayer }, () => []);
  const values: KVCache = Array.from({ length: model.config.nLayer }, () => []);
  let total = 0;
  for (let pos = 0; pos < n; pos++) {
    const logits = gpt(model, tokens[pos], pos, keys, values).map((l) => l.data);
    const max = Math.max(...logits);
    let z = 0;
    for (const l of logits) z += Math.exp(l - max);
    total += -Math.log(Math.exp(logits[tokens[pos + 1]] - max) / z);
  }
  return total / n;
}

Deno.test({
  name: "crossEntropy() is -log of the target's softmax probability",
  timeout: 10_000,
  fn() {
    assertClose(crossEntropy(leaves([1, 2, 0.5]), 1).data, 0.46436878410794485, 1e-15);
    assertClose(crossEntropy(leaves([1, 2, 0.5]), 2).data, 1.964368784107945, 1e-15);
    assertClose(
      crossEntropy(leaves([-3.2, 0.1, 4.7, 2.2, -0.5]), 0).data,
      7.9935123303954825,
      1e-14,
    );
  },
});

Deno.test({
  name: "crossEntropy() of equal scores is the log of the number of tokens",
  timeout: 10_000,
  fn() {
    // Every token has probability 1/3: the model knows nothing, loss log(3)
    assertClose(crossEntropy(leaves([0, 0, 0]), 1).data, Math.log(3), 1e-15);
    // 27 tokens, as for names: log(27) = 3.2958..., where training starts
    assertClose(crossEntropy(leaves(new Array(27).fill(0.4)), 26).data, Math.log(27), 1e-14);
  },
});

Deno.test({
  name: "crossEntropy() builds -log(p) as log(p) * -1, as microgpt.py does",
  timeout: 10_000,
  fn() {
    const loss = crossEntropy(leaves([1, 2, 0.5]), 1);
    assertEquals(loss.op, "*", "the loss should be a product: log(p) * -1");
    assertEquals(loss.children.length, 2);
    assertStrictEquals(loss.children[1].data, -1);
    const log = loss.children[0];
    assertEquals(log.op, "log", "its first operand should be log(p)");
    assertClose(log.children[0].data, 0.6285317192117624, 1e-15, "p, the target's probability");
  },
});

Deno.test({
  name: "crossEntropy() has the gradient softmax minus one-hot",
  timeout: 10_000,
  fn() {
    const xs = [-3.2, 0.1, 4.7, 2.2, -0.5];
    const logits = leaves(xs);
    backward(crossEntropy(logits, 3));
    const probs = [
      0.00033764607367599086,
      0.009154476078554989,
      0.9107267877354974,
      0.07475700711801608,
      0.0050240829942553925,
    ];
    const expected = probs.map((p, i) => p - (i === 3 ? 1 : 0));
    assertAllClose(logits.map((l) => l.grad), expected, 1e-12, "d(loss)/d(logits)");
    // and by finite differences, from the loss alone
    const numeric = numericGradient((x) => crossEntropy(leaves(x), 3).data, xs);
    assertAllClose(logits.map((l) => l.grad), numeric, 1e-7, "d(loss)/d(logits)");
  },
});

Deno.test({
  name: "documentLoss() of microgpt.py's first document is its first printed loss",
  timeout: 10_000,
  fn() {
    const { model, docs } = defaultModel();
    assertEquals(docs[0], "hugibert");
    // step 1 of microgpt.py: loss 3.4430 (3.443011724217978 in full)
    assertClose(documentLoss(model, encode(docs[0])).data, 3.443011724217978, 1e-13);
  },
});

Deno.test({
  name: "documentLoss() predicts each next token and takes the mean",
  timeout: 10_000,
  fn() {
    const model = smallModel(8);
    const tokens = [4, 0, 3, 3, 1, 4]; // BOS, four characters, BOS: 5 predictions
    assertClose(documentLoss(model, tokens).data, meanLossByHand(model, tokens, 5), 1e-12);
  },
});

Deno.test({
  name: "documentLoss() stops at blockSize positions when the document is longer",
  timeout: 10_000,
  fn() {
    const model = smallModel(4);
    const tokens = [4, 0, 1, 2, 3, 2, 1, 0, 4]; // 8 predictions, but the context holds 4
    assertClose(documentLoss(model, tokens).data, meanLossByHand(model, tokens, 4), 1e-12);
  },
});

Deno.test({
  name: "documentLoss() is sum(losses) * (1 / n), as microgpt.py builds the mean",
  timeout: 10_000,
  fn() {
    const loss = documentLoss(smallModel(), [4, 2, 0, 4]); // n = 3
    assertEquals(loss.op, "*", "the mean should be a product: sum(losses) * (1 / n)");
    assertEquals(loss.children.length, 2);
    assertStrictEquals(loss.children[1].data, 1 / 3);
    assertEquals(loss.children[0].op, "+", "its first operand should be the sum of the losses");
  },
});

Deno.test({
  name: "documentLoss() starts every document with a fresh KV cache",
  timeout: 10_000,
  fn() {
    const model = smallModel(8);
    const tokens = [4, 1, 2, 4];
    const first = documentLoss(model, tokens).data;
    documentLoss(model, [4, 3, 3, 0, 4]);
    assertStrictEquals(documentLoss(model, tokens).data, first);
  },
});

Deno.test({
  name: "documentLoss() gives every parameter the gradient finite differences give",
  timeout: 10_000,
  fn() {
    const model = smallModel();
    const tokens = [4, 0, 1, 4];
    backward(documentLoss(model, tokens));
    const picked = [0, 7, 41, 100, model.params.length - 1]; // wte, wte, wpe, lm_head, mlp_fc2
    const start = picked.map((i) => model.params[i].data);
    const lossAt = (xs: readonly number[]) => {
      picked.forEach((i, k) => model.params[i].data = xs[k]);
      const loss = documentLoss(model, tokens).data;
      picked.forEach((i, k) => model.params[i].data = start[k]);
      return loss;
    };
    const numeric = numericGradient(lossAt, start);
    assertAllClose(picked.map((i) => model.params[i].grad), numeric, 1e-7, "gradients");
  },
});
