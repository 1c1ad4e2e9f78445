/**
 * `deno task bench`: the scalar engine (katas 01-11) and the fast one
 * (kata 12) side by side, each in a process of its own.
 *
 * 1. The default model (microgpt.py's shape) for the same steps of the
 *    1000-step run: seconds, steps per second, the ratio, each process's
 *    peak memory, and whether the two engines' losses agree.
 * 2. A table over n_embd (16, 32, 64) and n_layer (1, 2, 4): time per step
 *    next to the scalar engine's graph size and the fast engine's FLOPs,
 *    so that each engine's cost can be seen to follow its own count.
 * 3. A short summary drawn from the numbers.
 *
 * ```sh
 * deno task bench              # about 40 s on a 2-core machine
 * deno task bench --steps=1000 # the whole default run (the scalar engine alone takes ~30 s)
 * ```
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import denoJson from "../deno.json" with { type: "json" };
import { fromFileUrl } from "./_path.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import type { ChildResult, ChildTask } from "./_bench_child.ts";
import { fastFlops, scalarNodes } from "./_bench_cost.ts";

const ROOT = fromFileUrl(new URL("../", import.meta.url));
const CHILD = fromFileUrl(new URL("./_bench_child.ts", import.meta.url));

/**
 * The V8 flags `deno task train` runs with (read from its task in
 * `deno.json`), given to every child: the scalar engine is timed as the
 * course runs it (a larger young generation makes its garbage cheaper).
 */
export const V8_FLAGS: string[] = v8FlagsOf(
  (denoJson as { tasks?: Record<string, string> }).tasks?.train ?? "",
);

/** The `--v8-flags=...` arguments of a task's command line. */
export function v8FlagsOf(command: string): string[] {
  return command.match(/--v8-flags=\S+/g) ?? [];
}

/** The shapes of the table. */
const WIDTHS = [16, 32, 64];
const DEPTHS = [1, 2, 4];
/** About how much work each cell of the table gets: ~1 s of scalar, ~0.3 s of fast engine. */
const SCALAR_NODES_PER_CELL = 1.5e6;
const FAST_FLOPS_PER_CELL = 3e8;

/**
 * Runs one task in a child process (`Deno.execPath()`, with no permission)
 * and returns what it printed.
 *
 * @param task What to time.
 * @returns The child's result.
 * @throws {Error} When the child fails.
 */
export async function runChild(task: ChildTask): Promise<ChildResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...V8_FLAGS, CHILD, JSON.stringify(task)],
    cwd: ROOT,
    env: { RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(
      `Cannot time ${
        JSON.stringify(task)
      }: the child process exited with code ${output.code}:\n${stderr}`,
    );
  }
  return JSON.parse(stdout.split("\n").pop()!);
}

/**
 * How many steps a cell of the table takes: enough for the time to be
 * measurable, few enough for the bench to stay under a minute.
 *
 * @param engine The engine.
 * @param nEmbd The width.
 * @param nLayer The depth.
 * @returns The number of steps: at least 2, so that one is timed after the
 * first, except for the scalar engine on models whose graph has more than a
 * million nodes, which take one step (its compilation is a few milliseconds
 * of several seconds there).
 */
export function cellSteps(engine: ChildTask["engine"], nEmbd: number, nLayer: number): number {
  const config = { vocabSize: 27, nLayer, nEmbd, nHead: 4, blockSize: 16 };
  const typical = [26, 0, 1, 2, 3, 4, 5, 26]; // a 6-letter name: 7 positions
  if (engine === "fast") {
    return Math.max(
      2,
      Math.min(1000, Math.round(FAST_FLOPS_PER_CELL / fastFlops(config, typical))),
    );
  }
  const nodes = scalarNodes(config, typical);
  // A graph of over a million nodes takes seconds: one step, timed on its own, is enough
  if (nodes > 1e6) return 1;
  return Math.max(2, Math.min(50, Math.round(SCALAR_NODES_PER_CELL / nodes)));
}

/** A number with `digits` significant digits (in exponent form below 0.001). */
export function sig(x: number, digits = 3): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  if (Math.abs(x) < 1e-3) return x.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(decimals, 6));
}

/** Bytes as MiB. */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** One line of a table: the first cell left-aligned, the rest right-aligned, to `widths`. */
export function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))
    .join("  ").trimEnd();
}

/** The lines of a table, each column as wide as its widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => row(r, widths)).join("\n");
}

/** The largest difference between two lists of losses. */
export function maxDifference(a: readonly number[], b: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return a.length === b.length ? max : Infinity;
}

/** One row of the growth table, both engines on one shape. */
export interface Cell {
  readonly scalar: ChildResult;
  readonly fast: ChildResult;
}

/**
 * How many times faster the fast engine is on one shape, for the same
 * documents: the two engines' timed steps cover different documents, so
 * the fast engine's time per FLOP is applied to the scalar engine's steps.
 *
 * @param cell Both engines' results on one shape.
 * @returns The scalar engine's time over the fast engine's, for the same work.
 */
export function speedUp(cell: Cell): number {
  const { scalar, fast } = cell;
  const fastOnScalarSteps = fast.secondsPerTimedStep / fast.flopsPerTimedStep *
    scalar.flopsPerTimedStep;
  return scalar.secondsPerTimedStep / fastOnScalarSteps;
}

/**
 * The closing summary, in words drawn from the measured numbers.
 *
 * @param main The default model's two results, scalar then fast.
 * @param cells The table's rows.
 * @returns Some lines of text.
 */
export function summary(main: Cell, cells: readonly Cell[]): string[] {
  const { scalar, fast } = main;
  const steps = scalar.task.steps;
  const perNode = cells.map((c) => c.scalar.secondsPerTimedStep / c.scalar.nodesPerTimedStep);
  const perFlop = cells.map((c) => c.fast.secondsPerTimedStep / c.fast.flopsPerTimedStep);
  const range = (xs: number[], scale = 1) =>
    `${sig(Math.min(...xs) * scale, 2)} to ${sig(Math.max(...xs) * scale, 2)}`;
  // From the smallest model of the table to the largest: how much each count and time grew
  const first = cells[0];
  const last = cells[cells.length - 1];
  const growth = (f: (c: Cell) => number) => sig(f(last) / f(first), 2);
  return [
    `- Default model, ${steps} steps: the fast engine took ${sig(fast.seconds)} s, the scalar ` +
    `engine ${sig(scalar.seconds)} s, ${sig(scalar.seconds / fast.seconds)}x as long; peak ` +
    `memory ${mib(fast.memoryBytes)} against ${mib(scalar.memoryBytes)}. Their losses differ ` +
    `by at most ${sig(maxDifference(fast.losses, scalar.losses), 1)}.`,
    `- Scalar engine: ${sig(scalar.nodesPerStep)} Values per step on the default model, each an ` +
    `object allocated, linked, sorted and visited; ${range(perNode, 1e9)} ns per node across ` +
    `the table. From the smallest model to the largest its graph grew ` +
    `${growth((c) => c.scalar.nodesPerTimedStep)}x and its time per step ` +
    `${growth((c) => c.scalar.secondsPerTimedStep)}x.`,
    `- Fast engine: ${range(perFlop, 1e9)} ns per estimated FLOP across the table; its FLOPs ` +
    `grew ${growth((c) => c.fast.flopsPerTimedStep)}x and its time per step ` +
    `${growth((c) => c.fast.secondsPerTimedStep)}x. Speed-up over the scalar engine: ` +
    `${range(cells.map(speedUp))}x.`,
    `- One run of each, not repeated, on a machine that may be doing other work: read the ` +
    `ratios, not the last digit. Part 1 includes the first step's compilation; the table ` +
    `leaves the first step out where there are more. Nodes are counted exactly; FLOPs are ` +
    `an estimate (matrix-vector products and attention).`,
  ];
}

if (import.meta.main) {
  requireSupportedDeno();
  const args = parseArgs(Deno.args, {
    boolean: ["help"],
    string: ["steps"],
    default: { steps: "200" },
  });
  const steps = Number(args.steps);
  if (args.help || !Number.isInteger(steps) || steps < 2 || steps > 1000) {
    console.log(
      "Usage: deno task bench [--steps=N]\n\n" +
        "Times the scalar and the fast engine on N steps (2..1000, default 200) of microgpt.py's\n" +
        "default run, each in its own process, then both on a table of model sizes.",
    );
    Deno.exit(args.help ? 0 : 2);
  }
  const cpus = navigator.hardwareConcurrency;
  console.log(
    `microgpt bench: Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), ` +
      `${Deno.build.os} ${Deno.build.arch}, ${cpus} logical CPU${cpus === 1 ? "" : "s"}`,
  );
  console.log(
    "Each timing runs in a process of its own; peak memory is that process's. V8 flags, as " +
      `deno task train: ${V8_FLAGS.join(" ") || "none"}\n`,
  );

  console.log(
    `1) microgpt.py's model (n_embd 16, n_head 4, n_layer 1, block_size 16): ` +
      `steps 1-${steps} of the 1000-step run\n`,
  );
  const mainScalar = await runChild({ engine: "scalar", nEmbd: 16, nLayer: 1, steps });
  const mainFast = await runChild({ engine: "fast", nEmbd: 16, nLayer: 1, steps });
  const memory = (r: ChildResult) =>
    `${mib(r.memoryBytes)}${r.memorySource === "rss" ? " (rss at the end: no peak here)" : ""}`;
  console.log(table([
    ["engine", "steps", "seconds", "steps/s", "ms/step", "peak memory"],
    ...[mainScalar, mainFast].map((r) => [
      r.task.engine,
      String(r.task.steps),
      sig(r.seconds),
      sig(r.task.steps / r.seconds),
      sig(1000 * r.seconds / r.task.steps),
      memory(r),
    ]),
  ]));
  const difference = maxDifference(mainScalar.losses, mainFast.losses);
  console.log(
    `\nfast / scalar: ${sig(mainScalar.seconds / mainFast.seconds)}x the steps per second; ` +
      `largest difference between their ${steps} losses: ${sig(difference, 1)}`,
  );

  console.log(
    "\n2) How the cost grows: time per step after the first, and the nodes and FLOPs of those\n" +
      "   steps; the speed-up compares the engines on the same work (their steps cover different\n" +
      "   documents, so the fast engine's time per FLOP is applied to the scalar engine's steps)\n",
  );
  const header = [
    "n_embd",
    "n_layer",
    "scalar steps",
    "nodes",
    "ms/step",
    "ns/node",
    "fast steps",
    "MFLOP",
    "ms/step",
    "ns/FLOP",
    "speed-up",
  ];
  // Printed row by row as the cells finish, so the columns are set by the header
  const widths = header.map((h) => Math.max(h.length, 7));
  console.log(row(header, widths));
  const cells: Cell[] = [];
  for (const nEmbd of WIDTHS) {
    for (const nLayer of DEPTHS) {
      const scalar = await runChild({
        engine: "scalar",
        nEmbd,
        nLayer,
        steps: cellSteps("scalar", nEmbd, nLayer),
      });
      const fast = await runChild({
        engine: "fast",
        nEmbd,
        nLayer,
        steps: cellSteps("fast", nEmbd, nLayer),
      });
      cells.push({ scalar, fast });
      const s = scalar.secondsPerTimedStep;
      const f = fast.secondsPerTimedStep;
      console.log(row([
        String(nEmbd),
        String(nLayer),
        scalar.task.steps === 1 ? "1*" : String(scalar.task.steps),
        sig(scalar.nodesPerTimedStep),
        sig(1e3 * s),
        sig(1e9 * s / scalar.nodesPerTimedStep, 2),
        String(fast.task.steps),
        sig(fast.flopsPerTimedStep / 1e6),
        sig(1e3 * f),
        sig(1e9 * f / fast.flopsPerTimedStep, 2),
        `${sig(speedUp({ scalar, fast }))}x`,
      ], widths));
    }
  }

  if (cells.some((c) => c.scalar.task.steps === 1)) {
    console.log("* one step, timed whole: the first step is the only one");
  }

  console.log("\n3) Summary\n");
  console.log(summary({ scalar: mainScalar, fast: mainFast }, cells).join("\n"));
}
