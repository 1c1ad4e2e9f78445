// Tests for kata 10: the training loop. Do not change them.
//
// The losses are measured on the original microgpt.py (seed 42,
// data/names.txt): parity file microgpt_5_steps.json (num_steps = 5) and
// microgpt_default_losses_first20_full_precision.txt (num_steps = 1000),
// printed with repr(). A faithful port matches them to about 1e-14.

import { assertEquals, assertLess, assertNotEquals } from "@std/assert";
import { assertSpyCall, assertSpyCalls, spy } from "@std/testing/mock";
import names from "../../data/names.txt" with { type: "text" };
import { backward } from "../03/backward.ts";
import { parseDocs, Tokenizer } from "../05/tokenizer.ts";
import { type GPT, type GPTConfig, initStateDict, parameters } from "../07/gpt.ts";
import { documentLoss } from "../08/loss.ts";
import { Adam } from "../09/adam.ts";
import { assertClose } from "../../lib/check.ts";
import { Random } from "../../lib/random.ts";
import { train } from "./train.ts";

/** microgpt.py's set-up: seed 42, the names shuffled, the tokenizer, the default model. */
function setUp(): { model: GPT; docs: string[]; tokenizer: Tokenizer } {
  const rng = new Random(42);
  const docs = parseDocs(names);
  rng.shuffle(docs);
  const tokenizer = new Tokenizer(docs);
  const config: GPTConfig = {
    vocabSize: tokenizer.vocabSize,
    nLayer: 1,
    nEmbd: 16,
    nHead: 4,
    blockSize: 16,
  };
  const stateDict = initStateDict(config, rng);
  return { model: { config, stateDict, params: parameters(stateDict) }, docs, tokenizer };
}

/** Asserts that each loss is within `rel` (relative) of the expected one. */
function assertLosses(actual: readonly number[], expected: readonly number[], rel = 1e-12): void {
  assertEquals(actual.length, expected.length, "the number of losses");
  expected.forEach((e, i) => assertClose(actual[i], e, e * rel, `loss of step ${i + 1}`));
}

/** The training loop written out, from katas 03, 08 and 09, to compare with. */
function trainByHand(
  model: GPT,
  docs: readonly string[],
  tokenizer: Tokenizer,
  numSteps: number,
  learningRate?: number,
): number[] {
  const adam = new Adam(model.params, { learningRate });
  const losses: number[] = [];
  for (let step = 0; step < numSteps; step++) {
    const loss = documentLoss(model, tokenizer.encode(docs[step % docs.length]));
    backward(loss);
    adam.step(step, numSteps);
    losses.push(loss.data);
  }
  return losses;
}

Deno.test({
  name: "train() reproduces microgpt.py's five-step run",
  timeout: 20_000,
  fn() {
    const { model, docs, tokenizer } = setUp();
    const losses = train(model, docs, tokenizer, { numSteps: 5 });
    assertLosses(losses, [
      3.443011724217978,
      3.436567271273728,
      3.2384029443987603,
      3.398413078987181,
      3.2019244936592544,
    ]);
  },
});

Deno.test({
  name: "train() stops after stopAfter steps, keeping the schedule of numSteps",
  timeout: 20_000,
  fn() {
    // The first steps of the 1000-step run: the learning rate decays over 1000 steps, not 3
    const { model, docs, tokenizer } = setUp();
    const losses = train(model, docs, tokenizer, { numSteps: 1000, stopAfter: 3 });
    assertLosses(losses, [3.443011724217978, 3.436567271273728, 3.2364939155688996]);
  },
});

Deno.test({
  name: "train() calls onStep once per step with the step and its loss",
  timeout: 20_000,
  fn() {
    const { model, docs, tokenizer } = setUp();
    const onStep = spy((_step: number, _loss: number) => {});
    const losses = train(model, docs, tokenizer, { numSteps: 1000, stopAfter: 3, onStep });
    assertSpyCalls(onStep, 3);
    for (let step = 0; step < 3; step++) {
      assertSpyCall(onStep, step, { args: [step, losses[step]] });
    }
    assertClose(onStep.calls[0].args[1], 3.443011724217978, 1e-12, "the loss of step 0");
  },
});

Deno.test({
  name: "train() goes back to the first document after the last",
  timeout: 20_000,
  fn() {
    const a = setUp();
    const b = setUp();
    const twoDocs = a.docs.slice(0, 2); // steps 0, 1, 2, 3 use documents 0, 1, 0, 1
    const losses = train(a.model, twoDocs, a.tokenizer, { numSteps: 4 });
    assertEquals(losses, trainByHand(b.model, twoDocs, b.tokenizer, 4));
  },
});

Deno.test({
  name: "train() passes the learningRate option to Adam",
  timeout: 20_000,
  fn() {
    const a = setUp();
    const b = setUp();
    const losses = train(a.model, a.docs, a.tokenizer, { numSteps: 3, learningRate: 0.05 });
    const expected = trainByHand(b.model, b.docs, b.tokenizer, 3, 0.05);
    assertEquals(losses, expected);
    const c = setUp();
    assertNotEquals(losses, trainByHand(c.model, c.docs, c.tokenizer, 3)); // not the default 0.01
  },
});

Deno.test({
  name: "train() leaves the model's parameters changed and their gradients at 0",
  timeout: 20_000,
  fn() {
    const { model, docs, tokenizer } = setUp();
    const before = model.params.map((p) => p.data);
    train(model, docs, tokenizer, { numSteps: 2 });
    assertNotEquals(model.params.map((p) => p.data), before);
    assertEquals(model.params.filter((p) => p.grad !== 0).length, 0, "parameters with a gradient");
  },
});

Deno.test({
  name: "train() makes the model better at a name it sees again and again",
  timeout: 20_000,
  fn() {
    // Training works: 30 steps on one name take its loss from about log(27) = 3.3 to under
    // 0.1: the model learns the name by heart
    const { model, tokenizer } = setUp();
    const losses = train(model, ["emma"], tokenizer, { numSteps: 30 });
    assertClose(losses[0], 3.3, 0.3, "the first loss");
    assertLess(losses[29], 0.1);
  },
});
