/**
 * `deno task sample`: new names from a model saved by `deno task train --save`.
 *
 * ```sh
 * deno task train --save runs/model.json      # train once
 * deno task sample --load runs/model.json     # the same 20 names the run printed
 * deno task sample --load runs/model.json --samples=50 --temperature=0.8 --seed=7
 * ```
 *
 * Without flags it continues from the random generator's state saved right
 * after training, with the run's temperature and number of samples, so it
 * prints exactly the `sample` lines the training run printed. `--seed`
 * starts a fresh generator instead.
 *
 * Permissions (the task's): `--allow-read=.`, nothing else.
 *
 * @module
 */

import { Random } from "../lib/random.ts";
import { CheckpointError, describeConfig, parseCheckpoint } from "./_checkpoint.ts";
import { DEFAULT_ENGINE, ENGINES, inKata, KataError, loadBuilding, type Tree } from "./_engine.ts";
import { positiveNumber, readFlags, seedNumber, UsageError, wholeNumber } from "./_flags.ts";
import { denoIo, type Io, reportError } from "./_io.ts";
import { formatInt } from "./_python_format.ts";

/** The command, as the learner types it. */
const COMMAND = "deno task sample";

/** Everything the command line sets. */
export interface SampleSettings {
  readonly load: string;
  readonly samples: number | undefined;
  readonly temperature: number | undefined;
  readonly seed: number | bigint | undefined;
  readonly engine: string;
  readonly reference: boolean;
}

/** The text of `--help`. */
export function sampleHelp(): string {
  return `${COMMAND}: new names from a model saved by deno task train --save

Usage: ${COMMAND} --load PATH [flags]

Without flags it prints exactly the names the training run printed: it
continues from the random generator as the run left it after training.

Flags:
  --load PATH         the checkpoint written by deno task train --save PATH (required)
  --samples N         how many names (default: the training run's)
  --temperature X     sampling temperature, > 0 (default: the training run's)
  --seed N            start a fresh generator with this seed (default: continue the run's);
                      a negative one as --seed=-1
  --engine NAME       how to sample: ${Object.keys(ENGINES).join(", ")} (${DEFAULT_ENGINE})
  --reference         use the reference solutions (solutions/) instead of your katas
  -h, --help          show this help

The task may read only inside the repository.
`;
}

/**
 * Reads and checks the command line.
 *
 * @param args The command-line arguments.
 * @returns The settings, or `"help"` for `--help`.
 * @throws {UsageError} For a mistake, saying which flag, its value and what is allowed.
 */
export function sampleSettings(args: readonly string[]): SampleSettings | "help" {
  const { values, switches } = readFlags(args, {
    values: ["load", "samples", "temperature", "seed", "engine"],
    switches: ["reference"],
  });
  if (switches.help) return "help";
  if (values.load === undefined) {
    throw new UsageError(
      "Flag --load is required: the checkpoint to sample from, such as --load runs/model.json " +
        "(deno task train --save runs/model.json writes one)",
    );
  }
  const engine = values.engine ?? DEFAULT_ENGINE;
  if (!Object.hasOwn(ENGINES, engine)) {
    throw new UsageError(
      `Flag --engine must be one of ${Object.keys(ENGINES).join(", ")}: current value is ${
        JSON.stringify(engine)
      }`,
    );
  }
  return {
    load: values.load,
    samples: values.samples === undefined
      ? undefined
      : wholeNumber("samples", values.samples, 0, 1_000_000),
    temperature: values.temperature === undefined
      ? undefined
      : positiveNumber("temperature", values.temperature),
    seed: values.seed === undefined ? undefined : seedNumber(values.seed),
    engine,
    reference: switches.reference,
  };
}

/**
 * Runs `deno task sample` with `args`, writing to `io`.
 *
 * @param args The command-line arguments.
 * @param io Where to write.
 * @param root The repository (its `katas/` and `solutions/`).
 * @returns The exit code: 0, 1 for a failure, 2 for a mistake on the command line.
 */
export async function runSample(
  args: readonly string[],
  io: Io,
  root: URL = new URL("../", import.meta.url),
): Promise<number> {
  try {
    const settings = sampleSettings(args);
    if (settings === "help") {
      io.out(sampleHelp());
      return 0;
    }
    await sample(settings, io, root);
    return 0;
  } catch (error) {
    return reportError(io, COMMAND, error);
  }
}

/** Reads the checkpoint file, with errors that say what to do. */
async function readCheckpointFile(path: string): Promise<string> {
  const name = JSON.stringify(path);
  if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
    throw new UsageError(
      `Cannot read the checkpoint ${name} as Deno was not allowed to read it: the task may ` +
        "read only inside the repository, so save it under runs/ (deno task train --save " +
        "runs/model.json); or run deno run --allow-read=.,<the file> scripts/sample.ts ...",
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `Cannot read the checkpoint ${name} as there is no file at that path: ` +
          "deno task train --save PATH writes one",
      );
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new UsageError(`Cannot read the checkpoint ${name} as it is a folder, not a file`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(`Cannot read the checkpoint ${name}: ${detail}`, { cause: error });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new CheckpointError(
      `Cannot read the checkpoint ${name} as it is not UTF-8 text: it is damaged, or not a ` +
        "checkpoint; save it again with deno task train --save PATH",
      { cause: error },
    );
  }
}

/** Loads the model and writes the names. */
async function sample(settings: SampleSettings, io: Io, root: URL): Promise<void> {
  const tree: Tree = settings.reference ? "solutions" : "katas";
  const command = settings.reference ? `${COMMAND} --reference` : COMMAND;
  const checkpoint = parseCheckpoint(await readCheckpointFile(settings.load), settings.load);
  const spec = ENGINES[settings.engine];
  const building = await loadBuilding(root, tree);
  const engine = await spec.load(root, tree);

  // The generator: the run's, as it was after training, unless a seed is given
  let rng: Random;
  if (settings.seed !== undefined) {
    rng = new Random(settings.seed);
  } else {
    rng = new Random(0);
    try {
      rng.setState(checkpoint.rngState);
    } catch (error) {
      throw new CheckpointError(
        `Cannot use the checkpoint ${JSON.stringify(settings.load)} as its generator state is ` +
          `damaged (${(error as Error).message}); pass --seed=N to start a fresh generator, or ` +
          "save it again with deno task train --save PATH",
        { cause: error },
      );
    }
  }

  // The tokenizer and the model, rebuilt by your katas, then given the saved numbers
  const { config, chars } = checkpoint;
  const tokenizer = inKata(
    tree,
    "05",
    "rebuilding the tokenizer",
    command,
    () => new building.Tokenizer([chars.join("")]),
  );
  if (tokenizer.chars.join("") !== chars.join("") || tokenizer.vocabSize !== config.vocabSize) {
    throw new KataError(
      `Kata 05's Tokenizer built the vocabulary ${JSON.stringify(tokenizer.chars.join(""))} ` +
        `(${tokenizer.vocabSize} tokens) from the checkpoint's characters ` +
        `${JSON.stringify(chars.join(""))} (${config.vocabSize} tokens): ` +
        `deno test katas/05 shows what is wrong`,
      "05",
    );
  }
  const model = inKata(tree, "07", "rebuilding the model", command, () => {
    const stateDict = building.initStateDict(config, new Random(0));
    return { config, stateDict, params: building.parameters(stateDict) };
  });
  if (model.params.length !== checkpoint.params.length) {
    throw new KataError(
      `Kata 07 made ${model.params.length} parameters for ${describeConfig(config)}, where the ` +
        `checkpoint has ${checkpoint.params.length}: deno test katas/07 shows what is wrong`,
      "07",
    );
  }
  model.params.forEach((p, i) => p.data = checkpoint.params[i]);

  const temperature = settings.temperature ?? checkpoint.sampling.temperature;
  const samples = settings.samples ?? checkpoint.sampling.samples;
  for (let i = 0; i < samples; i++) {
    const name = inKata(
      tree,
      spec.katas.sampleName,
      "writing names",
      command,
      () => engine.sampleName(model, tokenizer, rng, temperature),
    );
    io.out(`sample ${formatInt(i + 1, 2)}: ${name}\n`);
  }
}

if (import.meta.main) {
  Deno.exit(await runSample(Deno.args, denoIo()));
}
