/**
 * One timing for `deno task bench`, in a process of its own so that its
 * peak memory is its own (a process's peak only grows). It sets up
 * microgpt.py's run (seed 42, the shuffled names, the model drawn as in
 * `initStateDict`), trains with one engine, and prints one line of JSON
 * ({@linkcode ChildResult}).
 *
 * It needs no permission: the peak memory comes from `getrusage`
 * (`ru_maxrss`, through `node:process`), the kernel's same figure as `VmHWM`
 * in `/proc/self/status`, which Deno 2.9 lets a program read only with
 * `--allow-all`.
 *
 * ```sh
 * deno run scripts/_bench_child.ts '{"engine":"fast","nEmbd":16,"nLayer":1,"steps":300}'
 * ```
 *
 * @module
 */

import process from "node:process";
import names from "../data/names.txt" with { type: "text" };
import { Random } from "../lib/random.ts";
import { parseDocs, Tokenizer } from "../solutions/05/tokenizer.ts";
import { type GPT, type GPTConfig, initStateDict, parameters } from "../solutions/07/gpt.ts";
import { train } from "../solutions/10/train.ts";
import { fastTrain } from "../solutions/12/fast.ts";
import { fastFlops, scalarNodes } from "./_bench_cost.ts";

/** The engines: the scalar reference (katas 01-11) and the flat-buffer one (kata 12). */
export const ENGINES = { scalar: train, fast: fastTrain } as const;

/** What to time. */
export interface ChildTask {
  /** Which engine trains. */
  readonly engine: keyof typeof ENGINES;
  /** The width of the model (microgpt.py: 16); `nHead` stays 4. */
  readonly nEmbd: number;
  /** The depth of the model (microgpt.py: 1). */
  readonly nLayer: number;
  /** How many steps to take, of a 1000-step schedule. */
  readonly steps: number;
}

/** What a child prints. */
export interface ChildResult {
  readonly task: ChildTask;
  /** Seconds for the whole `train` call (the first step's compilation included). */
  readonly seconds: number;
  /** Seconds per step over the timed steps: 2..n, or the only one when steps is 1. */
  readonly secondsPerTimedStep: number;
  /** Every step's loss, to check that the engines agree. */
  readonly losses: number[];
  /** The scalar engine's graph size per step, averaged over all the steps taken. */
  readonly nodesPerStep: number;
  /** The fast engine's estimated FLOPs per step, averaged over all the steps taken. */
  readonly flopsPerStep: number;
  /** The same two over the timed steps only. */
  readonly nodesPerTimedStep: number;
  readonly flopsPerTimedStep: number;
  /** The process's peak resident memory in bytes, or its current one where the peak is unknown. */
  readonly memoryBytes: number;
  /** Where `memoryBytes` comes from. */
  readonly memorySource: MemorySource;
}

/** Where a figure of memory comes from: a peak (`maxRSS`, `VmHWM`) or the current size (`rss`). */
export type MemorySource = "maxRSS" | "VmHWM" | "rss";

/**
 * Reads and checks a task from its JSON text.
 *
 * @param text The JSON.
 * @returns The task.
 * @throws {TypeError} When it is not a valid task.
 */
export function parseTask(text: string): ChildTask {
  const task = JSON.parse(text);
  const positive = (x: unknown) => Number.isInteger(x) && (x as number) >= 1;
  if (
    typeof task !== "object" || task === null || !Object.hasOwn(ENGINES, task.engine) ||
    !positive(task.nEmbd) || task.nEmbd % 4 !== 0 || !positive(task.nLayer) ||
    !positive(task.steps) || task.steps > 1000
  ) {
    throw new TypeError(
      `Cannot run the bench child as its task must be {engine: "scalar" | "fast", nEmbd: a multiple of 4, nLayer >= 1, steps: 1..1000}: current value is ${text}`,
    );
  }
  return { engine: task.engine, nEmbd: task.nEmbd, nLayer: task.nLayer, steps: task.steps };
}

/**
 * The process's peak resident memory: `getrusage`'s `ru_maxrss` where the
 * runtime gives it, else `VmHWM` of `/proc/self/status` where it can be
 * read, else the current resident memory.
 *
 * @returns The bytes and where they come from.
 */
export function peakMemory(): { bytes: number; source: MemorySource } {
  try {
    const kib = process.resourceUsage().maxRSS;
    if (Number.isFinite(kib) && kib > 0) return { bytes: kib * 1024, source: "maxRSS" };
  } catch {
    // not available here: try the next
  }
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const match = status.match(/^VmHWM:\s*(\d+)\s*kB/m);
    if (match) return { bytes: Number(match[1]) * 1024, source: "VmHWM" };
  } catch {
    // not Linux, or no permission: fall back
  }
  return { bytes: Deno.memoryUsage().rss, source: "rss" };
}

/**
 * Runs a task: microgpt.py's set-up with the task's shape, then `steps`
 * steps of a 1000-step schedule with the task's engine.
 *
 * @param task What to time.
 * @returns The timings and counts.
 */
export function runTask(task: ChildTask): ChildResult {
  const docs = parseDocs(names);
  const rng = new Random(42);
  rng.shuffle(docs);
  const tokenizer = new Tokenizer(docs);
  const config: GPTConfig = {
    vocabSize: tokenizer.vocabSize,
    nLayer: task.nLayer,
    nEmbd: task.nEmbd,
    nHead: 4,
    blockSize: 16,
  };
  const stateDict = initStateDict(config, rng);
  const model: GPT = { config, stateDict, params: parameters(stateDict) };
  const ends: number[] = [];
  const start = performance.now();
  const losses = ENGINES[task.engine](model, docs, tokenizer, {
    numSteps: 1000,
    stopAfter: task.steps,
    onStep: () => ends.push(performance.now()),
  });
  const end = performance.now();
  // The counts, over all the steps and over the timed ones (all but the first)
  const nodes: number[] = [];
  const flops: number[] = [];
  for (let step = 0; step < task.steps; step++) {
    const tokens = tokenizer.encode(docs[step % docs.length]);
    nodes.push(scalarNodes(config, tokens));
    flops.push(fastFlops(config, tokens));
  }
  const timed = task.steps > 1 ? 1 : 0;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const memory = peakMemory();
  const timedMs = timed ? (ends[ends.length - 1] - ends[0]) / (task.steps - 1) : end - start;
  return {
    task,
    seconds: (end - start) / 1000,
    secondsPerTimedStep: timedMs / 1000,
    losses,
    nodesPerStep: mean(nodes),
    flopsPerStep: mean(flops),
    nodesPerTimedStep: mean(nodes.slice(timed)),
    flopsPerTimedStep: mean(flops.slice(timed)),
    memoryBytes: memory.bytes,
    memorySource: memory.source,
  };
}

if (import.meta.main) {
  const text = Deno.args[0];
  if (text === undefined) {
    console.error(
      "Usage: deno run --allow-read=/proc/self/status scripts/_bench_child.ts '<task JSON>'",
    );
    Deno.exit(2);
  }
  console.log(JSON.stringify(runTask(parseTask(text))));
}
