// Tests of `deno task train` (scripts/train.ts). The figures are the parity
// files measured on the original microgpt.py, copied into scripts/testdata/.

import {
  assert,
  assertEquals,
  assertFalse,
  assertMatch,
  assertNotEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { UsageError } from "./_flags.ts";
import {
  hasStackTrace,
  makeRepository,
  NAMES,
  ROOT,
  ROOT_URL,
  runScript,
  TASK_FLAGS,
  taskFlags,
  trainInProcess,
} from "./_cli_test_utils.ts";
import { join } from "./_path.ts";
import { trainSettings } from "./train.ts";
import fiveSteps from "./testdata/microgpt_5_steps.json" with { type: "json" };
import defaultOutput from "./testdata/microgpt_default_output.txt" with { type: "text" };

/** The permission flags of the train task: deno.json's, or the intended ones until it has them. */
const TRAIN_FLAGS = await taskFlags("train", "scripts/train.ts") ?? [...TASK_FLAGS.train];

/** The stdout microgpt.py prints with num_steps = 5. */
const FIVE_STEP_OUTPUT = [
  "num docs: 8403",
  "vocab size: 27",
  "num params: 4192",
  ...fiveSteps.printed_step_lines,
  "",
  "--- inference (new, hallucinated names) ---",
  ...fiveSteps.printed_sample_lines,
  "",
].join("\n");

const train = trainInProcess;

Deno.test({
  name: "trainSettings() defaults to microgpt.py's settings",
  timeout: 10_000,
  fn() {
    assertEquals(trainSettings([]), {
      seed: 42,
      numSteps: 1000,
      nLayer: 1,
      nEmbd: 16,
      nHead: 4,
      blockSize: 16,
      learningRate: 0.01,
      temperature: 0.5,
      samples: 20,
      data: undefined,
      engine: "scalar",
      reference: false,
      save: undefined,
      plot: undefined,
    });
  },
});

Deno.test({
  name: "trainSettings() reads every flag, a negative seed in both forms",
  timeout: 10_000,
  fn() {
    const settings = trainSettings([
      "--seed",
      "-1",
      "--steps=7",
      "--n-layer",
      "2",
      "--n-embd=32",
      "--n-head=8",
      "--block-size=8",
      "--learning-rate=1e-3",
      "--temperature",
      ".8",
      "--samples=0",
      "--data=other.txt",
      "--reference",
      "--save=runs/a.json",
      "--plot=runs/a.svg",
    ]);
    assertEquals(settings, {
      seed: -1,
      numSteps: 7,
      nLayer: 2,
      nEmbd: 32,
      nHead: 8,
      blockSize: 8,
      learningRate: 0.001,
      temperature: 0.8,
      samples: 0,
      data: "other.txt",
      engine: "scalar",
      reference: true,
      save: "runs/a.json",
      plot: "runs/a.svg",
    });
    assertEquals(trainSettings(["--seed=-1"]), trainSettings(["--seed", "-1"]));
    assertEquals(
      (trainSettings(["--seed=123456789012345678901234567890"]) as { seed: unknown }).seed,
      123456789012345678901234567890n,
    );
    assertEquals(trainSettings(["--help"]), "help");
    assertEquals(trainSettings(["-h"]), "help");
  },
});

Deno.test({
  name: "trainSettings() refuses numbers that are not whole or out of range",
  timeout: 10_000,
  fn() {
    const refused: [string[], string][] = [
      [["--steps=0"], "--steps must be a whole number from 1"],
      [["--steps=-5"], "--steps must be a whole number from 1"],
      [["--steps", "-5"], "--steps must be a whole number from 1"],
      [["--steps=2.5"], "--steps must be a whole number"],
      [["--steps=1e3"], "--steps must be a whole number"],
      [["--steps=ten"], "--steps must be a whole number"],
      [["--n-layer=0"], "--n-layer must be a whole number from 1"],
      [["--n-embd=100000"], "--n-embd must be a whole number from 1 to 4096"],
      [["--block-size=0"], "--block-size"],
      [["--samples=-1"], "--samples must be a whole number from 0"],
      [["--seed=4.2"], "--seed must be a whole number"],
      [["--learning-rate=0"], "--learning-rate must be a number greater than 0"],
      [["--learning-rate=abc"], "--learning-rate must be a number"],
      [["--temperature=0"], "--temperature must be a number greater than 0"],
      [["--temperature=-0.5"], "--temperature must be a number greater than 0"],
      [["--temperature=1e999"], "--temperature must be a number greater than 0"],
    ];
    for (const [args, message] of refused) {
      assertThrows(() => trainSettings(args), UsageError, message, args.join(" "));
    }
  },
});

Deno.test({
  name: "trainSettings() refuses an n_embd that n_head does not divide, suggesting a divisor",
  timeout: 10_000,
  fn() {
    const error = assertThrows(
      () => trainSettings(["--n-embd=18", "--n-head=4"]),
      UsageError,
      "--n-head must divide --n-embd",
    );
    assertStringIncludes(error.message, "--n-embd is 18 and --n-head is 4 (try --n-head=3)");
  },
});

Deno.test({
  name: "trainSettings() refuses unknown flags, stray arguments, missing values and clashes",
  timeout: 10_000,
  fn() {
    assertThrows(() => trainSettings(["--stepz=5"]), UsageError, "Unknown flag --stepz=5");
    assertThrows(() => trainSettings(["-x"]), UsageError, "Unknown flag -x");
    assertThrows(() => trainSettings(["5"]), UsageError, 'Unexpected argument "5"');
    assertThrows(() => trainSettings(["--steps"]), UsageError, "--steps needs a value");
    assertThrows(() => trainSettings(["--save="]), UsageError, "--save needs a value");
    assertThrows(() => trainSettings(["--engine=warp"]), UsageError, "--engine must be one of");
    assertThrows(
      () => trainSettings(["--save=runs/x", "--plot=runs/x"]),
      UsageError,
      "name the same file",
    );
  },
});

Deno.test({
  name: "runTrain() prints its help on stdout and exits 0",
  timeout: 10_000,
  async fn() {
    const { code, stdout, stderr } = await train(["--help"]);
    assertEquals(code, 0);
    assertStringIncludes(stdout, "Usage: deno task train [flags]");
    for (const flag of ["--seed", "--steps", "--n-layer", "--n-embd", "--n-head", "--block-size"]) {
      assertStringIncludes(stdout, flag);
    }
    assertStringIncludes(stdout, "--seed=-1");
    assertEquals(stderr, "");
  },
});

Deno.test({
  name: "runTrain() reports a mistake in the flags with exit code 2, before any work",
  timeout: 10_000,
  async fn() {
    const { code, stdout, stderr } = await train(["--n-embd=18"]);
    assertEquals(code, 2);
    assertEquals(stdout, "");
    assertEquals(
      stderr,
      "error: Flag --n-head must divide --n-embd, so that each head gets n_embd / n_head " +
        "numbers: --n-embd is 18 and --n-head is 4 (try --n-head=3)\n" +
        "Run deno task train --help to see the flags.\n",
    );
  },
});

Deno.test({
  name: "runTrain() with --reference prints microgpt.py's five-step run",
  timeout: 60_000,
  async fn() {
    const { code, stdout, stderr } = await train(["--reference", "--steps=5"]);
    assertEquals(stderr, "");
    assertEquals(code, 0);
    assertEquals(stdout, FIVE_STEP_OUTPUT);
  },
});

Deno.test({
  name: "runTrain() runs the learner's katas by default, naming the first unfinished one",
  timeout: 60_000,
  async fn() {
    // A repository whose katas are all finished but kata 09, left as its stub
    const stub = await Deno.readTextFile(join(ROOT, "katas", "09", "adam.ts"));
    const repo = await makeRepository({ "katas/09/adam.ts": stub });
    try {
      const { code, stdout, stderr } = await train(["--steps=5", `--data=${NAMES}`], repo.url);
      assertEquals(code, 1);
      assertEquals(stdout, "num docs: 8403\nvocab size: 27\nnum params: 4192\n");
      assertEquals(
        stderr,
        "error: Kata 09 (Adam) is not finished, so training cannot go on: Adam is not written " +
          "yet: see katas/09/README.md\nFinish it (deno test katas/09 shows what is left), or " +
          "run the reference solutions instead: deno task train --reference\n",
      );
    } finally {
      await Deno.remove(repo.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runTrain() names the kata whose code throws, and where, without a stack trace",
  timeout: 60_000,
  async fn() {
    const broken = [
      "// A kata 11 with a bug",
      "export function sampleName(): string {",
      "  const cache: { keys: number[] } | undefined = undefined;",
      "  return String(cache!.keys.length);",
      "}",
    ].join("\n");
    const repo = await makeRepository({ "katas/11/sample.ts": broken });
    try {
      const { code, stdout, stderr } = await train(["--steps=1", `--data=${NAMES}`], repo.url);
      assertEquals(code, 1);
      assertStringIncludes(stdout, "--- inference (new, hallucinated names) ---\n");
      assertMatch(
        stderr,
        /^error: Kata 11 \(Sampling names\) failed while writing names: TypeError: .+ \(at katas\/11\/sample\.ts:4:\d+\)\ndeno test katas\/11 shows what is wrong; or run the reference solutions instead: deno task train --reference\n$/,
      );
    } finally {
      await Deno.remove(repo.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runTrain() names a kata file that does not load",
  timeout: 60_000,
  async fn() {
    const repo = await makeRepository({ "katas/08/loss.ts": "export function crossEntropy( {" });
    try {
      const { code, stdout, stderr } = await train(["--steps=1", `--data=${NAMES}`], repo.url);
      assertEquals(code, 1);
      assertEquals(stdout, "");
      assertStringIncludes(stderr, "kata 08 (Loss) does not load");
      assertStringIncludes(stderr, "--reference");
      assertFalse(hasStackTrace(stderr), stderr);
    } finally {
      await Deno.remove(repo.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runTrain() stops when the loss stops being finite, naming the step",
  timeout: 60_000,
  async fn() {
    const args = ["--reference", "--steps=5", "--learning-rate=100"];
    const { code, stdout, stderr } = await train(args);
    assertEquals(code, 1);
    assert(stdout.endsWith("step    1 /    5 | loss 3.4430\n"), stdout);
    assertEquals(
      stderr,
      "error: The loss of step 2 is Infinity, not a finite number, so training stopped (the " +
        "numbers overflowed): try a smaller --learning-rate (it is 100)\n",
    );
  },
});

Deno.test({
  name: "runTrain() refuses a dataset that is missing, not UTF-8, empty or without documents",
  timeout: 60_000,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "microgpt-data-" });
    try {
      const cases: [string, Uint8Array | undefined, string][] = [
        ["missing.txt", undefined, "there is no file at that path"],
        ["latin1.txt", new Uint8Array([0x72, 0xe9, 0x6d, 0x69, 0x0a]), "it is not UTF-8 text"],
        ["empty.txt", new Uint8Array(0), "the file is empty"],
        ["blank.txt", new TextEncoder().encode(" \n\t\n"), "only spaces and line breaks"],
        // U+001C is whitespace to Python's strip(), so no line holds a document
        ["separators.txt", new TextEncoder().encode("\x1c\n\x1d\n"), "it holds no documents"],
      ];
      for (const [name, bytes, message] of cases) {
        const path = join(dir, name);
        if (bytes !== undefined) await Deno.writeFile(path, bytes);
        const { code, stdout, stderr } = await train(["--reference", `--data=${path}`]);
        assertEquals(code, 1, name);
        assertEquals(stdout, "", name);
        assertStringIncludes(stderr, message, name);
        assertStringIncludes(stderr, path, name);
        assertFalse(hasStackTrace(stderr), stderr);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runTrain() trains on another dataset and other settings",
  timeout: 60_000,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "microgpt-data-" });
    try {
      const path = join(dir, "pets.txt");
      await Deno.writeTextFile(path, "rex\r\nfido\n\n  tom  \nfélix\n");
      const args = [
        "--reference",
        `--data=${path}`,
        "--steps=3",
        "--n-layer=2",
        "--n-embd=8",
        "--n-head=2",
        "--block-size=4",
        "--samples=2",
        "--seed=-7",
      ];
      const { code, stdout, stderr } = await train(args);
      assertEquals(stderr, "");
      assertEquals(code, 0);
      const lines = stdout.split("\n");
      // 4 documents; 11 characters (é is one) and BOS; 8*(2*12+4) + 2*12*8*8 parameters
      assertEquals(lines.slice(0, 3), ["num docs: 4", "vocab size: 12", "num params: 1760"]);
      assertMatch(lines[3], /^step {4}1 \/ {4}3 \| loss \d\.\d{4}$/);
      assertMatch(lines[9], /^sample {2}2: [a-zé]*$/);
      assertEquals(lines.length, 11);
      // the same flags give the same output: everything comes from the one seeded generator
      assertEquals((await train(args)).stdout, stdout);
      assertNotEquals((await train([...args, "--seed=8"])).stdout, stdout);
      // as in Python, a negative seed seeds as its absolute value
      assertEquals((await train([...args, "--seed=7"])).stdout, stdout);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runTrain() draws a progress bar and a loss chart on a terminal's stderr only",
  timeout: 60_000,
  async fn() {
    const plain = await train(["--reference", "--steps=5"]);
    const colour = await train(["--reference", "--steps=5"], ROOT_URL, true, true);
    const noColor = await train(["--reference", "--steps=5"], ROOT_URL, true, false);
    assertEquals(colour.stdout, plain.stdout, "stdout is the same on a terminal");
    assertEquals(noColor.stdout, plain.stdout);
    for (const run of [colour, noColor]) {
      assertStringIncludes(run.stderr, "step 5/5");
      assertStringIncludes(run.stderr, "loss 3.2019");
      assertStringIncludes(run.stderr, "left");
      assertStringIncludes(run.stderr, "┤", "the chart's axis");
    }
    assertStringIncludes(noColor.stderr, "█ 100% | loss 3.2019 | 0:00 left");
    assertStringIncludes(colour.stderr, "\x1b[36m", "colours when allowed");
    // deno-lint-ignore no-control-regex
    assertFalse(/\x1b\[\d+m/.test(noColor.stderr), "no colour under NO_COLOR");
  },
});

Deno.test({
  name: "runTrain() with --plot draws the losses into an SVG file",
  timeout: 60_000,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "microgpt-plot-" });
    try {
      const path = join(dir, "sub", "loss.svg");
      const { code, stdout, stderr } = await train(["--reference", "--steps=5", `--plot=${path}`]);
      assertEquals(code, 0);
      assertEquals(stdout, FIVE_STEP_OUTPUT, "stdout is unchanged");
      assertStringIncludes(stderr, `Drew the loss curve in ${path}`);
      const svg = await Deno.readTextFile(path);
      assert(svg.startsWith("<svg"), svg.slice(0, 50));
      assertEquals([...Deno.readDirSync(join(dir, "sub"))].map((e) => e.name), ["loss.svg"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "deno.json's train task gives deno run exactly the documented flags",
  ignore: (await taskFlags("train", "scripts/train.ts")) === undefined,
  timeout: 10_000,
  async fn() {
    const flags = await taskFlags("train", "scripts/train.ts");
    assertEquals(flags, [...TASK_FLAGS.train]);
  },
});

Deno.test({
  name: "train with the task's permissions refuses --save and --plot outside runs/ before any work",
  timeout: 60_000,
  async fn() {
    const outside = join(await Deno.makeTempDir({ prefix: "microgpt-out-" }), "model.json");
    try {
      for (const flag of ["save", "plot"]) {
        const run = await runScript(TRAIN_FLAGS, "scripts/train.ts", [
          "--reference",
          `--${flag}=${outside}`,
        ]);
        assertEquals(run.code, 2);
        assertEquals(run.stdout, "");
        assertStringIncludes(run.stderr, `Cannot write the --${flag} file "${outside}"`);
        assertStringIncludes(run.stderr, `use --${flag} runs/model.json`);
        assertFalse(hasStackTrace(run.stderr), run.stderr);
      }
    } finally {
      await Deno.remove(join(outside, ".."), { recursive: true });
    }
  },
});

Deno.test({
  name: "train with the task's permissions refuses a dataset outside the repository",
  timeout: 60_000,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "microgpt-data-" });
    try {
      const path = join(dir, "names.txt");
      await Deno.writeTextFile(path, "ann\nbob\n");
      const run = await runScript(TRAIN_FLAGS, "scripts/train.ts", [`--data=${path}`]);
      assertEquals(run.code, 2);
      assertEquals(run.stdout, "");
      assertStringIncludes(run.stderr, `Cannot read the dataset "${path}"`);
      assertStringIncludes(run.stderr, "copy the file into data/");
      assertFalse(hasStackTrace(run.stderr), run.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "train with the task's permissions saves into runs/, leaving no temporary file",
  timeout: 60_000,
  async fn() {
    const folder = `runs/.test-${crypto.randomUUID().slice(0, 8)}`;
    try {
      const run = await runScript(TRAIN_FLAGS, "scripts/train.ts", [
        "--reference",
        "--steps=5",
        `--save=${folder}/model.json`,
        `--plot=${folder}/loss.svg`,
      ]);
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stdout, FIVE_STEP_OUTPUT);
      assertFalse(hasStackTrace(run.stderr));
      const names = [...Deno.readDirSync(join(ROOT, folder))].map((e) => e.name).sort();
      assertEquals(names, ["loss.svg", "model.json"]);
    } finally {
      await Deno.remove(join(ROOT, folder), { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "train with the task's permissions reports a mistake with exit code 2 and no stack trace",
  timeout: 60_000,
  async fn() {
    const run = await runScript(TRAIN_FLAGS, "scripts/train.ts", ["--stepz=3"]);
    assertEquals(run.code, 2);
    assertEquals(run.stdout, "");
    assertStringIncludes(run.stderr, "error: Unknown flag --stepz=3");
    assertFalse(hasStackTrace(run.stderr), run.stderr);
  },
});

Deno.test({
  name:
    "train --reference with the task's permissions prints microgpt.py's default output byte for byte",
  timeout: 300_000,
  async fn() {
    const run = await runScript(TRAIN_FLAGS, "scripts/train.ts", ["--reference"]);
    assertEquals(run.stderr, "");
    assertEquals(run.code, 0);
    assertEquals(run.stdout.length, defaultOutput.length);
    assert(run.stdout === defaultOutput, "the output differs from microgpt_default_output.txt");
  },
});
