/**
 * Runs katas' tests in child processes and says what happened, test by
 * test, whatever the learner's code does: a wrong answer, a `todo()`, a
 * type error, a syntax error, an endless loop, a stack overflow, a thrown
 * non-Error, an unhandled rejection, a call to `Deno.exit`, an attempt to
 * read a file, or a flood of output. The children get no permissions and a
 * time limit; nothing they do can take the caller down.
 *
 * Several katas run as one batch, which is much cheaper than one child each
 * (start-up and type-checking dominate): one `deno check` of every test
 * file, and beside it a `deno test --no-check` that runs them in order (one
 * per job, the katas shared out by their last times). A watchdog reads the
 * test run's progress and gives each test file its own time limit; when it
 * fires, or the run dies, the kata that was running is reported and the
 * others run again without it. A compile error is charged to the katas
 * whose code it is in (by the paths it names); the others keep the test
 * run's verdict, or run again without them where the error stopped the run.
 * An error that names no kata makes each kata run alone. So one broken kata
 * never hides the state of another.
 *
 * This module decides who runs with whom and what each verdict means; the
 * rest lives beside it: `_test_process.ts` (the two child processes and the
 * watchdog), `_test_report.ts` (reading their reports, in a learner's
 * terms), `_compile_errors.ts` (charging a compile error to its katas) and
 * `_result_cache.ts` (reusing the results of unchanged katas).
 *
 * @module
 */

import { writeImportMap, writeStandaloneMap } from "./import_map.ts";
import type { Kata, KataId } from "../lib/katas.ts";
import { blamed, compileErrorRun } from "./_compile_errors.ts";
import { ResultCache } from "./_result_cache.ts";
import { type CheckOutcome, DEFAULT_TIMEOUT_MS, testRun, typeCheck } from "./_test_process.ts";

export { DEFAULT_TIMEOUT_MS };

/** What happened to one test. */
export interface TestOutcome {
  /** The test's name, as given to `Deno.test`. */
  readonly name: string;
  /** `passed`; `failed` (an assertion or an error); `cancelled` (never finished: the run crashed or timed out first). */
  readonly status: "passed" | "failed" | "cancelled";
  /** Whether it failed only because a `todo()` was reached: "not written yet". */
  readonly notWrittenYet: boolean;
  /** One line saying what went wrong, for a learner (empty when passed). */
  readonly message: string;
  /** Where it went wrong, `katas/01/value.ts:42`, preferring the learner's file to the test's. */
  readonly where: string;
  /** The failure's whole message without its stack (an assertion's diff), capped; empty when passed. */
  readonly detail: string;
}

/** What happened to a whole run of one kata's tests. */
export interface KataRun {
  readonly kata: KataId;
  /**
   * `ran`: every test ran to a result; `compile-error`: the code does not
   * type-check or parse, or an import is missing; `timeout`: the run was
   * stopped after the time limit; `crashed`: the run ended without results
   * for every test (an error outside any test, a killed process).
   */
  readonly state: "ran" | "compile-error" | "timeout" | "crashed";
  /** Each test, in file order (empty when nothing ran). */
  readonly tests: readonly TestOutcome[];
  /** For `compile-error` and `crashed`: the message, for `timeout`: the limit. */
  readonly error: string;
  /** For `compile-error` and `crashed`: where, `katas/01/value.ts:12`, when known; for `timeout`: the test that was running. */
  readonly where: string;
  /** The child's output for this kata (its part of a batch), without colour, capped in the middle. */
  readonly output: string;
  /**
   * How long its tests took, in milliseconds (from the test report; for a
   * kata stopped or crashed, or that did not compile, the whole batch's time).
   */
  readonly ms: number;
}

/**
 * How the imports of other katas resolve: `"own"`, the learner's files
 * everywhere (what `deno test katas/NN` does); `"standalone"`, each kata
 * with the reference versions of every other kata (its own state); or a
 * list of the katas judged by their reference solutions.
 */
export type Judge = "own" | "standalone" | readonly KataId[];

/** How to run a kata. */
export interface RunOptions {
  /** The repository to run in (a temporary copy in tests). */
  readonly root: string;
  /** The katas judged by their reference solutions instead of the learner's files. */
  readonly references: readonly KataId[];
  /** The time limit for each test file, in milliseconds (default 10 s); type-checking is not counted. */
  readonly timeoutMs?: number;
  /** The folder the tests are in: `katas` (default). */
  readonly tree?: "katas" | "solutions";
}

/** How to run several katas. */
export interface BatchOptions {
  /** The repository to run in (a temporary copy in tests). */
  readonly root: string;
  /** How imports of other katas resolve. */
  readonly judge: Judge;
  /** The time limit for each kata's test file, in milliseconds (default 10 s); type-checking is not counted. */
  readonly timeoutMs?: number;
  /** The folder the tests are in: `katas` (default). */
  readonly tree?: "katas" | "solutions";
  /** Split the katas over this many test processes at once (default 1). */
  readonly jobs?: number;
  /**
   * Reuse a kata's last results while none of the files its tests load has
   * changed (`.cache/results.json`; default false). Only definite results
   * are kept: a run that ran to the end or did not compile, never a time-out
   * or a crash. `"refresh"`: run every kata, and keep the results.
   */
  readonly cache?: boolean | "refresh";
}

/**
 * Runs `deno test` on one kata in a child process with no permissions and a
 * time limit, and reads the results.
 *
 * @param kata The kata to run.
 * @param options Where, with which reference katas, and for how long.
 * @returns What happened, test by test.
 */
export async function runKata(kata: Kata, options: RunOptions): Promise<KataRun> {
  const { root, references, timeoutMs, tree } = options;
  const runs = await runKatas([kata], { root, judge: references, timeoutMs, tree });
  return runs.get(kata.id)!;
}

/**
 * Runs the tests of several katas, as few child processes as it can, and
 * says what happened to each as if it had run alone.
 *
 * @param katas The katas to run (their test files must exist).
 * @param options Where, how imports resolve, and for how long.
 * @returns Each kata's run, by id.
 */
export async function runKatas(
  katas: readonly Kata[],
  options: BatchOptions,
): Promise<Map<KataId, KataRun>> {
  const results = new Map<KataId, KataRun>();
  if (katas.length === 0) return results;
  const cache = options.cache ? await ResultCache.open(katas, options) : undefined;
  const toRun = katas.filter((kata) => {
    const hit = options.cache === "refresh" ? undefined : cache?.get(kata.id);
    if (hit) results.set(kata.id, hit);
    return !hit;
  });
  if (toRun.length > 0) {
    const map = await mapFor(options.judge, options.root);
    const jobs = Math.max(1, Math.min(options.jobs ?? 1, toRun.length));
    // Type-check once for all (one program is much cheaper than several) while
    // the tests run in `jobs` processes beside it.
    const check = typeCheck(toRun, options, map);
    const groups = share(toRun, jobs, (kata) => cache?.lastMs(kata.id) ?? 300);
    await Promise.all(groups.map((group) => runBatch(group, options, map, results, check)));
    await cache?.save(toRun.map((kata) => results.get(kata.id)!));
  }
  return new Map(katas.map((kata) => [kata.id, results.get(kata.id)!]));
}

/**
 * Splits `katas` into `jobs` groups of about the same time, the longest
 * first (each to the group with the least so far), keeping each group in
 * kata order.
 */
function share(katas: readonly Kata[], jobs: number, ms: (kata: Kata) => number): Kata[][] {
  const groups = Array.from({ length: jobs }, () => ({ katas: [] as Kata[], ms: 0 }));
  for (const kata of [...katas].sort((a, b) => ms(b) - ms(a))) {
    const least = groups.reduce((a, b) => (b.ms < a.ms ? b : a));
    least.katas.push(kata);
    least.ms += ms(kata);
  }
  return groups.map((g) => g.katas.sort((a, b) => a.id.localeCompare(b.id)))
    .filter((g) => g.length > 0);
}

/** The import map for a judge, written under `.cache/`, or none for `"own"`. */
async function mapFor(judge: Judge, root: string): Promise<string | undefined> {
  if (judge === "own") return undefined;
  if (judge === "standalone") return await writeStandaloneMap(root);
  return judge.length > 0 ? await writeImportMap(judge, root) : undefined;
}

/**
 * Runs one batch to the end: the type-check and the tests side by side;
 * then the katas the test run could not judge run again without the one
 * that stopped it. The type-check's verdict holds for every round.
 */
async function runBatch(
  katas: readonly Kata[],
  options: BatchOptions,
  map: string | undefined,
  results: Map<KataId, KataRun>,
  checked?: Promise<CheckOutcome>,
): Promise<void> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const firstRun = testRun(katas, options, map);
  const check = await (checked ?? typeCheck(katas, options, map));
  const judged = new Set<KataId>();
  // A kata whose code does not compile: the compiler's first error in its code.
  let unexplained = check.failure;
  for (const problem of check.problems) {
    const who = blamed(problem, katas, options.judge);
    if (who === undefined) {
      unexplained ||= `${problem.message}${problem.where ? ` at ${problem.where}` : ""}`;
      continue;
    }
    for (const kata of who) {
      if (judged.has(kata.id)) continue;
      judged.add(kata.id);
      results.set(kata.id, compileErrorRun(kata.id, problem, ms()));
    }
  }
  const graph = check.problems.find((p) => p.graph);
  if (graph && !unexplained) {
    // The check stopped at a module it could not load: the others were not type-checked.
    await firstRun;
    const rest = katas.filter((k) => !judged.has(k.id));
    if (rest.length === 0) return;
    // Again with a check of their own, unless this was one and it blamed none of them
    if (judged.size > 0 || checked) return await runBatch(rest, options, map, results);
    unexplained = `${graph.message}${graph.where ? ` at ${graph.where}` : ""}`;
  }
  if (unexplained) {
    await firstRun;
    const rest = katas.filter((k) => !judged.has(k.id));
    if (katas.length === 1) {
      if (rest.length === 1) {
        results.set(rest[0].id, {
          kata: rest[0].id,
          state: /did not finish/.test(unexplained) ? "timeout" : "compile-error",
          tests: [],
          error: unexplained,
          where: "",
          output: "",
          ms: ms(),
        });
      }
      return;
    }
    // Nobody to blame by the paths: each kata alone, so each gets its own answer.
    for (const kata of rest) await runBatch([kata], options, map, results);
    return;
  }
  let pending = katas.filter((k) => !judged.has(k.id));
  let included = katas.length;
  let run = await firstRun;
  while (true) {
    for (const [id, kataRun] of run.judged) {
      if (judged.has(id)) continue;
      judged.add(id);
      results.set(id, kataRun.state === "ran" ? kataRun : { ...kataRun, ms: ms() });
    }
    const rest = pending.filter((k) => !judged.has(k.id));
    if (rest.length === 0) return;
    if (rest.length === pending.length && included === pending.length) {
      // The run judged none of them and blamed no one: it could not start.
      if (rest.length === 1) {
        results.set(rest[0].id, {
          kata: rest[0].id,
          state: "crashed",
          tests: [],
          error: run.failure || "The test run ended without results",
          where: "",
          output: run.output,
          ms: ms(),
        });
        return;
      }
      for (const kata of rest) {
        await runBatch([kata], options, map, results, Promise.resolve(check));
      }
      return;
    }
    pending = rest;
    included = pending.length;
    run = await testRun(pending, options, map);
  }
}
