/**
 * `deno task train`: microgpt.py's whole program, built from YOUR katas.
 *
 * Seeds the generator, reads the dataset, shuffles it, builds the tokenizer
 * and the model, trains it and writes new names, printing on stdout exactly
 * what microgpt.py prints (its step lines ended by `\n` instead of `\r`):
 *
 * ```sh
 * deno task train                       # your katas, microgpt.py's settings
 * deno task train --reference           # the reference solutions
 * deno task train --steps=200 --samples=5 --temperature=0.8
 * deno task train --seed=-1             # negative numbers: with "=" (or "--seed -1")
 * deno task train --save runs/model.json --plot runs/loss.svg
 * ```
 *
 * On a terminal it also draws a progress bar and, at the end, a chart of the
 * loss, both on stderr. `--help` lists every flag.
 *
 * The task runs `deno run --v8-flags=--max-semi-space-size=128
 * --allow-read=. --allow-write=runs scripts/train.ts`. Permissions:
 * `--allow-read=.` (the katas are imported at run time, and the dataset is
 * read) and `--allow-write=runs` (the only place `--save` and `--plot` may
 * write). A path outside them is refused before any work starts, with the
 * `deno run` command that would allow it. The V8 flag gives the garbage
 * collector's young generation room for a whole step's graph of `Value`s,
 * which roughly halves the time of the default run.
 *
 * @module
 */

import { DatasetError, readDataset } from "../lib/data.ts";
import { Random } from "../lib/random.ts";
import {
  type Checkpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkpointText,
  temporaryPathFor,
  writeFileAtomic,
} from "./_checkpoint.ts";
import {
  DEFAULT_ENGINE,
  type Engine,
  ENGINES,
  inKata,
  KataError,
  loadBuilding,
  type Tree,
} from "./_engine.ts";
import { positiveNumber, readFlags, seedNumber, UsageError, wholeNumber } from "./_flags.ts";
import { denoIo, type Io, reportError } from "./_io.ts";
import { fromFileUrl } from "./_path.ts";
import { lossCurveSvg, terminalChart } from "./_plot.ts";
import { ProgressBar } from "./_progress.ts";
import { formatFixed, formatInt } from "./_python_format.ts";

/** The command, as the learner types it. */
const COMMAND = "deno task train";

/** The folder the task may write to (`--allow-write=runs`). */
export const WRITE_FOLDER = "runs";

/** The default dataset, relative to the repository. */
export const DEFAULT_DATA = "data/names.txt";

/** Everything the command line sets. */
export interface TrainSettings {
  readonly seed: number | bigint;
  readonly numSteps: number;
  readonly nLayer: number;
  readonly nEmbd: number;
  readonly nHead: number;
  readonly blockSize: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly samples: number;
  /** The dataset's path, as given (relative to the current folder), or `undefined` for the default. */
  readonly data: string | undefined;
  readonly engine: string;
  readonly reference: boolean;
  readonly save: string | undefined;
  readonly plot: string | undefined;
}

const FLAGS = {
  values: [
    "seed",
    "steps",
    "n-layer",
    "n-embd",
    "n-head",
    "block-size",
    "learning-rate",
    "temperature",
    "samples",
    "data",
    "engine",
    "save",
    "plot",
  ],
  switches: ["reference"],
} as const;

/** The text of `--help`. */
export function trainHelp(): string {
  const engines = Object.entries(ENGINES)
    .map(([name, spec]) => `                      ${name}: ${spec.description}`)
    .join("\n");
  return `${COMMAND}: microgpt.py's whole program, built from your katas

Reads a list of documents (one per line; names by default), trains a tiny
GPT on them and writes new ones, printing what microgpt.py prints.

Usage: ${COMMAND} [flags]

Flags (the defaults are microgpt.py's):
  --seed N            the random seed (42); a negative one as --seed=-1
  --steps N           training steps, the length of the learning-rate schedule (1000)
  --n-layer N         transformer layers (1)
  --n-embd N          width of the network (16)
  --n-head N          attention heads; must divide --n-embd (4)
  --block-size N      the longest context, in tokens (16)
  --learning-rate X   Adam's learning rate before its decay (0.01)
  --temperature X     sampling temperature, > 0: lower is safer, higher is wilder (0.5)
  --samples N         how many names to write after training (20)
  --data PATH         the dataset, UTF-8 text, one document per line (${DEFAULT_DATA})
  --engine NAME       how to train and sample (${DEFAULT_ENGINE}):
${engines}
  --reference         use the reference solutions (solutions/) instead of your katas
  --save PATH         save the trained model for deno task sample (a JSON file)
  --plot PATH         draw the loss curve into an SVG file
  -h, --help          show this help

Paths are relative to the repository. The task may write only inside ${WRITE_FOLDER}/
(such as --save ${WRITE_FOLDER}/model.json --plot ${WRITE_FOLDER}/loss.svg) and read only
inside the repository (copy another dataset into data/).

On a terminal, a progress bar and a chart of the loss go to stderr;
stdout stays exactly microgpt.py's output.
`;
}

/**
 * Reads and checks the command line. Every mistake is found here, before any
 * work starts.
 *
 * @param args The command-line arguments.
 * @returns The settings, or `"help"` for `--help`.
 * @throws {UsageError} For a mistake, saying which flag, its value and what is allowed.
 */
export function trainSettings(args: readonly string[]): TrainSettings | "help" {
  const { values, switches } = readFlags(args, {
    values: FLAGS.values,
    switches: FLAGS.switches,
  });
  if (switches.help) return "help";
  const whole = (flag: string, fallback: number, min: number, max: number) =>
    values[flag] === undefined ? fallback : wholeNumber(flag, values[flag]!, min, max);
  const positive = (flag: string, fallback: number) =>
    values[flag] === undefined ? fallback : positiveNumber(flag, values[flag]!);

  const seed = values.seed === undefined ? 42 : seedNumber(values.seed);
  const numSteps = whole("steps", 1000, 1, 10_000_000);
  const nLayer = whole("n-layer", 1, 1, 64);
  const nEmbd = whole("n-embd", 16, 1, 4096);
  const nHead = whole("n-head", 4, 1, 4096);
  const blockSize = whole("block-size", 16, 1, 4096);
  const learningRate = positive("learning-rate", 0.01);
  const temperature = positive("temperature", 0.5);
  const samples = whole("samples", 20, 0, 1_000_000);
  if (nEmbd % nHead !== 0) {
    throw new UsageError(
      `Flag --n-head must divide --n-embd, so that each head gets n_embd / n_head numbers: ` +
        `--n-embd is ${nEmbd} and --n-head is ${nHead} (try --n-head=${divisorNear(nEmbd, nHead)})`,
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
  const { save, plot } = values;
  if (save !== undefined && save === plot) {
    throw new UsageError(`Flags --save and --plot name the same file ${JSON.stringify(save)}`);
  }
  return {
    seed,
    numSteps,
    nLayer,
    nEmbd,
    nHead,
    blockSize,
    learningRate,
    temperature,
    samples,
    data: values.data,
    engine,
    reference: switches.reference,
    save,
    plot,
  };
}

/** The divisor of `n` nearest to `wanted` (for a suggestion). */
function divisorNear(n: number, wanted: number): number {
  let best = 1;
  for (let d = 1; d <= n; d++) {
    if (n % d === 0 && Math.abs(d - wanted) < Math.abs(best - wanted)) best = d;
  }
  return best;
}

/** A loss that is not a finite number: training stops at once. */
export class LossNotFiniteError extends Error {
  /**
   * @param step The step, counted from 1.
   * @param loss The loss (NaN or an infinity).
   * @param hint What to try.
   */
  constructor(step: number, loss: number, hint: string) {
    super(
      `The loss of step ${step} is ${loss}, not a finite number, so training stopped ` +
        `(the numbers overflowed): ${hint}`,
    );
    this.name = "LossNotFiniteError";
  }
}

/** Refuses, before any work, a path the process may not use. */
function checkPermission(kind: "read" | "write", path: string, what: string, fix: string): void {
  const state = Deno.permissions.querySync({ name: kind, path }).state;
  if (state === "granted") return;
  throw new UsageError(
    `Cannot ${kind === "read" ? "read" : "write"} ${what} ${JSON.stringify(path)} as Deno was ` +
      `not allowed to ${kind} it: ${fix}`,
  );
}

/** Checks that `--save` or `--plot` may write its file (and its temporary file beside it). */
function checkWritable(flag: string, path: string): void {
  const fix = `the task may write only inside ${WRITE_FOLDER}/, so use --${flag} ${WRITE_FOLDER}/` +
    `${path.split(/[\\/]/).pop()}; or run deno run --allow-read=. ` +
    `--allow-write=<the file's folder> scripts/train.ts ...`;
  checkPermission("write", path, `the --${flag} file`, fix);
  checkPermission("write", temporaryPathFor(path), `the --${flag} file's temporary copy`, fix);
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch {
    info = undefined; // missing (it will be created) or not readable (writing will tell)
  }
  if (info?.isDirectory) {
    throw new UsageError(
      `Cannot write the --${flag} file ${JSON.stringify(path)} as it is a folder: ` +
        `give a file name, such as --${flag} ${path.replace(/[\\/]$/, "")}/model.json`,
    );
  }
}

/**
 * Runs `deno task train` with `args`, writing to `io`.
 *
 * @param args The command-line arguments.
 * @param io Where to write.
 * @param root The repository (its `katas/`, `solutions/` and `data/`).
 * @returns The exit code: 0, 1 for a failure, 2 for a mistake on the command line.
 */
export async function runTrain(
  args: readonly string[],
  io: Io,
  root: URL = new URL("../", import.meta.url),
): Promise<number> {
  try {
    const settings = trainSettings(args);
    if (settings === "help") {
      io.out(trainHelp());
      return 0;
    }
    await train(settings, io, root);
    return 0;
  } catch (error) {
    return reportError(io, COMMAND, error);
  }
}

/** microgpt.py's top level, with the settings. */
async function train(settings: TrainSettings, io: Io, root: URL): Promise<void> {
  const tree: Tree = settings.reference ? "solutions" : "katas";
  const command = settings.reference ? `${COMMAND} --reference` : COMMAND;
  const dataPath = settings.data ?? fromFileUrl(new URL(DEFAULT_DATA, root));
  const dataName = settings.data ?? DEFAULT_DATA;
  checkPermission(
    "read",
    dataPath,
    "the dataset",
    "the task may read only inside the repository, so copy the file into data/ and pass " +
      "--data data/<its name>; or run deno run --allow-read=.,<the file> --allow-write=runs " +
      "scripts/train.ts ...",
  );
  if (settings.save !== undefined) checkWritable("save", settings.save);
  if (settings.plot !== undefined) checkWritable("plot", settings.plot);

  const spec = ENGINES[settings.engine];
  const building = await loadBuilding(root, tree);
  const engine: Engine = await spec.load(root, tree);
  const print = (line: string) => io.out(line + "\n");

  // Let there be a random generator, and the documents, shuffled
  const rng = new Random(settings.seed);
  let text: string;
  try {
    text = await readDataset(dataPath);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    throw new Error(error.message.replace(dataPath, dataName), { cause: error });
  }
  const docs = inKata(tree, "05", "reading the documents", command, () => building.parseDocs(text));
  if (docs.length === 0) {
    throw new Error(
      `Cannot train on ${JSON.stringify(dataName)} as it holds no documents ` +
        "(no line with anything but spaces): put one document per line in it",
    );
  }
  rng.shuffle(docs);
  print(`num docs: ${docs.length}`);

  // The tokenizer: every character once, and BOS
  const tokenizer = inKata(
    tree,
    "05",
    "building the tokenizer",
    command,
    () => new building.Tokenizer(docs),
  );
  print(`vocab size: ${tokenizer.vocabSize}`);

  // The model's parameters
  const config = {
    vocabSize: tokenizer.vocabSize,
    nLayer: settings.nLayer,
    nEmbd: settings.nEmbd,
    nHead: settings.nHead,
    blockSize: settings.blockSize,
  };
  const model = inKata(tree, "07", "initialising the model", command, () => {
    const stateDict = building.initStateDict(config, rng);
    return { config, stateDict, params: building.parameters(stateDict) };
  });
  print(`num params: ${model.params.length}`);

  // Training: one line per step
  const numSteps = settings.numSteps;
  const losses: number[] = [];
  const bar = io.errIsTerminal
    ? new ProgressBar(numSteps, io.err, { color: io.color, columns: io.columns })
    : undefined;
  const onStep = (step: number, loss: number) => {
    if (!Number.isFinite(loss)) {
      bar?.clear();
      throw new LossNotFiniteError(step + 1, loss, nanHint(settings));
    }
    losses.push(loss);
    bar?.clear();
    print(
      `step ${formatInt(step + 1, 4)} / ${formatInt(numSteps, 4)} | loss ${formatFixed(loss, 4)}`,
    );
    bar?.update(step + 1, loss);
  };
  inKata(
    tree,
    spec.katas.train,
    "training",
    command,
    () =>
      engine.train(model, docs, tokenizer, {
        numSteps,
        learningRate: settings.learningRate,
        onStep,
      }),
    (error) => error instanceof LossNotFiniteError,
  );
  bar?.clear();
  if (losses.length !== numSteps) {
    throw new KataError(
      `Kata ${spec.katas.train}'s train called onStep ${losses.length} times in a run of ` +
        `${numSteps} steps: it must call onStep(step, loss) once after every step` +
        (tree === "katas"
          ? `; or run the reference solutions instead: ${COMMAND} --reference`
          : ""),
      spec.katas.train,
    );
  }

  // Save what sampling needs, with the generator as it is now, before the first name
  if (settings.save !== undefined) {
    const checkpoint: Checkpoint = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config,
      chars: [...tokenizer.chars],
      params: model.params.map((p) => p.data),
      training: {
        stepsDone: numSteps,
        numSteps,
        learningRate: settings.learningRate,
        seed: String(settings.seed),
        data: dataName,
        lastLoss: losses[losses.length - 1],
      },
      sampling: { temperature: settings.temperature, samples: settings.samples },
      rngState: rng.getState(),
    };
    await writeFileAtomic(settings.save, checkpointText(checkpoint));
    io.err(
      `Saved the model to ${settings.save}: deno task sample --load ${settings.save} ` +
        "writes its names again (--seed=N for others)\n",
    );
  }
  if (settings.plot !== undefined) {
    await writeFileAtomic(settings.plot, lossCurveSvg(losses));
    io.err(`Drew the loss curve in ${settings.plot}: open it in a browser\n`);
  }

  // Inference: the model writes new names
  print("");
  print("--- inference (new, hallucinated names) ---");
  for (let i = 0; i < settings.samples; i++) {
    const name = inKata(
      tree,
      spec.katas.sampleName,
      "writing names",
      command,
      () => engine.sampleName(model, tokenizer, rng, settings.temperature),
    );
    print(`sample ${formatInt(i + 1, 2)}: ${name}`);
  }

  if (io.errIsTerminal) {
    const width = Math.max(10, Math.min(60, io.columns - 12));
    io.err(`\n${terminalChart(losses, { width, height: 8 })}\n`);
  }
}

/** What to try when the loss overflows. */
function nanHint(settings: TrainSettings): string {
  const base = `try a smaller --learning-rate (it is ${settings.learningRate})`;
  return settings.reference
    ? base
    : `${base}; if ${COMMAND} --reference trains with the same flags, one of your katas ` +
      "computes something wrong (deno task check-progress shows which)";
}

if (import.meta.main) {
  Deno.exit(await runTrain(Deno.args, denoIo()));
}
