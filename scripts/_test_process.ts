/**
 * The child processes that judge a batch of katas: one `deno check` of
 * every test file, and one `deno test --no-check` that runs them in order
 * under a watchdog. The watchdog reads the console report as it comes and
 * gives each test file its own time limit; when it fires, or the process
 * dies, the kata that was running is the one reported, and the caller runs
 * the others again without it.
 *
 * @module
 */

import { join } from "./_path.ts";
import type { Kata, KataId } from "../lib/katas.ts";
import type { BatchOptions, KataRun, TestOutcome } from "./_run_tests.ts";
import { blamed, type CompileProblem, compileProblems } from "./_compile_errors.ts";
import {
  Capped,
  capText,
  KEEP,
  lastError,
  parseJunit,
  readCapped,
  refine,
  seconds,
  stripAnsi,
  uncaughtError,
} from "./_test_report.ts";

/** The default time limit for one kata's tests. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The time limit for type-checking a batch (it runs no learner code). */
const CHECK_TIMEOUT_MS = 180_000;
/** Extra time for the first file of a test run: the process starts and loads every module. */
const START_GRACE_MS = 5_000;
/** The largest heap a test process may grow, in MB: a runaway allocation fails fast instead of swapping. */
const HEAP_MB = 2048;

/** The environment of every child: no colour, no Rust backtraces, no update check. */
const CHILD_ENV = { NO_COLOR: "1", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" };

/** The test files of a kata, from the root, with `/`. */
export function testFiles(kata: Kata, tree: string): string[] {
  return kata.tests.map((t) => `${tree}/${kata.id}/${t}`);
}

/** The outcome of type-checking a batch. */
export interface CheckOutcome {
  readonly problems: readonly CompileProblem[];
  /** Set when the check did not finish or failed for a reason it did not explain. */
  readonly failure: string;
}

/** Type-checks the test files of `katas` as one program. */
export async function typeCheck(
  katas: readonly Kata[],
  options: BatchOptions,
  map: string | undefined,
): Promise<CheckOutcome> {
  const tree = options.tree ?? "katas";
  const args = ["check", "--quiet", "--no-lock"];
  if (map) args.push(`--import-map=${map}`);
  args.push(...katas.flatMap((kata) => testFiles(kata, tree)));
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.root,
    env: CHILD_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill(child);
  }, CHECK_TIMEOUT_MS);
  const [stdout, stderr, status] = await Promise.all([
    readCapped(child.stdout),
    readCapped(child.stderr),
    child.status,
  ]);
  clearTimeout(timer);
  if (timedOut) {
    return {
      problems: [],
      failure: `Type-checking did not finish within ${CHECK_TIMEOUT_MS / 1000} s`,
    };
  }
  if (status.success) return { problems: [], failure: "" };
  const problems = compileProblems(`${stdout}\n${stderr}`, options.root);
  return {
    problems,
    failure: problems.length > 0 ? "" : lastError(`${stdout}\n${stderr}`) ||
      `deno check failed with exit code ${status.code}`,
  };
}

/** What one test process made of its katas. */
export interface TestRunOutcome {
  /** The katas it judged (the others must run again). */
  readonly judged: Map<KataId, KataRun>;
  /** Why it judged none, when it could not start. */
  readonly failure: string;
  /** Its whole output, capped. */
  readonly output: string;
}

/** One test file's progress, as the console report shows it. */
interface FileProgress {
  readonly file: string;
  readonly kata: Kata;
  /** From `running N tests from …`; -1 until then. */
  expected: number;
  /** The results seen so far. */
  readonly seen: { name: string; status: "passed" | "failed" | "cancelled" }[];
  /** Whether the file has finished (all its results, or an error at load). */
  done: boolean;
  /** Its part of the console report. */
  readonly section: Capped;
}

/**
 * Runs the tests of `katas` in one `deno test --no-check` process, in
 * order, each test file with its own time limit.
 */
export async function testRun(
  katas: readonly Kata[],
  options: BatchOptions,
  map: string | undefined,
): Promise<TestRunOutcome> {
  const { root, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const tree = options.tree ?? "katas";
  const runs = join(root, ".cache", "runs");
  await Deno.mkdir(runs, { recursive: true });
  const junit = join(runs, `${katas[0].id}-${crypto.randomUUID()}.xml`);
  const files: FileProgress[] = katas.flatMap((kata) =>
    testFiles(kata, tree).map((file) => ({
      file,
      kata,
      expected: -1,
      seen: [],
      done: false,
      section: new Capped(),
    }))
  );
  const args = [
    "test",
    "--no-check",
    "--no-prompt",
    "--no-lock",
    `--v8-flags=--max-old-space-size=${HEAP_MB}`,
    `--junit-path=${junit}`,
  ];
  if (map) args.push(`--import-map=${map}`);
  args.push(...files.map((f) => f.file));
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: CHILD_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  // The watchdog: each file gets `timeoutMs` from the end of the one before.
  let killedAt: FileProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const current = () => files.find((f) => !f.done);
  let stuckAtEnd = false; // every file done, yet the process does not end
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      killedAt = current();
      stuckAtEnd = killedAt === undefined;
      kill(child);
    }, ms);
  };
  arm(timeoutMs + START_GRACE_MS);

  const whole = new Capped();
  let errorsSection = false;
  let partial = ""; // the line being written: a test's name while it runs
  let runningName = ""; // the test that has started and not finished, when its name had a line
  let anyStarted = false; // whether any test file has started
  const onLine = (line: string) => {
    whole.add(line + "\n");
    if (errorsSection) return;
    if (line === " ERRORS " || line === " FAILURES ") {
      errorsSection = true;
      return;
    }
    const running = line.match(/^running (\d+) tests? from \.\/(.+)$/);
    if (running || /^Uncaught error from /.test(line)) anyStarted = true;
    const fileOf = (path: string) => files.find((f) => f.file === path && !f.done);
    if (running) {
      const f = fileOf(running[2]);
      if (f) {
        for (const before of files) {
          if (before === f) break;
          before.done = true; // a file that printed nothing (no tests, or an error at load)
        }
        f.expected = Number(running[1]);
        f.section.add(line + "\n");
        if (f.expected === 0) {
          f.done = true;
          arm(timeoutMs);
        }
      }
      return;
    }
    const uncaught = line.match(/^Uncaught error from \.\/(\S+)/);
    if (uncaught) {
      const f = fileOf(uncaught[1]);
      if (f) {
        f.section.add(line + "\n");
        if (f.expected < 0) {
          f.done = true; // it threw while loading: nothing more comes from it
          arm(timeoutMs);
        }
      }
      return;
    }
    const f = current();
    if (!f) return;
    f.section.add(line + "\n");
    const result = line.match(/^(.*) \.\.\. (ok|FAILED|cancelled|ignored)(?: \([^)]*\))?$/);
    const name = line.match(/^(.+) \.\.\.$/);
    if (name) runningName = name[1];
    if (result && f.expected >= 0) {
      runningName = "";
      const status = result[2] === "ok" || result[2] === "ignored"
        ? "passed"
        : result[2] === "FAILED"
        ? "failed"
        : "cancelled";
      f.seen.push({ name: result[1], status });
      if (f.seen.length >= f.expected) {
        f.done = true;
        arm(timeoutMs);
      }
    }
  };
  const pump = async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const text = partial + chunk;
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      if (partial.length > KEEP) partial = partial.slice(-KEEP); // a flood without newlines
      for (const line of lines) onLine(stripAnsi(line));
    }
    if (partial) onLine(stripAnsi(partial));
  };
  const [, stderr, status] = await Promise.all([pump(), readCapped(child.stderr), child.status]);
  clearTimeout(timer);
  const xml = await Deno.readTextFile(junit).catch(() => "");
  await Deno.remove(junit).catch(() => {});
  const ms = Math.round(performance.now() - started);
  const output = `${whole.text()}\n${stderr}`.trim();
  const consoleText = whole.text();
  const judged = new Map<KataId, KataRun>();

  if (killedAt || (!xml && anyStarted && (stuckAtEnd || files.some((f) => !f.done)))) {
    // Stopped by the watchdog, or died: blame the file that was running (or the last one).
    const culprit = killedAt ?? current() ?? files.at(-1)!;
    const kata = culprit.kata;
    const hung = stripAnsi(partial).match(/^(.*) \.\.\.\s*$/)?.[1] ?? runningName;
    const tests: TestOutcome[] = culprit.seen.map((t) => ({
      name: t.name,
      status: t.status,
      notWrittenYet: false,
      message: "", // its message comes at the end of the run, which was stopped
      where: "",
      detail: "",
    }));
    if (hung) {
      tests.push({
        name: hung,
        status: "cancelled",
        notWrittenYet: false,
        message: killedAt
          ? `Stopped after ${seconds(timeoutMs)}: an endless loop?`
          : "The run crashed while it ran",
        where: "",
        detail: "",
      });
    }
    const base = { kata: kata.id, tests, output: culprit.section.text() || output, ms };
    if (killedAt) {
      judged.set(kata.id, {
        ...base,
        state: "timeout",
        error: `Did not finish within ${seconds(timeoutMs)}: an endless loop, or a very slow step?`,
        where: hung,
      });
    } else {
      judged.set(kata.id, {
        ...base,
        state: "crashed",
        error: stuckAtEnd
          ? `The test process did not end within ${seconds(timeoutMs)} after its last test`
          : crashMessage(output, status),
        where: "",
      });
    }
    return { judged, failure: "", output };
  }

  if (!xml) {
    // It never got to the tests: an error while loading the modules.
    const problems = compileProblems(output, root);
    const first = problems[0];
    if (first) {
      for (const kata of katas) {
        if (blamed(first, [kata], options.judge)?.length) {
          judged.set(kata.id, {
            kata: kata.id,
            state: "compile-error",
            tests: [],
            error: first.message,
            where: first.where,
            output: capText(first.text),
            ms,
          });
        }
      }
    }
    return { judged, failure: first?.message ?? crashMessage(output, status), output };
  }

  const suites = parseJunit(xml, root);
  for (const kata of katas) {
    const mine = files.filter((f) => f.kata === kata);
    const tests: TestOutcome[] = [];
    let crash: { error: string; where: string } | undefined;
    for (const f of mine) {
      const suite = suites.get(f.file);
      if (suite) tests.push(...suite.map((t) => refine(t, kata.id, consoleText)));
      const uncaught = uncaughtError(consoleText, f.file, root, kata.id, f.expected < 0);
      if (uncaught) crash ??= uncaught;
      else if (!suite) crash ??= { error: "The test file gave no results", where: "" };
    }
    const section = mine.map((f) => f.section.text()).join("\n");
    const own = mine.flatMap((f) => suites.get(f.file) ?? []).reduce((t, o) => t + o.seconds, 0);
    const base = { kata: kata.id, tests, output: section, ms: Math.round(own * 1000) };
    if (crash || tests.some((t) => t.status === "cancelled")) {
      crash ??= { error: "The run ended before every test finished", where: "" };
      judged.set(kata.id, { ...base, state: "crashed", ...crash });
    } else {
      judged.set(kata.id, { ...base, state: "ran", error: "", where: "" });
    }
  }
  return { judged, failure: "", output };
}

/** Why a test process died, in a line. */
function crashMessage(output: string, status: Deno.CommandStatus): string {
  if (/out of memory|Reached heap limit/i.test(output)) {
    return `The tests ran out of memory (the limit is ${HEAP_MB} MB): something grows without end?`;
  }
  const error = lastError(output);
  if (error) return error;
  return status.signal
    ? `The test process was killed by ${status.signal}`
    : `The test process ended with exit code ${status.code} before its results`;
}

/** Kills a child process, ignoring one already gone. */
function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
}
