/**
 * Runs one kata's tests in a child process and says what happened, test by
 * test, whatever the learner's code does: a wrong answer, a `todo()`, a
 * type error, a syntax error, an endless loop, a stack overflow, a thrown
 * non-Error, an unhandled rejection or a flood of output. The child gets no
 * permissions and a time limit; nothing it does can take the caller down.
 *
 * @module
 */

import { writeImportMap } from "./import_map.ts";
import { join } from "./_path.ts";
import type { Kata, KataId } from "../lib/katas.ts";

/** What happened to one test. */
export interface TestOutcome {
  /** The test's name, as given to `Deno.test`. */
  readonly name: string;
  /** `passed`; `failed` (an assertion or an error); `cancelled` (never finished: the run crashed or timed out first). */
  readonly status: "passed" | "failed" | "cancelled";
  /** Whether it failed only because a `todo()` was reached: "not written yet". */
  readonly notWrittenYet: boolean;
  /** The first line of the failure's message (empty when passed). */
  readonly message: string;
  /** Where it went wrong, `katas/01/value.ts:42`, preferring the learner's file to the test's. */
  readonly where: string;
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
  /** For `compile-error` and `crashed`: where, `katas/01/value.ts:12`, when known. */
  readonly where: string;
  /** The child's output (stdout then stderr), without colour, capped in the middle. */
  readonly output: string;
  /** How long the run took, in milliseconds. */
  readonly ms: number;
}

/** How to run a kata. */
export interface RunOptions {
  /** The repository to run in (a temporary copy in tests). */
  readonly root: string;
  /** The katas judged by their reference solutions instead of the learner's files. */
  readonly references: readonly KataId[];
  /** The time limit for the whole run, in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** The folder to run: `katas` (default) or `solutions`. */
  readonly tree?: "katas" | "solutions";
}

/** How much of the child's output is kept: this many bytes from its start and from its end. */
const KEEP = 32 * 1024;

/**
 * Runs `deno test` on one kata folder in a child process with no
 * permissions and a time limit, and reads the results.
 *
 * @param kata The kata to run.
 * @param options Where, with which reference katas, and for how long.
 * @returns What happened, test by test.
 */
export async function runKata(kata: Kata, options: RunOptions): Promise<KataRun> {
  const { root, references, timeoutMs = 10_000, tree = "katas" } = options;
  const started = performance.now();
  // The report goes to .cache/runs/ (the one place our tools write), not the system's temp folder
  const runs = join(root, ".cache", "runs");
  await Deno.mkdir(runs, { recursive: true });
  const junit = join(runs, `${kata.id}-${crypto.randomUUID()}.xml`);
  const args = ["test", "--no-prompt", `--junit-path=${junit}`];
  if (references.length > 0) args.push(`--import-map=${await writeImportMap(references, root)}`);
  args.push(`${tree}/${kata.id}/`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, timeoutMs);
  const [stdout, stderr, status] = await Promise.all([
    capped(child.stdout),
    capped(child.stderr),
    child.status,
  ]);
  clearTimeout(timer);
  const xml = await Deno.readTextFile(junit).catch(() => "");
  await Deno.remove(junit).catch(() => {});
  const output = `${stdout}\n${stderr}`.trim();
  const ms = Math.round(performance.now() - started);
  const tests = parseResults(xml, stdout, kata.id);
  const base = { kata: kata.id, tests, output, ms };

  if (timedOut) {
    return { ...base, state: "timeout", error: `Stopped after ${timeoutMs / 1000} s`, where: "" };
  }
  if (tests.length === 0 && !status.success) {
    const { message, where } = compileError(stderr, kata.id);
    if (message) return { ...base, state: "compile-error", error: message, where };
    return { ...base, state: "crashed", error: lastError(output), where: "" };
  }
  if (tests.some((t) => t.status === "cancelled")) {
    const crash = uncaughtError(stdout, kata.id);
    return { ...base, state: "crashed", ...crash };
  }
  return { ...base, state: "ran", error: "", where: "" };
}

/** Reads a stream to its end, keeping its start and its end. */
async function capped(stream: ReadableStream<Uint8Array>): Promise<string> {
  let head = "";
  let tail = "";
  let dropped = 0;
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    if (head.length < KEEP) {
      head += chunk;
      continue;
    }
    tail += chunk;
    if (tail.length > 2 * KEEP) {
      dropped += tail.length - KEEP;
      tail = tail.slice(-KEEP);
    }
  }
  const text = dropped > 0
    ? `${head}\n[... ${dropped} characters of output left out ...]\n${tail}`
    : head + tail;
  return stripAnsi(text);
}

/** The results of the junit report, with `cancelled` read from the console report. */
function parseResults(xml: string, console: string, id: KataId): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  const cases = xml.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g);
  for (const [, rawName, , body = ""] of cases) {
    const name = unescapeXml(rawName);
    const failure = body.match(/<failure message="([^"]*)"[^>]*>([\s\S]*?)<\/failure>/);
    if (failure) {
      const text = unescapeXml(failure[2]);
      const message = unescapeXml(failure[1]).replace(/^Uncaught (\(in promise\) )?/, "");
      outcomes.push({
        name,
        status: "failed",
        notWrittenYet: /^NotWrittenYet\b/.test(message),
        message: message.split("\n")[0],
        where: locate(text, id),
      });
    } else {
      const cancelled = console.includes(`${name} ... cancelled`);
      outcomes.push({
        name,
        status: cancelled ? "cancelled" : "passed",
        notWrittenYet: false,
        message: cancelled ? "Did not finish: the run crashed first" : "",
        where: "",
      });
    }
  }
  return outcomes;
}

/** The first compiler or parser error on stderr, and where it is. */
function compileError(stderr: string, id: KataId): { message: string; where: string } {
  const ts = stderr.match(/(TS\d+) \[ERROR\]: ([^\n]*)/);
  if (ts) return { message: `${ts[2]} (${ts[1]})`, where: locate(stderr, id) };
  const other = stderr.match(
    /^error: ((?:SyntaxError|Module not found|Relative import path|Unable to load)[^\n]*)/m,
  );
  if (other) return { message: other[1], where: locate(stderr, id) };
  return { message: "", where: "" };
}

/** The message of an error thrown outside any test, from the console report. */
function uncaughtError(console: string, id: KataId): { error: string; where: string } {
  const block = console.match(/\(uncaught error\)\n([\s\S]*?)(?:\n\n|$)/);
  if (!block) return { error: lastError(console), where: "" };
  const message = block[1].replace(/^error: (\(in promise\) )?/, "").split("\n")[0];
  return { error: message, where: locate(block[1], id) };
}

/** The last `error:` line of some output, for crashes with nothing better to say. */
function lastError(output: string): string {
  const lines = output.split("\n").filter((l) => /^error: /.test(l) && !/Test failed/.test(l));
  return lines.at(-1)?.slice("error: ".length) ?? "The test run ended without results";
}

/**
 * The most useful place named in a stack or compiler message: a kata file
 * that is not a test (the learner's code), else the first kata file, as
 * `katas/01/value.ts:42`.
 */
function locate(text: string, id: KataId): string {
  const places = [...text.matchAll(/((?:katas|solutions)\/(\d\d)\/[\w.-]+\.ts):(\d+)(?::\d+)?/g)]
    .map((m) => ({ file: m[1], kata: m[2], line: m[3] }));
  const best = places.find((p) => !p.file.endsWith("_test.ts") && p.kata === id) ??
    places.find((p) => !p.file.endsWith("_test.ts")) ?? places[0];
  return best ? `${best.file}:${best.line}` : "";
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[name as string] ?? "";
  });
}

function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}
