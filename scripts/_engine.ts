/**
 * What `deno task train` and `deno task sample` take from the katas: the
 * learner's files (`katas/`) by default, the reference solutions
 * (`solutions/`) with `--reference`, loaded at run time. An error raised
 * inside them becomes a {@linkcode KataError} that names the kata to fix.
 *
 * The engine, `{ train, sampleName }`, is chosen in one place,
 * {@linkcode ENGINES}: `scalar` is katas 10 and 11 (the `Value` graph).
 *
 * @module
 */

import type * as TokenizerModule from "../katas/05/tokenizer.ts";
import type * as GptModule from "../katas/07/gpt.ts";
import type * as TrainModule from "../katas/10/train.ts";
import type * as SampleModule from "../katas/11/sample.ts";
import type * as FastModule from "../katas/12/fast.ts";
import { findKata } from "../lib/katas.ts";

/** Which tree the code comes from: the learner's or the reference. */
export type Tree = "katas" | "solutions";

/** The training function of an engine: kata 10's `train` or one with its signature. */
export type TrainFn = typeof TrainModule.train;
/** The sampling function of an engine: kata 11's `sampleName` or one with its signature. */
export type SampleNameFn = typeof SampleModule.sampleName;

/** An engine: how the model is trained and how it writes names. */
export interface Engine {
  readonly train: TrainFn;
  readonly sampleName: SampleNameFn;
}

/** How to load one engine from a tree. */
export interface EngineSpec {
  /** One line for `--help`. */
  readonly description: string;
  /** The katas that write the engine's `train` and `sampleName`, for error messages. */
  readonly katas: { readonly train: string; readonly sampleName: string };
  /** Loads the engine's functions from `tree` under `root`. */
  readonly load: (root: URL, tree: Tree) => Promise<Engine>;
}

/** The engines, by the name `--engine` takes. The first is the default. */
export const ENGINES: Readonly<Record<string, EngineSpec>> = {
  scalar: {
    description: "katas 10 and 11: every number a Value, gradients by backward (as microgpt.py)",
    katas: { train: "10", sampleName: "11" },
    async load(root, tree) {
      const { train } = await importKata<typeof TrainModule>(root, tree, "10/train.ts");
      const { sampleName } = await importKata<typeof SampleModule>(root, tree, "11/sample.ts");
      return { train, sampleName };
    },
  },
  fast: {
    description: "kata 12: flat Float64Array buffers, a hand-written backward pass (same output)",
    katas: { train: "12", sampleName: "12" },
    async load(root, tree) {
      const fast = await importKata<typeof FastModule>(root, tree, "12/fast.ts");
      return { train: fast.fastTrain, sampleName: fast.fastSampleName };
    },
  },
};

/** The name of the default engine. */
export const DEFAULT_ENGINE = Object.keys(ENGINES)[0];

/** What the main program needs besides the engine: katas 05 and 07. */
export interface Building {
  readonly parseDocs: typeof TokenizerModule.parseDocs;
  readonly Tokenizer: typeof TokenizerModule.Tokenizer;
  readonly initStateDict: typeof GptModule.initStateDict;
  readonly parameters: typeof GptModule.parameters;
}

/** The data and model building blocks (katas 05 and 07) from `tree`. */
export async function loadBuilding(root: URL, tree: Tree): Promise<Building> {
  const { parseDocs, Tokenizer } = await importKata<typeof TokenizerModule>(
    root,
    tree,
    "05/tokenizer.ts",
  );
  const { initStateDict, parameters } = await importKata<typeof GptModule>(root, tree, "07/gpt.ts");
  return { parseDocs, Tokenizer, initStateDict, parameters };
}

/**
 * An error in a kata's code (or a kata not written yet), with a message for
 * the learner: which kata, what failed, what to do.
 */
export class KataError extends Error {
  /** The kata to fix, such as `"04"`, or `undefined` if it could not be told. */
  readonly kata: string | undefined;

  /**
   * @param message The whole message.
   * @param kata The kata to fix.
   * @param options The original error, as `cause`.
   */
  constructor(message: string, kata: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = "KataError";
    this.kata = kata;
  }
}

/**
 * Runs `fn`, turning any error it throws into a {@linkcode KataError} that
 * names the kata at fault: the one whose file the error was thrown from
 * (for a `todo()`, the kata it names), else `calledKata`, the one `fn` calls.
 *
 * @param tree Where the code came from (the advice differs).
 * @param calledKata The kata whose function `fn` calls, such as `"10"`.
 * @param what What was being done, for the message ("training").
 * @param command The command to suggest with `--reference`, such as `"deno task train"`.
 * @param fn The work.
 * @returns What `fn` returns.
 * @throws {KataError} When `fn` throws, unless `passThrough` says to rethrow as it is.
 */
export function inKata<T>(
  tree: Tree,
  calledKata: string,
  what: string,
  command: string,
  fn: () => T,
  passThrough: (error: unknown) => boolean = () => false,
): T {
  try {
    return fn();
  } catch (error) {
    if (passThrough(error)) throw error;
    throw explain(error, tree, calledKata, what, command);
  }
}

/** The kata folder a stack or message points into, such as `"04"` for `.../katas/04/layers.ts`. */
export function kataInText(text: string, tree: Tree): string | undefined {
  const pattern = new RegExp(`[/\\\\]${tree}[/\\\\](\\d\\d)[/\\\\]`);
  return text.match(pattern)?.[1];
}

/** The first `katas/NN/file.ts:line:col` of a stack, relative to the repository. */
function whereInKata(stack: string, tree: Tree): string | undefined {
  const pattern = new RegExp(`[/\\\\](${tree}[/\\\\]\\d\\d[/\\\\][^\\s:)]+:\\d+:\\d+)`);
  return stack.match(pattern)?.[1].replaceAll("\\", "/");
}

/** A kata's id and title, such as `kata 04 (Neural layers)`. */
function kataName(id: string): string {
  const title = findKata(id)?.title;
  return title === undefined ? `kata ${id}` : `kata ${id} (${title})`;
}

/** The KataError for an error thrown while doing `what` with `tree`'s code. */
function explain(
  error: unknown,
  tree: Tree,
  calledKata: string,
  what: string,
  command: string,
): KataError {
  const isError = error instanceof Error;
  const message = isError ? error.message : String(error);
  const stack = isError ? error.stack ?? "" : "";
  if (tree === "solutions") {
    const where = whereInKata(stack, tree);
    return new KataError(
      `The reference solutions failed while ${what}: ${message}` +
        (where === undefined ? "" : ` (at ${where})`) +
        "\nThis is a bug in the course: please report it with the command you ran",
      kataInText(stack, tree) ?? calledKata,
      { cause: error },
    );
  }
  if (isError && error.name === "NotWrittenYet") {
    const kata = kataInText(message, tree) ?? kataInText(stack, tree) ?? calledKata;
    return new KataError(
      `${upperFirst(kataName(kata))} is not finished, so ${what} cannot go on: ${message}\n` +
        `Finish it (deno test katas/${kata} shows what is left), or run the reference ` +
        `solutions instead: ${command} --reference`,
      kata,
      { cause: error },
    );
  }
  const kata = kataInText(stack, tree) ?? calledKata;
  const where = whereInKata(stack, tree);
  const name = isError ? error.name : "a thrown value";
  return new KataError(
    `${upperFirst(kataName(kata))} failed while ${what}: ${name}: ${message}` +
      (where === undefined ? "" : ` (at ${where})`) +
      `\ndeno test katas/${kata} shows what is wrong; or run the reference solutions instead: ` +
      `${command} --reference`,
    kata,
    { cause: error },
  );
}

/** `text` with its first letter in upper case. */
function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Imports `path` (such as `"10/train.ts"`) from `tree` under `root`. A file
 * that does not load (a syntax error, a missing import) becomes a
 * {@linkcode KataError} naming the kata.
 */
async function importKata<T>(root: URL, tree: Tree, path: string): Promise<T> {
  const url = new URL(`${tree}/${path}`, root);
  try {
    return await import(url.href) as T;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kata = kataInText(message, tree) ?? path.slice(0, 2);
    const advice = tree === "katas"
      ? `\nFix the file (deno check katas/${kata} shows the problem), or run the reference ` +
        "solutions instead with --reference"
      : "\nThis is a bug in the course: please report it";
    throw new KataError(
      `Cannot load ${tree}/${path}, as ${kataName(kata)} does not load: ${firstLine(message)}` +
        advice,
      kata,
      { cause: error },
    );
  }
}

/** The first line of a message. */
function firstLine(text: string): string {
  return text.split("\n", 1)[0];
}
