// Tests for kata 11: sampling names. Do not change them.
//
// The names are what the original microgpt.py prints after its training
// run with num_steps = 5 (seed 42, data/names.txt, temperature 0.5): parity
// file microgpt_5_steps.json. The other tests replace the generator with a
// fake one that records what it is asked and answers tokens chosen by the test.

import { assertEquals, assertStrictEquals } from "@std/assert";
import { assertSpyCalls, spy } from "@std/testing/mock";
import names from "../../data/names.txt" with { type: "text" };
import { parseDocs, Tokenizer } from "../05/tokenizer.ts";
import {
  type GPT,
  gpt,
  type GPTConfig,
  initStateDict,
  type KVCache,
  parameters,
} from "../07/gpt.ts";
import { train } from "../10/train.ts";
import { assertAllClose } from "../../lib/check.ts";
import { Random } from "../../lib/random.ts";
import { sampleName } from "./sample.ts";

/** A small model over the four characters "abcd" (BOS = 4), and its tokenizer. */
function smallModel(blockSize = 6): { model: GPT; tokenizer: Tokenizer } {
  const tokenizer = new Tokenizer(["abcd"]);
  const config: GPTConfig = { vocabSize: 5, nLayer: 1, nEmbd: 8, nHead: 2, blockSize };
  const stateDict = initStateDict(config, new Random(5));
  return { model: { config, stateDict, params: parameters(stateDict) }, tokenizer };
}

/** A stand-in for the generator: `choices` records its arguments and answers `answers` in turn. */
function fakeRandom(answers: readonly number[]) {
  let next = 0;
  const choices = spy((_population: readonly number[], _weights: readonly number[]) =>
    answers[Math.min(next++, answers.length - 1)]
  );
  return { rng: { choices } as unknown as Random, choices };
}

/** softmax(logits / temperature) in plain numbers, for the tokens fed in order from position 0. */
function probsByHand(model: GPT, tokens: readonly number[], temperature: number): number[][] {
  const keys: KVCache = [[]];
  const values: KVCache = [[]];
  return tokens.map((token, pos) => {
    const scaled = gpt(model, token, pos, keys, values).map((l) => l.data / temperature);
    const max = Math.max(...scaled);
    const exps = scaled.map((s) => Math.exp(s - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

Deno.test({
  name: "sampleName() writes microgpt.py's names after its five-step run",
  timeout: 20_000,
  fn() {
    const rng = new Random(42);
    const docs = parseDocs(names);
    rng.shuffle(docs);
    const tokenizer = new Tokenizer(docs);
    const config: GPTConfig = { vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16 };
    const stateDict = initStateDict(config, rng);
    const model = { config, stateDict, params: parameters(stateDict) };
    train(model, docs, tokenizer, { numSteps: 5 });
    const sampled: string[] = [];
    for (let i = 0; i < 20; i++) sampled.push(sampleName(model, tokenizer, rng, 0.5));
    assertEquals(sampled, [
      "foisaljkdvrceqyi",
      "hzhcajvuscwxhack",
      "hjrz",
      "elptazisxxxmgiou",
      "hyiobhmzqdzwrgkd",
      "puahis",
      "awjrezbwnaklfkqp",
      "obs",
      "vviveugauvxt",
      "rurz",
      "h",
      "mkrvezq",
      "gxhtd",
      "sinbegfpvaipvwpa",
      "abhtmhrbyq",
      "jisiiffuvhwgikhn",
      "gz",
      "zauzqbebnfbfnvub",
      "ijasiz",
      "h",
    ]);
  },
});

Deno.test({
  name: "sampleName() draws the first token from softmax(logits / temperature) after BOS",
  timeout: 10_000,
  fn() {
    const { model, tokenizer } = smallModel();
    for (const temperature of [0.5, 1, 2]) {
      const { rng, choices } = fakeRandom([4]); // BOS at once: an empty name
      assertEquals(sampleName(model, tokenizer, rng, temperature), "");
      assertSpyCalls(choices, 1);
      const [population, weights] = choices.calls[0].args;
      assertEquals([...population], [0, 1, 2, 3, 4], "the population: every token id");
      const [expected] = probsByHand(model, [4], temperature);
      assertAllClose([...weights], expected, 1e-12, `the weights at temperature ${temperature}`);
    }
  },
});

Deno.test({
  name: "sampleName() feeds each drawn token back in at the next position",
  timeout: 10_000,
  fn() {
    const { model, tokenizer } = smallModel();
    const { rng, choices } = fakeRandom([2, 0, 3, 4]);
    sampleName(model, tokenizer, rng, 0.5);
    const expected = probsByHand(model, [4, 2, 0, 3], 0.5);
    assertSpyCalls(choices, 4);
    for (let pos = 0; pos < 4; pos++) {
      assertAllClose([...choices.calls[pos].args[1]], expected[pos], 1e-12, `weights at ${pos}`);
    }
  },
});

Deno.test({
  name: "sampleName() stops at BOS and returns the characters drawn before it",
  timeout: 10_000,
  fn() {
    const { model, tokenizer } = smallModel();
    const { rng, choices } = fakeRandom([3, 1, 1, 4, 0, 0]);
    assertEquals(sampleName(model, tokenizer, rng, 1), "dbb");
    assertSpyCalls(choices, 4); // nothing is drawn after BOS
  },
});

Deno.test({
  name: "sampleName() stops after blockSize tokens when BOS never comes",
  timeout: 10_000,
  fn() {
    const { model, tokenizer } = smallModel(6);
    const { rng, choices } = fakeRandom([0]); // always "a"
    assertEquals(sampleName(model, tokenizer, rng, 1), "aaaaaa");
    assertSpyCalls(choices, 6);
  },
});

Deno.test({
  name: "sampleName() starts every name with a fresh KV cache",
  timeout: 10_000,
  fn() {
    const { model, tokenizer } = smallModel();
    const first = fakeRandom([1, 2, 4]);
    const second = fakeRandom([1, 2, 4]);
    assertEquals(sampleName(model, tokenizer, first.rng, 0.5), "bc");
    assertEquals(sampleName(model, tokenizer, second.rng, 0.5), "bc");
    for (let pos = 0; pos < 3; pos++) {
      assertEquals(second.choices.calls[pos].args[1], first.choices.calls[pos].args[1]);
    }
  },
});

Deno.test({
  name: "sampleName() draws one random number per token from the generator it is given",
  timeout: 10_000,
  fn() {
    // Two generators in the same state give the same name; a used one moves on
    const { model, tokenizer } = smallModel(16);
    const a = new Random(9);
    const b = new Random(9);
    const name = sampleName(model, tokenizer, a, 1);
    assertStrictEquals(sampleName(model, tokenizer, b, 1), name);
    assertEquals(a.getState(), b.getState());
    // each drawn token (the name's characters and the final BOS, if any) took one random()
    const c = new Random(9);
    for (let i = 0; i < name.length + (name.length < 16 ? 1 : 0); i++) c.random();
    assertEquals(a.getState(), c.getState());
  },
});
