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
import {
  blamed,
  compileErrorRun,
  type CompileProblem,
  compileProblems,
} from "./_compile_errors.ts";
import {
  Capped,
  KEEP,
  lastError,
  parseJunit,
  type RawOutcome,
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
  const child = spawnDeno(args, options.root);
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
 * Follows a test run's console report line by line: which file runs, which
 * test has started, which results came. Files run in the order given; each
 * time one finishes, `onFileDone` is called (the watchdog's cue).
 */
class ConsoleProgress {
  /** Each test file, in the order they run. */
  readonly files: readonly FileProgress[];
  /** The whole report, capped. */
  readonly whole = new Capped();
  /** Whether any test file has started. */
  anyStarted = false;
  /** The test that has started and not finished, when its name had a line. */
  runningName = "";
  readonly #onFileDone: () => void;
  /** Past the report's ` ERRORS ` heading: the results are all in. */
  #errorsSection = false;

  constructor(katas: readonly Kata[], tree: string, onFileDone: () => void) {
    this.files = katas.flatMap((kata) =>
      testFiles(kata, tree).map((file) => ({
        file,
        kata,
        expected: -1,
        seen: [],
        done: false,
        section: new Capped(),
      }))
    );
    this.#onFileDone = onFileDone;
  }

  /** The file that is running: the first not done. */
  current(): FileProgress | undefined {
    return this.files.find((f) => !f.done);
  }

  /** Reads one line of the report (without colour). */
  line(line: string): void {
    this.whole.add(line + "\n");
    if (this.#errorsSection) return;
    if (line === " ERRORS " || line === " FAILURES ") {
      this.#errorsSection = true;
      return;
    }
    const running = line.match(/^running (\d+) tests? from \.\/(.+)$/);
    const uncaught = line.match(/^Uncaught error from \.\/(\S+)/);
    if (running || /^Uncaught error from /.test(line)) this.anyStarted = true;
    if (running || uncaught) {
      const f = this.files.find((f) => f.file === (running?.[2] ?? uncaught?.[1]) && !f.done);
      if (!f) return;
      f.section.add(line + "\n");
      if (running) this.#started(f, Number(running[1]));
      else if (f.expected < 0) this.#finished(f); // it threw while loading: nothing more comes
      return;
    }
    const f = this.current();
    if (!f) return;
    f.section.add(line + "\n");
    const result = line.match(/^(.*) \.\.\. (ok|FAILED|cancelled|ignored)(?: \([^)]*\))?$/);
    const name = line.match(/^(.+) \.\.\.$/);
    if (name) this.runningName = name[1];
    if (result && f.expected >= 0) {
      this.runningName = "";
      const status = result[2] === "ok" || result[2] === "ignored"
        ? "passed"
        : result[2] === "FAILED"
        ? "failed"
        : "cancelled";
      f.seen.push({ name: result[1], status });
      if (f.seen.length >= f.expected) this.#finished(f);
    }
  }

  /** `running N tests from` file `f`: the files before it printed nothing (no tests, or an error at load). */
  #started(f: FileProgress, expected: number): void {
    for (const before of this.files) {
      if (before === f) break;
      before.done = true;
    }
    f.expected = expected;
    if (expected === 0) this.#finished(f);
  }

  #finished(f: FileProgress): void {
    f.done = true;
    this.#onFileDone();
  }
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
  const runs = join(root, ".cache", "runs");
  await Deno.mkdir(runs, { recursive: true });
  const junit = join(runs, `${katas[0].id}-${crypto.randomUUID()}.xml`);
  // Each file that finishes re-arms the watchdog (`arm`, below) for the next one
  const progress = new ConsoleProgress(katas, options.tree ?? "katas", () => arm(timeoutMs));
  const { files } = progress;
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
  const child = spawnDeno(args, root);

  // The watchdog: each file gets `timeoutMs` from the end of the one before.
  let killedAt: FileProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stuckAtEnd = false; // every file done, yet the process does not end
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      killedAt = progress.current();
      stuckAtEnd = killedAt === undefined;
      kill(child);
    }, ms);
  };
  arm(timeoutMs + START_GRACE_MS);

  let partial = ""; // the line being written: a test's name while it runs
  const pump = async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const text = partial + chunk;
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      if (partial.length > KEEP) partial = partial.slice(-KEEP); // a flood without newlines
      for (const line of lines) progress.line(stripAnsi(line));
    }
    if (partial) progress.line(stripAnsi(partial));
  };
  const [, stderr, status] = await Promise.all([pump(), readCapped(child.stderr), child.status]);
  clearTimeout(timer);
  const xml = await Deno.readTextFile(junit).catch(() => "");
  await Deno.remove(junit).catch(() => {});
  const ms = Math.round(performance.now() - started);
  const output = `${progress.whole.text()}\n${stderr}`.trim();

  if (killedAt || (!xml && progress.anyStarted && (stuckAtEnd || files.some((f) => !f.done)))) {
    // Stopped by the watchdog, or died: blame the file that was running (or the last one).
    const culprit = killedAt ?? progress.current() ?? files.at(-1)!;
    const hung = stripAnsi(partial).match(/^(.*) \.\.\.\s*$/)?.[1] ?? progress.runningName;
    const error = killedAt
      ? `Did not finish within ${seconds(timeoutMs)}: an endless loop, or a very slow step?`
      : stuckAtEnd
      ? `The test process did not end within ${seconds(timeoutMs)} after its last test`
      : crashMessage(output, status);
    const run = stoppedRun(culprit, hung, killedAt ? seconds(timeoutMs) : "", error, ms);
    return {
      judged: new Map([[culprit.kata.id, { ...run, output: culprit.section.text() || output }]]),
      failure: "",
      output,
    };
  }
  if (!xml) {
    // It never got to the tests: an error while loading the modules.
    const problems = compileProblems(output, root);
    const first = problems[0];
    const judged = new Map<KataId, KataRun>();
    for (const kata of first ? katas : []) {
      if (blamed(first, [kata], options.judge)?.length) {
        judged.set(kata.id, compileErrorRun(kata.id, first, ms));
      }
    }
    return { judged, failure: first?.message ?? crashMessage(output, status), output };
  }
  const suites = parseJunit(xml, root);
  const consoleText = progress.whole.text();
  const judged = new Map(katas.map((k) => [k.id, junitRun(k, files, suites, consoleText, root)]));
  return { judged, failure: "", output };
}

/**
 * The run of the kata whose file was running when the process was stopped
 * (`stoppedAfter`, the limit) or died: the results seen so far (their
 * messages come at the end of a run, which never came) and the test that
 * was running, cancelled. Without its output.
 */
function stoppedRun(
  culprit: FileProgress,
  hung: string,
  stoppedAfter: string,
  error: string,
  ms: number,
): Omit<KataRun, "output"> {
  const outcome = (name: string, status: TestOutcome["status"], message: string) => ({
    name,
    status,
    notWrittenYet: false,
    message,
    where: "",
    detail: "",
  });
  const tests = culprit.seen.map((t) => outcome(t.name, t.status, ""));
  if (hung) {
    const why = stoppedAfter
      ? `Stopped after ${stoppedAfter}: an endless loop?`
      : "The run crashed while it ran";
    tests.push(outcome(hung, "cancelled", why));
  }
  return stoppedAfter
    ? { kata: culprit.kata.id, state: "timeout", tests, error, where: hung, ms }
    : { kata: culprit.kata.id, state: "crashed", tests, error, where: "", ms };
}

/** A kata's run read from the junit report of a run that ended, and its console report. */
function junitRun(
  kata: Kata,
  files: readonly FileProgress[],
  suites: Map<string, RawOutcome[]>,
  consoleText: string,
  root: string,
): KataRun {
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
    return { ...base, state: "crashed", ...crash };
  }
  return { ...base, state: "ran", error: "", where: "" };
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

/** Starts `deno` with `args` in `root`, with no input, and both outputs piped. */
function spawnDeno(args: readonly string[], root: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd: root,
    env: CHILD_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Kills a child process, ignoring one already gone. */
function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
}
