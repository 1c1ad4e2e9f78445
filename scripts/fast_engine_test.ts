// Maintainers' tests of the fast engine (kata 12's reference) inside the main program:
// `deno task train --reference --engine fast` must print what microgpt.py prints.
// Needs --allow-read=. (the program checks that it may read the dataset).

import { assertEquals } from "@std/assert";
import { trainInProcess } from "./_cli_test_utils.ts";
import expected from "./testdata/microgpt_default_output.txt" with { type: "text" };

/** Runs `deno task train` in this process with `args`; returns its exit code and output. */
async function train(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await trainInProcess(args);
  return { code, out: stdout, err: stderr };
}

Deno.test({
  name: "train --engine fast prints microgpt.py's whole default run, byte for byte",
  timeout: 60_000,
  async fn() {
    const { code, out, err } = await train(["--reference", "--engine=fast"]);
    assertEquals(err, "");
    assertEquals(code, 0);
    assertEquals(out.split("\n").length, 1026, "1025 lines, each ended by a newline");
    assertEquals(out, expected);
  },
});

Deno.test({
  name: "train --engine fast prints what the scalar engine prints, on another shape",
  timeout: 60_000,
  async fn() {
    const args = [
      "--reference",
      "--steps=25",
      "--n-layer=2",
      "--n-embd=8",
      "--n-head=2",
      "--block-size=8",
      "--learning-rate=0.02",
      "--seed=7",
      "--samples=8",
      "--temperature=0.9",
    ];
    const scalar = await train([...args, "--engine=scalar"]);
    const fast = await train([...args, "--engine=fast"]);
    assertEquals([scalar.code, fast.code], [0, 0]);
    assertEquals(fast.out.split("\n").length, 3 + 25 + 2 + 8 + 1);
    assertEquals(fast.out, scalar.out);
  },
});
