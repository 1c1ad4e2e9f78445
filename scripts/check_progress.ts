/**
 * `deno task check-progress`: where you stand, and what to do next.
 *
 * ```sh
 * deno task check-progress              # every kata, the totals, and "Next:"
 * deno task check-progress 03           # kata 03 in detail: each test and its message
 * deno task check-progress --standalone # each kata with the reference versions of the
 *                                       # katas it builds on: start anywhere
 * deno task check-progress --json       # the same facts, for teachers and scripts
 * deno task check-progress --timeout=30 # each kata's time limit, in seconds (default 10)
 * ```
 *
 * Each kata's tests run in a child process with no permissions and a time
 * limit, so whatever a kata's code does (loop forever, overflow the stack,
 * throw a string, print without end, fail to compile) is reported as that
 * kata's state and the others are still checked. Nothing under `katas/` is
 * ever written: the checker writes only to `.cache/`.
 *
 * ## The `--json` shape (version 1)
 *
 * ```ts ignore
 * {
 *   version: 1,                // changes only when a field changes meaning or goes away
 *   standalone: boolean,       // judged with --standalone
 *   katas: [{                  // in order; with a kata argument, that kata and those it builds on
 *     id: "03", title: string, bonus: boolean,
 *     state: "done" | "partial" | "not-started" | "compile-error" | "timeout"
 *          | "crashed" | "blocked" | "missing",
 *     passed: number,          // tests passing with the reference versions of its dependencies
 *     total: number,           // its tests (from the run, else the stub manifest)
 *     blockedBy: "02" | null,  // for "blocked": the kata it waits for
 *     error: string | null,    // compile error, crash, time limit, missing file, or why blocked
 *     where: string | null,    // "katas/03/backward.ts:15"; for "timeout", the test that ran
 *     files: string[],         // the files to edit
 *     lesson: string,          // "katas/03/README.md"
 *     changedTests: string[],  // its test files that differ from the shipped ones
 *     tests: [{ name, status: "passed" | "failed" | "cancelled", notWrittenYet: boolean,
 *               message: string, where: string }],
 *     withYourKatas: null | {  // the run with your own earlier katas, when one was made
 *       state: "done" | "partial" | "compile-error" | "timeout" | "crashed",
 *       passed, total, error, where, tests: [...same as tests] },
 *   }],
 *   summary: {               // the course's katas only (01-11, not the bonus)
 *     done, katas,             // katas done, and how many ("3 of 11")
 *     testsPassed, tests,      // the sum of their `passed` and `total`
 *     bonusDone: boolean },
 *   next: null | { kata, title, command, test, message, where, hint, hintsShown, hints, lesson },
 *   ms: number,
 * }
 * ```
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { type KataId, KATAS } from "../lib/katas.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import { ROOT } from "./import_map.ts";
import { join } from "./_path.ts";
import { judgeProgress, noSuchKata, type ProgressReport } from "./_kata_progress.ts";
import { DEFAULT_TIMEOUT_MS } from "./_run_tests.ts";
import { detectStyle, renderKata, renderReport } from "./_progress_ui.ts";

const USAGE = `Usage: deno task check-progress [NN] [--standalone] [--json] [--timeout=SECONDS]

  NN             one kata in detail (01 to ${KATAS.at(-1)!.id})
  --standalone   judge each kata with the reference versions of the katas it builds on
  --json         print the facts as JSON (the shape is documented in scripts/check_progress.ts)
  --timeout=S    each kata's time limit in seconds (default 10)
  --fresh        run every kata again (by default a kata whose files have not changed since
                 its last run keeps its results)`;

/** A kata id from what a learner may type: `3`, `03`, `katas/03`, `katas/03/`. */
export function parseKataId(text: string): KataId | undefined {
  const match = String(text).match(/^(?:\.\/)?(?:katas[\\/])?(\d{1,2})[\\/]?$/);
  if (!match) return undefined;
  const id = match[1].padStart(2, "0");
  return KATAS.find((k) => k.id === id)?.id;
}

/** The parsed command line, or a message saying what is wrong with it. */
export function parseCommandLine(args: readonly string[]):
  | {
    ok: true;
    id?: KataId;
    standalone: boolean;
    json: boolean;
    timeoutMs: number;
    help: boolean;
    fresh: boolean;
  }
  | { ok: false; message: string } {
  const flags = parseArgs([...args], {
    boolean: ["standalone", "json", "help", "fresh"],
    string: ["timeout"],
    alias: { h: "help" },
  });
  const unknown = unknownOption(flags, ["standalone", "json", "help", "h", "timeout", "fresh"]);
  if (unknown) return { ok: false, message: unknown };
  const positional = flags._.map(String);
  if (positional.length > 1) {
    return { ok: false, message: `Give one kata at most: got ${positional.join(", ")}` };
  }
  let id: KataId | undefined;
  if (positional.length === 1) {
    id = parseKataId(positional[0]);
    if (!id) {
      return { ok: false, message: noSuchKata(positional[0]) };
    }
  }
  const timeout = parseTimeout(flags.timeout);
  if (typeof timeout === "string") return { ok: false, message: timeout };
  return {
    ok: true,
    id,
    standalone: flags.standalone,
    json: flags.json,
    timeoutMs: timeout,
    help: flags.help,
    fresh: flags.fresh,
  };
}

/**
 * `Unknown option --x` for the first option `parseArgs` read that is not
 * one of `known` (the options and their aliases); "" when there is none.
 */
export function unknownOption(flags: Record<string, unknown>, known: readonly string[]): string {
  const name = Object.keys(flags).find((k) => k !== "_" && !known.includes(k));
  return name === undefined ? "" : `Unknown option --${name}`;
}

/**
 * `--timeout=S` (seconds, as typed) in milliseconds, the default when not
 * given; or, when it is not a number of seconds greater than 0, what to say.
 */
export function parseTimeout(seconds: string | undefined): number | string {
  if (seconds === undefined) return DEFAULT_TIMEOUT_MS;
  const value = Number(seconds);
  if (!Number.isFinite(value) || value <= 0) {
    return `--timeout takes a number of seconds greater than 0: got ${seconds}`;
  }
  return Math.round(value * 1000);
}

/** Says "Checking…" on a terminal's stderr while `work` runs, and erases it after. */
async function withStatus<T>(text: string, work: Promise<T>): Promise<T> {
  if (!Deno.stderr.isTerminal()) return await work;
  const encoder = new TextEncoder();
  Deno.stderr.writeSync(encoder.encode(text));
  try {
    return await work;
  } finally {
    Deno.stderr.writeSync(encoder.encode("\r\x1b[2K"));
  }
}

/** An error's message, for one line. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the last report in `.cache/progress.json`, for `deno task hint` without a kata. */
async function remember(report: ProgressReport, root: string): Promise<void> {
  try {
    await Deno.mkdir(join(root, ".cache"), { recursive: true });
    await Deno.writeTextFile(join(root, ".cache", "progress.json"), JSON.stringify(report));
  } catch { /* a cache: never worth failing for */ }
}

if (import.meta.main) {
  requireSupportedDeno();
  const parsed = parseCommandLine(Deno.args);
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${USAGE}`);
    Deno.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  const { id, standalone, json, timeoutMs, fresh } = parsed;
  const what = id ? `kata ${id}` : `${KATAS.length} katas`;
  let report: ProgressReport;
  try {
    report = await withStatus(
      `Checking ${what}…`,
      judgeProgress({ root: ROOT, standalone, timeoutMs, fresh, only: id ? [id] : undefined }),
    );
  } catch (error) {
    // Not the learner's code (that is judged in child processes): the repository itself
    console.error(`The progress checker could not run: ${errorMessage(error)}`);
    Deno.exit(1);
  }
  if (!id) await remember(report, ROOT);
  if (json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const style = detectStyle();
    console.log(id ? renderKata(report, id, style) : renderReport(report, style));
  }
}
