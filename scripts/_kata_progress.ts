/**
 * Where a learner stands: each kata's state, judged the way the progress
 * checker explains it, as plain data (the checker prints it, `--json` gives
 * it as is, watch and compare reuse it).
 *
 * A kata's own state is judged with the reference versions of the katas
 * before it (one import map, the standalone one, serves every kata, so a
 * batch of them shares its test processes), so a fresh clone shows every
 * kata as not started rather than a wall of "blocked". A kata that passes
 * that way is then run with the learner's own earlier katas: it is done if
 * it passes again, else blocked by the first kata it builds on that is not
 * done (or, when they are all done, by the first whose version alone makes
 * it fail).
 *
 * @module
 */

import { join } from "./_path.ts";
import { dependenciesOf, type Kata, type KataId, KATAS } from "../lib/katas.ts";
import { allKatas } from "./import_map.ts";
import { DEFAULT_TIMEOUT_MS, type KataRun, runKatas, type TestOutcome } from "./_run_tests.ts";
import { changedFiles, readManifest, sha256, type StubManifest } from "./stub_manifest.ts";

/** The version of the `--json` shape; it changes only when a field changes meaning or goes away. */
export const JSON_VERSION = 1;

/**
 * A kata's state:
 * `done`, every test passes (with the learner's own earlier katas, unless standalone);
 * `partial`, some tests pass or fail for a reason other than `todo()`;
 * `not-started`, every test fails at a `todo()`;
 * `compile-error`, its code does not type-check or parse;
 * `timeout`, its tests did not finish within the time limit;
 * `crashed`, its tests ended without results (an error outside any test, a dead process);
 * `blocked`, it passes with the reference versions of the katas it builds on, not with the learner's;
 * `missing`, a file of the kata is missing.
 */
export type KataState =
  | "done"
  | "partial"
  | "not-started"
  | "compile-error"
  | "timeout"
  | "crashed"
  | "blocked"
  | "missing";

/** One test's result, as `--json` gives it. */
export interface TestResult {
  readonly name: string;
  readonly status: "passed" | "failed" | "cancelled";
  readonly notWrittenYet: boolean;
  readonly message: string;
  readonly where: string;
}

/** A kata run with the learner's own earlier katas (only made when its own code passes). */
export interface WithYourKatas {
  /** `done` when it passes that way too, else what went wrong that way. */
  readonly state: "done" | "partial" | "compile-error" | "timeout" | "crashed";
  readonly passed: number;
  readonly total: number;
  readonly error: string;
  readonly where: string;
  readonly tests: readonly TestResult[];
}

/** Where one kata stands. */
export interface KataProgress {
  readonly id: KataId;
  readonly title: string;
  /** A bonus kata: not counted in "N of 11". */
  readonly bonus: boolean;
  readonly state: KataState;
  /** Tests passing with the reference versions of the katas it builds on. */
  readonly passed: number;
  /** Its number of tests (from the run, else the stub manifest, else 0). */
  readonly total: number;
  /** For `blocked`: the kata it waits for. */
  readonly blockedBy: KataId | null;
  /** What went wrong, in a line: the compiler's message, the crash, the missing file. */
  readonly error: string | null;
  /** Where, `katas/03/backward.ts:15`, when known. */
  readonly where: string | null;
  /** The files to edit, from the root. */
  readonly files: readonly string[];
  /** The lesson, from the root. */
  readonly lesson: string;
  /** Its test files that differ from the untouched kata (its results may then mislead). */
  readonly changedTests: readonly string[];
  /** Each test, judged with the reference versions of the katas it builds on. */
  readonly tests: readonly TestResult[];
  /** The run with the learner's own earlier katas, when one was made. */
  readonly withYourKatas: WithYourKatas | null;
}

/** The next step. */
export interface NextStep {
  readonly kata: KataId;
  readonly title: string;
  /** The command that shows its tests: `deno test katas/03`. */
  readonly command: string;
  /** The first test that does not pass, with its message and place (or the kata's error). */
  readonly test: string | null;
  readonly message: string | null;
  readonly where: string | null;
  /** `deno task hint 03`. */
  readonly hint: string;
  /** How many of its hints were shown already, and how many there are. */
  readonly hintsShown: number;
  readonly hints: number;
  readonly lesson: string;
}

/** The whole picture. */
export interface ProgressReport {
  readonly version: typeof JSON_VERSION;
  /** Whether each kata was judged only with the reference versions of the katas it builds on. */
  readonly standalone: boolean;
  readonly katas: readonly KataProgress[];
  readonly summary: {
    /** Katas of the course (not bonus) done, and how many there are. */
    readonly done: number;
    readonly katas: number;
    /** Tests of the course's katas passing (as `passed` counts them), and how many there are. */
    readonly testsPassed: number;
    readonly tests: number;
    /** Whether every bonus kata is done. */
    readonly bonusDone: boolean;
  };
  /** The kata to do next, or null when all are done. */
  readonly next: NextStep | null;
  /** How long the check took, in milliseconds. */
  readonly ms: number;
}

/** How to judge. */
export interface JudgeOptions {
  /** The repository (a temporary copy in tests). */
  readonly root: string;
  /** Judge each kata only with the reference versions of the katas it builds on. */
  readonly standalone?: boolean;
  /** Each kata's time limit, in milliseconds. */
  readonly timeoutMs?: number;
  /** Only these katas (and what they build on, to name a blocker); all by default. */
  readonly only?: readonly KataId[];
  /** Test processes at once (default: 2, or 1 on a single core). */
  readonly jobs?: number;
  /** Run every kata again, even those whose files are unchanged since their last run. */
  readonly fresh?: boolean;
}

/** The default number of test processes at once. */
function defaultJobs(): number {
  return Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 2));
}

/**
 * Judges the katas of the repository at `root`.
 *
 * @param options Where, how, which.
 * @returns Every kata's state (the ones asked for, and those they build on), the summary and the next step.
 */
export async function judgeProgress(options: JudgeOptions): Promise<ProgressReport> {
  const started = performance.now();
  const { root, standalone = false, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const jobs = options.jobs ?? defaultJobs();
  const manifest = await readManifest(root).catch(() => undefined);
  const wanted = options.only
    ? KATAS.filter((k) =>
      options.only!.some((id) => id === k.id || dependenciesOf(findOrThrow(id)).includes(k.id))
    )
    : [...KATAS];

  // Missing files first: those katas are not run.
  const missing = new Map<KataId, string>();
  for (const kata of wanted) {
    const problem = await missingFile(kata, root);
    if (problem) missing.set(kata.id, problem);
  }
  const present = wanted.filter((k) => !missing.has(k.id));

  // Each kata's own code, with the reference versions of the others.
  const cache = options.fresh ? "refresh" : true;
  const own = await runKatas(present, { root, judge: "standalone", timeoutMs, jobs, cache });

  // Those that pass that way, again with the learner's own earlier katas.
  const passing = present.filter((k) => passesFully(own.get(k.id)));
  // (Not needed where the learner's earlier katas are the reference ones, byte for byte.)
  const needYours: Kata[] = [];
  for (const kata of standalone ? [] : passing) {
    const deps = dependenciesOf(kata);
    if (deps.length > 0 && !(await allIdentical(deps, root))) needYours.push(kata);
  }
  const yours = await runKatas(needYours, { root, judge: "own", timeoutMs, jobs, cache });

  const states = new Map<KataId, KataProgress>();
  for (const kata of wanted) {
    const changedTests = await changedTestFiles(kata, manifest, root);
    const total = manifest?.tests[kata.id]?.length ?? 0;
    const base = {
      id: kata.id,
      title: kata.title,
      bonus: kata.bonus,
      files: kata.files.map((f) => `katas/${kata.id}/${f}`),
      lesson: `katas/${kata.id}/README.md`,
      changedTests,
    };
    const problem = missing.get(kata.id);
    if (problem) {
      states.set(kata.id, {
        ...base,
        state: "missing",
        passed: 0,
        total,
        blockedBy: null,
        error: problem,
        where: null,
        tests: [],
        withYourKatas: null,
      });
      continue;
    }
    const run = own.get(kata.id)!;
    const tests = run.tests.map(testResult);
    const passed = tests.filter((t) => t.status === "passed").length;
    const common = {
      ...base,
      passed,
      total: tests.length > 0 ? Math.max(tests.length, run.state === "ran" ? 0 : total) : total,
      tests,
    };
    if (run.state !== "ran") {
      states.set(kata.id, {
        ...common,
        state: run.state,
        blockedBy: null,
        error: run.error || null,
        where: run.where || null,
        withYourKatas: null,
      });
      continue;
    }
    if (!passesFully(run)) {
      // Not started: nothing passes and either every failure is a todo() or the files are untouched
      const notStarted = passed === 0 &&
        (tests.every((t) => t.notWrittenYet) || await untouched(kata, manifest, root));
      states.set(kata.id, {
        ...common,
        state: notStarted ? "not-started" : "partial",
        blockedBy: null,
        error: null,
        where: null,
        withYourKatas: null,
      });
      continue;
    }
    const yourRun = yours.get(kata.id);
    const withYourKatas = yourRun ? summarise(yourRun) : null;
    if (!withYourKatas || withYourKatas.state === "done") {
      states.set(kata.id, {
        ...common,
        state: "done",
        blockedBy: null,
        error: null,
        where: null,
        withYourKatas,
      });
      continue;
    }
    const by = await blocker(kata, states, root, timeoutMs, cache);
    states.set(kata.id, {
      ...common,
      state: "blocked",
      blockedBy: by,
      error: withYourKatas.error || firstFailure(withYourKatas.tests)?.message || null,
      where: withYourKatas.where || firstFailure(withYourKatas.tests)?.where || null,
      withYourKatas,
    });
  }

  const katas = wanted.map((k) => states.get(k.id)!);
  const course = katas.filter((k) => !k.bonus);
  const bonus = katas.filter((k) => k.bonus);
  const hintsShown = await readHintCounts(root);
  return {
    version: JSON_VERSION,
    standalone,
    katas,
    summary: {
      done: course.filter((k) => k.state === "done").length,
      katas: course.length,
      testsPassed: course.reduce((n, k) => n + k.passed, 0),
      tests: course.reduce((n, k) => n + k.total, 0),
      bonusDone: bonus.length > 0 && bonus.every((k) => k.state === "done"),
    },
    next: nextStep(katas, standalone, hintsShown, options.only),
    ms: Math.round(performance.now() - started),
  };
}

/** What to say when a learner names a kata that does not exist: `There is no kata 13: …`. */
export function noSuchKata(typed: string): string {
  return `There is no kata ${typed}: the katas are ${KATAS[0].id} to ${KATAS.at(-1)!.id}`;
}

/** The kata with this id; a RangeError naming the katas there are when there is none. */
function findOrThrow(id: KataId): Kata {
  const kata = KATAS.find((k) => k.id === id);
  if (!kata) throw new RangeError(noSuchKata(id));
  return kata;
}

/** Whether a run ran every test and each passed. */
export function passesFully(run: KataRun | undefined): boolean {
  return run !== undefined && run.state === "ran" && run.tests.length > 0 &&
    run.tests.every((t) => t.status === "passed");
}

function testResult(t: TestOutcome): TestResult {
  return {
    name: t.name,
    status: t.status,
    notWrittenYet: t.notWrittenYet,
    message: t.message,
    where: t.where,
  };
}

function summarise(run: KataRun): WithYourKatas {
  const tests = run.tests.map(testResult);
  const passed = tests.filter((t) => t.status === "passed").length;
  return {
    state: run.state !== "ran" ? run.state : passesFully(run) ? "done" : "partial",
    passed,
    total: tests.length,
    error: run.error,
    where: run.where,
    tests,
  };
}

function firstFailure(tests: readonly TestResult[]): TestResult | undefined {
  return tests.find((t) => t.status !== "passed");
}

/**
 * The kata `kata` waits for: the first kata it builds on that is not done;
 * when all are done (their tests pass, yet together they fail here), the
 * first whose own version alone makes this kata fail.
 */
async function blocker(
  kata: Kata,
  states: Map<KataId, KataProgress>,
  root: string,
  timeoutMs: number,
  cache: boolean | "refresh",
): Promise<KataId> {
  const deps = dependenciesOf(kata);
  const notDone = deps.find((id) => states.get(id)?.state !== "done");
  if (notDone) return notDone;
  for (const dep of deps) {
    const references = allKatas().filter((id) => id !== kata.id && id !== dep);
    const runs = await runKatas([kata], { root, judge: references, timeoutMs, cache });
    if (!passesFully(runs.get(kata.id))) return dep;
  }
  return deps[0];
}

/** Whether every file the learner edits in `ids` is the reference solution's, byte for byte. */
async function allIdentical(ids: readonly KataId[], root: string): Promise<boolean> {
  for (const id of ids) {
    for (const file of findOrThrow(id).files) {
      const [mine, reference] = await Promise.all([
        Deno.readFile(join(root, "katas", id, file)).catch(() => null),
        Deno.readFile(join(root, "solutions", id, file)).catch(() => null),
      ]);
      if (!mine || !reference || mine.length !== reference.length) return false;
      if (!mine.every((byte, i) => byte === reference[i])) return false;
    }
  }
  return true;
}

/** "kata 08's file katas/08/loss.ts is missing", or "" when every file is there. */
async function missingFile(kata: Kata, root: string): Promise<string> {
  const folder = `katas/${kata.id}`;
  if (!(await exists(join(root, folder), "directory"))) {
    return `kata ${kata.id}'s folder ${folder} is missing`;
  }
  for (const file of kata.files) {
    if (!(await exists(join(root, folder, file), "file"))) {
      // A file of the folder that the kata does not know: renamed?
      const known = [...kata.files, ...kata.tests];
      const others: string[] = [];
      for await (const entry of Deno.readDir(join(root, folder))) {
        if (entry.isFile && /\.ts$/.test(entry.name) && !known.includes(entry.name)) {
          others.push(`${folder}/${entry.name}`);
        }
      }
      const renamed = others.length > 0
        ? ` (is ${others.sort().join(" or ")} it, renamed? The tests import ${file})`
        : "";
      return `kata ${kata.id}'s file ${folder}/${file} is missing${renamed}`;
    }
  }
  for (const file of kata.tests) {
    if (!(await exists(join(root, folder, file), "file"))) {
      return `kata ${kata.id}'s test file ${folder}/${file} is missing`;
    }
  }
  return "";
}

/** Whether `path` is there, as a file or a directory (as `kind` asks). */
async function exists(path: string, kind: "file" | "directory"): Promise<boolean> {
  const info = await Deno.stat(path).catch(() => null);
  return info !== null && (kind === "directory" ? info.isDirectory : info.isFile);
}

/** The test files of `kata` that differ from the manifest (none without one). */
async function changedTestFiles(
  kata: Kata,
  manifest: StubManifest | undefined,
  root: string,
): Promise<string[]> {
  if (!manifest) return [];
  const changed: string[] = [];
  for (const test of kata.tests) {
    const file = `katas/${kata.id}/${test}`;
    const expected = manifest.files[file];
    const bytes = await Deno.readFile(join(root, file)).catch(() => null);
    if (expected && bytes && (await sha256(bytes)) !== expected) changed.push(file);
  }
  return changed;
}

/** Whether the files the learner edits are still the untouched stubs (false without a manifest). */
async function untouched(
  kata: Kata,
  manifest: StubManifest | undefined,
  root: string,
): Promise<boolean> {
  return manifest !== undefined && (await changedFiles(kata, manifest, root, "stubs")).length === 0;
}

/** Where the hint counts are kept. */
export const HINTS_PATH = ".cache/hints.json";

/** How many hints of each kata were shown, from `.cache/hints.json`. */
export async function readHintCounts(root: string): Promise<Record<string, number>> {
  try {
    const data = JSON.parse(await Deno.readTextFile(join(root, HINTS_PATH)));
    return typeof data === "object" && data !== null ? data : {};
  } catch {
    return {};
  }
}

/** The next step: the first course kata not done, else the first bonus kata not done. */
function nextStep(
  katas: readonly KataProgress[],
  standalone: boolean,
  hintsShown: Record<string, number>,
  only?: readonly KataId[],
): NextStep | null {
  // One kata asked for: it, or (unless standalone) the first kata it builds on that is not done
  const candidates = only && standalone ? katas.filter((k) => only.includes(k.id)) : katas;
  const kata = candidates.find((k) => !k.bonus && k.state !== "done") ??
    candidates.find((k) => k.state !== "done");
  if (!kata) return null;
  const failing = kata.state === "blocked" && kata.withYourKatas
    ? firstFailure(kata.withYourKatas.tests)
    : firstFailure(kata.tests);
  const useError = ["compile-error", "timeout", "crashed", "missing"].includes(kata.state) ||
    (kata.state === "blocked" && !failing);
  const hints = findOrThrow(kata.id).hints.length;
  const command = standalone
    ? `deno task check-progress ${kata.id} --standalone`
    : kata.state === "missing"
    ? `deno task reset ${kata.id}`
    : `deno test katas/${kata.id}`;
  return {
    kata: kata.id,
    title: kata.title,
    command,
    test: useError ? (kata.state === "timeout" ? kata.where : null) : failing?.name ?? null,
    message: useError ? kata.error : failing?.message ?? null,
    where: useError ? (kata.state === "timeout" ? null : kata.where) : failing?.where || null,
    hint: `deno task hint ${kata.id}`,
    hintsShown: Math.min(hintsShown[kata.id] ?? 0, hints),
    hints,
    lesson: kata.lesson,
  };
}
