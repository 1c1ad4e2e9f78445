// Maintainers' tests: for settings and datasets other than the defaults,
// `deno task train --reference` prints what microgpt.py printed for them,
// byte for byte, with either engine (figures and how they were measured:
// scripts/testdata/README.md). Needs --allow-read=.

import { assertEquals } from "@std/assert";
import { trainInProcess } from "./_cli_test_utils.ts";
import oddNames from "./testdata/microgpt_odd_names_output.txt" with { type: "text" };
import wideShort from "./testdata/microgpt_wide_short_output.txt" with { type: "text" };

/** Runs `deno task train` in this process with `args`; returns its exit code and output. */
async function train(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await trainInProcess(args);
  return { code, out: stdout, err: stderr };
}

const RUNS = [
  {
    what:
      "an odd dataset (accents, an astral character, CRLF and CR, Python-only whitespace), 2 layers",
    args: [
      "--data=scripts/testdata/odd_names.txt",
      "--seed=-7",
      "--n-embd=8",
      "--n-head=2",
      "--n-layer=2",
      "--block-size=8",
      "--steps=40",
      "--learning-rate=0.02",
      "--temperature=0.8",
      "--samples=12",
    ],
    expected: oddNames,
  },
  {
    what: "a seed above 2**32, 3 heads, a block shorter than most names, an empty sample",
    args: [
      "--seed=1099511627781",
      "--n-embd=24",
      "--n-head=3",
      "--n-layer=1",
      "--block-size=5",
      "--steps=20",
      "--learning-rate=0.005",
      "--temperature=1.3",
      "--samples=8",
    ],
    expected: wideShort,
  },
];

for (const { what, args, expected } of RUNS) {
  for (const engine of ["scalar", "fast"]) {
    Deno.test({
      name: `train --reference --engine ${engine} prints microgpt.py's output for ${what}`,
      timeout: 60_000,
      async fn() {
        const { code, out, err } = await train(["--reference", `--engine=${engine}`, ...args]);
        assertEquals([code, err], [0, ""]);
        assertEquals(out, expected);
      },
    });
  }
}
