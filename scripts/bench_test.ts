// Tests for the bench's cost model: the scalar engine's node count against the real graph.

import { assertEquals } from "@std/assert";
import { topologicalOrder } from "../solutions/02/topological_order.ts";
import { parseDocs, Tokenizer } from "../solutions/05/tokenizer.ts";
import { type GPT, type GPTConfig, initStateDict, parameters } from "../solutions/07/gpt.ts";
import { documentLoss } from "../solutions/08/loss.ts";
import { Random } from "../lib/random.ts";
import names from "../data/names.txt" with { type: "text" };
import { fastFlops, scalarNodes } from "./_bench_cost.ts";
import { v8FlagsOf } from "./bench.ts";

const docs = parseDocs(names);
const tokenizer = new Tokenizer(docs);

function model(shape: Partial<GPTConfig>): GPT {
  const config = { vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16, ...shape };
  const stateDict = initStateDict(config, new Random(1));
  return { config, stateDict, params: parameters(stateDict) };
}

Deno.test({
  name: "scalarNodes() counts every node topologicalOrder() finds from the loss",
  timeout: 20_000,
  fn() {
    const shapes: Partial<GPTConfig>[] = [
      {},
      { nLayer: 2, nEmbd: 8, nHead: 2, blockSize: 6 },
      { nLayer: 3, nEmbd: 12, nHead: 3, blockSize: 10 },
    ];
    for (const shape of shapes) {
      const m = model(shape);
      for (const doc of ["a", "anna", "bob", "maximiliana", "christopher"]) {
        const tokens = tokenizer.encode(doc);
        const real = topologicalOrder(documentLoss(m, tokens)).length;
        assertEquals(scalarNodes(m.config, tokens), real, `${JSON.stringify(shape)} "${doc}"`);
      }
    }
  },
});

Deno.test({
  name: "fastFlops() counts 6 FLOPs per multiply-add of the forward pass and 10 per parameter",
  timeout: 10_000,
  fn() {
    const tokens = tokenizer.encode("anna");
    const base = { vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16 };
    // 5 positions: multiply-adds 5 * (12 * 256 + 27 * 16) + 2 * 16 * (1 + 2 + 3 + 4 + 5) = 18,000;
    // parameters (2 * 27 + 16) * 16 + 12 * 256 = 4,192
    assertEquals(fastFlops(base, tokens), 6 * 18_000 + 10 * 4_192);
    assertEquals(fastFlops({ ...base, nLayer: 2 }, tokens), 6 * 33_840 + 10 * 7_264);
  },
});

Deno.test({
  name: "v8FlagsOf() finds the V8 flags of a task's command line",
  timeout: 10_000,
  fn() {
    assertEquals(
      v8FlagsOf("deno run --v8-flags=--max-semi-space-size=128 --allow-read=. scripts/train.ts"),
      ["--v8-flags=--max-semi-space-size=128"],
    );
    assertEquals(v8FlagsOf("deno run --allow-read=. scripts/train.ts"), []);
  },
});
