/**
 * Checkpoints: a trained model saved by `deno task train --save PATH`, read
 * back by `deno task sample --load PATH`. One JSON file holds what sampling
 * needs: the model's shape, the vocabulary, every parameter, the sampling
 * settings and the random generator's state right after training, so that
 * sampling from the file prints the very names the training run printed.
 *
 * Files are written atomically: to a temporary file in the same folder,
 * then renamed over the target, so an interrupted save never leaves half a
 * file behind.
 *
 * @module
 */

import type { GPTConfig } from "../katas/07/gpt.ts";
import type { RandomState } from "../lib/random.ts";

/** The value of the `format` field: what kind of file this is. */
export const CHECKPOINT_FORMAT = "microgpt-checkpoint";
/** The version of the layout below; a reader refuses other versions. */
export const CHECKPOINT_VERSION = 1;

/** A saved model. */
export interface Checkpoint {
  /** Always {@linkcode CHECKPOINT_FORMAT}. */
  readonly format: typeof CHECKPOINT_FORMAT;
  /** Always {@linkcode CHECKPOINT_VERSION}. */
  readonly version: typeof CHECKPOINT_VERSION;
  /** The model's shape. */
  readonly config: GPTConfig;
  /** The vocabulary: token `i` is `chars[i]`; BOS is `chars.length`. */
  readonly chars: readonly string[];
  /** Every parameter's value, in `parameters(stateDict)` order. */
  readonly params: readonly number[];
  /** How the model was trained (for the record; sampling does not need it). */
  readonly training: {
    /** The steps that were run. */
    readonly stepsDone: number;
    /** The length of the learning-rate schedule. */
    readonly numSteps: number;
    /** Adam's learning rate before decay. */
    readonly learningRate: number;
    /** The seed of the run, in decimal (it may exceed a double's integers). */
    readonly seed: string;
    /** The dataset's path, as it was given. */
    readonly data: string;
    /** The loss of the last step. */
    readonly lastLoss: number;
  };
  /** The sampling settings of the run: `deno task sample` defaults to them. */
  readonly sampling: {
    readonly temperature: number;
    readonly samples: number;
  };
  /** The random generator's state right after training (before the first name was drawn). */
  readonly rngState: RandomState;
}

/** A checkpoint that cannot be used: its message says why and what to do. */
export class CheckpointError extends Error {
  /**
   * @param message The whole message.
   * @param options The underlying error, as `cause`.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CheckpointError";
  }
}

/**
 * How many parameters a model of this shape has: `wte`, `wpe` and `lm_head`,
 * then per layer four `nEmbd x nEmbd` attention matrices and the two MLP
 * matrices of `4 * nEmbd x nEmbd`.
 *
 * @param config The model's shape.
 * @returns The number of parameters (4192 for microgpt.py's model).
 */
export function parameterCount(config: GPTConfig): number {
  const { vocabSize, nLayer, nEmbd, blockSize } = config;
  return nEmbd * (2 * vocabSize + blockSize) + nLayer * 12 * nEmbd * nEmbd;
}

/**
 * Writes `text` to `path` atomically: into a temporary file in the same
 * folder (created if missing), which is then renamed to `path`. On failure
 * the temporary file is removed and `path` is left as it was.
 *
 * @param path The file to write.
 * @param text Its contents.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { folder } = splitPath(path);
  await Deno.mkdir(folder, { recursive: true });
  const temp = temporaryPathFor(path);
  try {
    await Deno.writeTextFile(temp, text, { createNew: true });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/** The temporary file {@linkcode writeFileAtomic} uses for `path`: hidden, in the same folder. */
export function temporaryPathFor(path: string): string {
  const { prefix, base } = splitPath(path);
  return `${prefix}.${base}.${crypto.randomUUID().slice(0, 8)}.tmp`;
}

/**
 * A path's folder (`"."` when there is none), the text before its file name
 * (the folder and its separator, or nothing) and the file name.
 */
export function splitPath(path: string): { folder: string; prefix: string; base: string } {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (i < 0) return { folder: ".", prefix: "", base: path };
  return {
    folder: path.slice(0, i) || path.slice(0, 1),
    prefix: path.slice(0, i + 1),
    base: path.slice(i + 1),
  };
}

/** The checkpoint's text: JSON, the parameters one per line so a diff stays readable. */
export function checkpointText(checkpoint: Checkpoint): string {
  return JSON.stringify(checkpoint, null, 1) + "\n";
}

/**
 * Reads and checks a checkpoint: its JSON, its format and version, the shape
 * of every field, and that the number of parameters fits the shape.
 *
 * @param text The file's contents.
 * @param path The file's path, for messages.
 * @returns The checkpoint.
 * @throws {CheckpointError} When the text is not a usable checkpoint.
 */
export function parseCheckpoint(text: string, path: string): Checkpoint {
  const name = JSON.stringify(path);
  const bad = (why: string): never => {
    throw new CheckpointError(
      `Cannot use the checkpoint ${name} as ${why}: save it again with ` +
        "deno task train --save PATH",
    );
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(
      `Cannot read the checkpoint ${name} as it is not valid JSON (${detail}); ` +
        "it may be cut short or damaged: save it again with deno task train --save PATH",
      { cause: error },
    );
  }
  if (!isRecord(data)) return bad("it is not a JSON object");
  if (data.format !== CHECKPOINT_FORMAT) {
    return bad(`it is not a microgpt checkpoint (its "format" is ${show(data.format)})`);
  }
  if (data.version !== CHECKPOINT_VERSION) {
    return bad(
      `it has version ${show(data.version)} and this course reads version ${CHECKPOINT_VERSION}`,
    );
  }
  const config = data.config;
  if (!isRecord(config)) return bad(`"config" is missing`);
  for (const key of ["vocabSize", "nLayer", "nEmbd", "nHead", "blockSize"]) {
    const value = config[key];
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      return bad(`"config.${key}" must be an integer >= 1: it is ${show(value)}`);
    }
  }
  const shape: GPTConfig = {
    vocabSize: config.vocabSize as number,
    nLayer: config.nLayer as number,
    nEmbd: config.nEmbd as number,
    nHead: config.nHead as number,
    blockSize: config.blockSize as number,
  };
  if (shape.nEmbd % shape.nHead !== 0) {
    return bad(`"config.nHead" (${shape.nHead}) does not divide "config.nEmbd" (${shape.nEmbd})`);
  }
  const chars = data.chars;
  if (!Array.isArray(chars) || !chars.every((c) => typeof c === "string" && [...c].length === 1)) {
    return bad(`"chars" must be a list of single characters`);
  }
  for (let i = 1; i < chars.length; i++) {
    if (!(chars[i - 1].codePointAt(0)! < chars[i].codePointAt(0)!)) {
      return bad(`"chars" must list each character once, sorted by code point`);
    }
  }
  if (chars.length + 1 !== shape.vocabSize) {
    return bad(
      `it has ${chars.length} characters, so ${chars.length + 1} tokens with BOS, ` +
        `but "config.vocabSize" is ${shape.vocabSize}`,
    );
  }
  const params = data.params;
  if (!Array.isArray(params)) return bad(`"params" must be a list of numbers`);
  const expected = parameterCount(shape);
  if (params.length !== expected) {
    return bad(
      `it has ${params.length} parameters where its configuration ` +
        `(${describeConfig(shape)}) has ${expected}`,
    );
  }
  const badParam = params.findIndex((p) => typeof p !== "number" || !Number.isFinite(p));
  if (badParam >= 0) return bad(`parameter ${badParam} is ${show(params[badParam])}, not a number`);
  const training = data.training;
  if (!isRecord(training)) return bad(`"training" is missing`);
  const sampling = data.sampling;
  if (!isRecord(sampling)) return bad(`"sampling" is missing`);
  const { temperature, samples } = sampling;
  if (typeof temperature !== "number" || !(temperature > 0) || !Number.isFinite(temperature)) {
    return bad(`"sampling.temperature" must be a number > 0: it is ${show(temperature)}`);
  }
  if (!Number.isSafeInteger(samples) || (samples as number) < 0) {
    return bad(`"sampling.samples" must be an integer >= 0: it is ${show(samples)}`);
  }
  const rngState = data.rngState;
  if (!isRecord(rngState)) return bad(`"rngState" is missing`);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: shape,
    chars: chars as string[],
    params: params as number[],
    training: training as unknown as Checkpoint["training"],
    sampling: { temperature, samples: samples as number },
    rngState: rngState as unknown as RandomState,
  };
}

/** `vocabSize 27, nLayer 1, nEmbd 16, nHead 4, blockSize 16`. */
export function describeConfig(config: GPTConfig): string {
  return `vocabSize ${config.vocabSize}, nLayer ${config.nLayer}, nEmbd ${config.nEmbd}, ` +
    `nHead ${config.nHead}, blockSize ${config.blockSize}`;
}

/** Whether `value` is a plain JSON object. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON value, short, for messages. */
function show(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
