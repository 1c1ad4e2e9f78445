// Tests of `deno task sample` (scripts/sample.ts) and of the checkpoints
// `deno task train --save` writes (scripts/_checkpoint.ts).

import { assert, assertEquals, assertFalse, assertStringIncludes, assertThrows } from "@std/assert";
import {
  CHECKPOINT_VERSION,
  CheckpointError,
  parameterCount,
  parseCheckpoint,
  splitPath,
  temporaryPathFor,
  writeFileAtomic,
} from "./_checkpoint.ts";
import {
  hasStackTrace,
  makeRepository,
  recordingIo,
  ROOT,
  ROOT_URL,
  runScript,
  TASK_FLAGS,
  taskFlags,
} from "./_cli_test_utils.ts";
import { UsageError } from "./_flags.ts";
import { join } from "./_path.ts";
import { runSample, sampleSettings } from "./sample.ts";
import { runTrain } from "./train.ts";
import fiveSteps from "./testdata/microgpt_5_steps.json" with { type: "json" };

/** The permission flags of the sample task: deno.json's, or the intended ones until it has them. */
const SAMPLE_FLAGS = await taskFlags("sample", "scripts/sample.ts") ?? [...TASK_FLAGS.sample];

/** The sample lines microgpt.py prints after its five-step run. */
const FIVE_STEP_SAMPLES = fiveSteps.printed_sample_lines.map((line) => line + "\n").join("");

/**
 * A folder holding `model.json`, saved by the reference's five-step run
 * (shared by the tests: made once).
 */
const SAVED = await (async () => {
  const dir = await Deno.makeTempDir({ prefix: "microgpt-checkpoint-" });
  const path = join(dir, "model.json");
  const io = recordingIo();
  const code = await runTrain(["--reference", "--steps=5", `--save=${path}`], io);
  if (code !== 0) throw new Error(`the five-step run failed: ${io.stderr()}`);
  return { dir, path, text: await Deno.readTextFile(path) };
})();
globalThis.addEventListener("unload", () => Deno.removeSync(SAVED.dir, { recursive: true }));

/** Runs `deno task sample` in-process; returns the exit code and what it printed. */
async function sample(args: readonly string[], root = ROOT_URL) {
  const io = recordingIo();
  const code = await runSample(args, io, root);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Writes `text` as a checkpoint in a fresh file and returns its path. */
async function checkpointFile(text: string | Uint8Array, name = "bad.json"): Promise<string> {
  const path = join(await Deno.makeTempDir({ dir: SAVED.dir }), name);
  if (typeof text === "string") await Deno.writeTextFile(path, text);
  else await Deno.writeFile(path, text);
  return path;
}

/** The saved checkpoint as JSON, changed by `edit`. */
function edited(edit: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(SAVED.text);
  edit(json);
  return JSON.stringify(json);
}

Deno.test({
  name: "train --save writes a checkpoint of the trained model and the generator after training",
  timeout: 60_000,
  fn() {
    const checkpoint = parseCheckpoint(SAVED.text, SAVED.path);
    assertEquals(checkpoint.format, "microgpt-checkpoint");
    assertEquals(checkpoint.version, CHECKPOINT_VERSION);
    assertEquals(checkpoint.config, {
      vocabSize: 27,
      nLayer: 1,
      nEmbd: 16,
      nHead: 4,
      blockSize: 16,
    });
    assertEquals(checkpoint.chars.join(""), "abcdefghijklmnopqrstuvwxyz");
    assertEquals(checkpoint.params.length, 4192);
    assertEquals(checkpoint.training, {
      stepsDone: 5,
      numSteps: 5,
      learningRate: 0.01,
      seed: "42",
      data: "data/names.txt",
      lastLoss: fiveSteps.losses_full_precision[4],
    });
    assertEquals(checkpoint.sampling, { temperature: 0.5, samples: 20 });
    assertEquals(checkpoint.rngState.mt.length, 624);
  },
});

Deno.test({
  name: "sample --load prints exactly the names the training run printed",
  timeout: 60_000,
  async fn() {
    const { code, stdout, stderr } = await sample(["--reference", `--load=${SAVED.path}`]);
    assertEquals(stderr, "");
    assertEquals(code, 0);
    assertEquals(stdout, FIVE_STEP_SAMPLES);
  },
});

Deno.test({
  name: "sample --load takes --samples, --temperature and --seed over the checkpoint's",
  timeout: 60_000,
  async fn() {
    const load = `--load=${SAVED.path}`;
    const three = await sample(["--reference", load, "--samples=3"]);
    assertEquals(three.stdout, fiveSteps.printed_sample_lines.slice(0, 3).join("\n") + "\n");
    const hot = await sample(["--reference", load, "--temperature=2"]);
    assertEquals(hot.code, 0);
    assert(hot.stdout !== FIVE_STEP_SAMPLES, "another temperature gives other names");
    const seeded = await sample(["--reference", load, "--seed", "-3", "--samples=5"]);
    assertEquals(seeded.code, 0);
    assertEquals(seeded.stdout.split("\n").length, 6);
    assertEquals(
      (await sample(["--reference", load, "--seed=3", "--samples=5"])).stdout,
      seeded.stdout,
    );
    const none = await sample(["--reference", load, "--samples=0"]);
    assertEquals([none.code, none.stdout], [0, ""]);
  },
});

Deno.test({
  name: "sample --load uses the learner's katas by default, naming an unfinished one",
  timeout: 60_000,
  async fn() {
    const stub = await Deno.readTextFile(join(ROOT, "katas", "11", "sample.ts"));
    const done = await makeRepository();
    const notDone = await makeRepository({ "katas/11/sample.ts": stub });
    try {
      const ok = await sample([`--load=${SAVED.path}`], done.url);
      assertEquals([ok.code, ok.stdout, ok.stderr], [0, FIVE_STEP_SAMPLES, ""]);
      const { code, stdout, stderr } = await sample([`--load=${SAVED.path}`], notDone.url);
      assertEquals(code, 1);
      assertEquals(stdout, "");
      assertEquals(
        stderr,
        "error: Kata 11 (Sampling names) is not finished, so writing names cannot go on: " +
          "sampleName is not written yet: see katas/11/README.md\nFinish it (deno test " +
          "katas/11 shows what is left), or run the reference solutions instead: " +
          "deno task sample --reference\n",
      );
    } finally {
      await Deno.remove(done.dir, { recursive: true });
      await Deno.remove(notDone.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "sample refuses a checkpoint that is cut short, damaged or not one",
  timeout: 60_000,
  async fn() {
    const cases: [string | Uint8Array, string][] = [
      [SAVED.text.slice(0, SAVED.text.length / 2), "it is not valid JSON"],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "it is not UTF-8 text"],
      ["[1, 2, 3]", "it is not a JSON object"],
      ['{"format": "something-else"}', 'it is not a microgpt checkpoint (its "format" is'],
      [edited((j) => j.version = 99), "it has version 99"],
      [edited((j) => (j.config as Record<string, unknown>).nEmbd = 15), "does not divide"],
      [
        edited((j) => (j.params as number[]).pop()),
        "it has 4191 parameters where its configuration",
      ],
      [edited((j) => (j.params as unknown[])[7] = "x"), "parameter 7 is"],
      [edited((j) => (j.chars as string[]).pop()), "it has 25 characters, so 26 tokens with BOS"],
      [edited((j) => (j.chars as string[]).reverse()), "sorted by code point"],
      [edited((j) => (j.sampling as Record<string, unknown>).temperature = 0), "temperature"],
      [edited((j) => delete j.rngState), '"rngState" is missing'],
      [
        edited((j) => (j.rngState as Record<string, unknown>).index = 9999),
        "generator state is damaged",
      ],
    ];
    for (const [text, message] of cases) {
      const path = await checkpointFile(text);
      const { code, stdout, stderr } = await sample(["--reference", `--load=${path}`]);
      assertEquals(code, 1, message);
      assertEquals(stdout, "", message);
      assertStringIncludes(stderr, message);
      assertStringIncludes(stderr, path);
      assertFalse(hasStackTrace(stderr), stderr);
    }
  },
});

Deno.test({
  name: "sample reports a missing --load, a missing file or a folder with exit code 2",
  timeout: 60_000,
  async fn() {
    const missing = await sample(["--reference"]);
    assertEquals(missing.code, 2);
    assertStringIncludes(missing.stderr, "Flag --load is required");
    const nowhere = await sample(["--reference", `--load=${join(SAVED.dir, "nope.json")}`]);
    assertEquals(nowhere.code, 2);
    assertStringIncludes(nowhere.stderr, "there is no file at that path");
    const folder = await sample(["--reference", `--load=${SAVED.dir}`]);
    assertEquals(folder.code, 2);
    assertStringIncludes(folder.stderr, "it is a folder");
  },
});

Deno.test({
  name: "sampleSettings() reads its flags and refuses bad ones",
  timeout: 10_000,
  fn() {
    assertEquals(sampleSettings(["--load", "m.json", "--seed", "-2", "--samples=4"]), {
      load: "m.json",
      samples: 4,
      temperature: undefined,
      seed: -2,
      engine: "scalar",
      reference: false,
    });
    assertEquals(sampleSettings(["--help"]), "help");
    assertThrows(
      () => sampleSettings(["--load=m", "--temperature=0"]),
      UsageError,
      "greater than 0",
    );
    assertThrows(() => sampleSettings(["--load=m", "--samples=1.5"]), UsageError, "whole number");
    assertThrows(
      () => sampleSettings(["--load=m", "--steps=5"]),
      UsageError,
      "Unknown flag --steps",
    );
  },
});

Deno.test({
  name: "parameterCount() counts microgpt.py's parameters for any shape",
  timeout: 10_000,
  fn() {
    assertEquals(
      parameterCount({ vocabSize: 27, nLayer: 1, nEmbd: 16, nHead: 4, blockSize: 16 }),
      4192,
    );
    // wte 5x8, wpe 4x8, lm_head 5x8, then per layer 4 x 8x8 and 2 x 32x8
    assertEquals(
      parameterCount({ vocabSize: 5, nLayer: 2, nEmbd: 8, nHead: 2, blockSize: 4 }),
      40 + 32 + 40 + 2 * (4 * 64 + 2 * 256),
    );
  },
});

Deno.test({
  name: "writeFileAtomic() replaces a file whole, through a temporary file in the same folder",
  timeout: 10_000,
  async fn() {
    const dir = await Deno.makeTempDir({ dir: SAVED.dir });
    const path = join(dir, "deep", "er", "out.json");
    await writeFileAtomic(path, "first");
    await writeFileAtomic(path, "second");
    assertEquals(await Deno.readTextFile(path), "second");
    assertEquals([...Deno.readDirSync(join(dir, "deep", "er"))].map((e) => e.name), ["out.json"]);
    // a write that fails (the target is a folder) leaves no temporary file behind
    await Deno.mkdir(join(dir, "taken"));
    let failed = false;
    await writeFileAtomic(join(dir, "taken"), "x").catch(() => failed = true);
    assert(failed);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["deep", "taken"]);
  },
});

Deno.test({
  name: "temporaryPathFor() is a hidden file beside the target",
  timeout: 10_000,
  fn() {
    assertEquals(splitPath("runs/model.json"), {
      folder: "runs",
      prefix: "runs/",
      base: "model.json",
    });
    assertEquals(splitPath("model.json"), { folder: ".", prefix: "", base: "model.json" });
    assertEquals(splitPath("/m.json").folder, "/");
    assert(/^runs\/\.model\.json\.[0-9a-f]{8}\.tmp$/.test(temporaryPathFor("runs/model.json")));
    assert(/^\.model\.json\.[0-9a-f]{8}\.tmp$/.test(temporaryPathFor("model.json")));
  },
});

Deno.test({
  name: "deno.json's sample task gives deno run exactly the documented flags",
  ignore: (await taskFlags("sample", "scripts/sample.ts")) === undefined,
  timeout: 10_000,
  async fn() {
    const flags = await taskFlags("sample", "scripts/sample.ts");
    assertEquals(flags, [...TASK_FLAGS.sample]);
  },
});

Deno.test({
  name: "sample with the task's permissions reads a checkpoint in runs/ and refuses one outside",
  timeout: 60_000,
  async fn() {
    const folder = `runs/.test-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await Deno.mkdir(join(ROOT, folder), { recursive: true });
      await Deno.copyFile(SAVED.path, join(ROOT, folder, "model.json"));
      const inside = await runScript(SAMPLE_FLAGS, "scripts/sample.ts", [
        "--reference",
        `--load=${folder}/model.json`,
      ]);
      assertEquals([inside.code, inside.stdout, inside.stderr], [0, FIVE_STEP_SAMPLES, ""]);
      const outside = await runScript(SAMPLE_FLAGS, "scripts/sample.ts", [
        "--reference",
        `--load=${SAVED.path}`,
      ]);
      assertEquals(outside.code, 2);
      assertStringIncludes(outside.stderr, `Cannot read the checkpoint "${SAVED.path}"`);
      assertFalse(hasStackTrace(outside.stderr), outside.stderr);
    } finally {
      await Deno.remove(join(ROOT, folder), { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "parseCheckpoint() reports a missing field as a CheckpointError",
  timeout: 10_000,
  fn() {
    assertThrows(
      () => parseCheckpoint('{"format": "microgpt-checkpoint", "version": 1}', "x.json"),
      CheckpointError,
      '"config" is missing',
    );
  },
});
