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
 * file, and beside it one `deno test --no-check` that runs them in order.
 * A watchdog reads the test run's progress and gives each test file its own
 * time limit; when it fires, or the run dies, the kata that was running is
 * reported and the others run again without it. A compile error is charged
 * to the katas whose code it is in (by the paths it names), and the others
 * run again without them; an error that names no kata makes each kata run
 * alone. So one broken kata never hides the state of another.
 *
 * @module
 */

import { allKatas, referenceMap, writeImportMap } from "./import_map.ts";
import { fromFileUrl, join, relative } from "./_path.ts";
import { dependenciesOf, type Kata, type KataId, KATAS } from "../lib/katas.ts";

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

/** The default time limit for one kata's tests. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The time limit for type-checking a batch (it runs no learner code). */
const CHECK_TIMEOUT_MS = 180_000;
/** Extra time for the first file of a test run: the process starts and loads every module. */
const START_GRACE_MS = 5_000;
/** How much of a child's output is kept: this many characters from its start and from its end. */
const KEEP = 16 * 1024;
/** The largest heap a test process may grow, in MB: a runaway allocation fails fast instead of swapping. */
const HEAP_MB = 2048;

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
 * Writes the map that judges every kata by itself: imports made from
 * `katas/NN/` of any other kata's files go to `solutions/`, so each kata
 * runs with the reference versions of the katas it builds on, and one test
 * process can judge them all. Returns its path.
 *
 * @param root The repository.
 * @returns The path of the map, `.cache/import-maps/standalone.json`.
 */
export async function writeStandaloneMap(root: string): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const mapDir = join(root, ".cache", "import-maps");
  await Deno.mkdir(mapDir, { recursive: true });
  // One reference map per kata, merged: each gives the scope of its own folder.
  const scopes: Record<string, Record<string, string>> = {};
  let imports: Record<string, string> = {};
  for (const kata of KATAS) {
    const others = allKatas().filter((id) => id !== kata.id);
    const map = referenceMap(others, config.imports ?? {}, root, mapDir);
    imports = map.imports;
    const folder = relative(mapDir, join(root, "katas", kata.id)).replaceAll("\\", "/");
    scopes[`${folder.startsWith(".") ? folder : `./${folder}`}/`] = Object.values(map.scopes)[0];
  }
  const text = JSON.stringify({ imports, scopes }, null, 2) + "\n";
  const path = join(mapDir, "standalone.json");
  // Unchanged content keeps Deno's type-check cache valid: write only when it differs.
  if ((await Deno.readTextFile(path).catch(() => "")) !== text) {
    const temp = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  }
  return path;
}

/**
 * Results kept from earlier runs, each under a fingerprint of every file
 * its tests load: the test files, the learner's files they import
 * (followed import by import, through the judge's redirections), and the
 * rest of the repository they may reach (`lib/`, `data/`, `solutions/`,
 * `deno.json`), with this runner and the Deno version. Any change to any
 * of them makes the kata run again.
 */
class ResultCache {
  static readonly PATH = ".cache/results.json";
  static readonly VERSION = 1;

  readonly #root: string;
  readonly #judgeKey: string;
  readonly #fingerprints: Map<KataId, string>;
  readonly #entries: Record<string, { fingerprint: string; run: KataRun }>;

  private constructor(
    root: string,
    judgeKey: string,
    fingerprints: Map<KataId, string>,
    entries: Record<string, { fingerprint: string; run: KataRun }>,
  ) {
    this.#root = root;
    this.#judgeKey = judgeKey;
    this.#fingerprints = fingerprints;
    this.#entries = entries;
  }

  static async open(katas: readonly Kata[], options: BatchOptions): Promise<ResultCache> {
    const { root, judge } = options;
    const judgeKey = typeof judge === "string"
      ? judge
      : `references:${[...judge].sort().join(",")}`;
    const tree = options.tree ?? "katas";
    const global = await globalFingerprint(root);
    const fingerprints = new Map<KataId, string>();
    for (const kata of katas) {
      const files = await loadedFiles(kata, judge, root, tree);
      const text = [global, judgeKey, tree, ...files].join("\n");
      fingerprints.set(kata.id, await sha256Text(text));
    }
    let entries = {};
    try {
      const data = JSON.parse(await Deno.readTextFile(join(root, ResultCache.PATH)));
      if (data?.version === ResultCache.VERSION && typeof data.entries === "object") {
        entries = data.entries;
      }
    } catch { /* no cache yet, or a broken one: start afresh */ }
    return new ResultCache(root, judgeKey, fingerprints, entries);
  }

  /** The kept run of kata `id`, if its files are unchanged since. */
  get(id: KataId): KataRun | undefined {
    const entry = this.#entries[`${this.#judgeKey}|${id}`];
    const fingerprint = this.#fingerprints.get(id);
    return entry && fingerprint && entry.fingerprint === fingerprint ? entry.run : undefined;
  }

  /** How long kata `id`'s tests took the last time they ran (whatever changed since). */
  lastMs(id: KataId): number | undefined {
    const run = this.#entries[`${this.#judgeKey}|${id}`]?.run;
    return run && run.state === "ran" ? run.ms : undefined;
  }

  /** Keeps the definite ones of `runs`, and writes the cache. */
  async save(runs: readonly KataRun[]): Promise<void> {
    // Re-read first: another checker (watch) may have written meanwhile.
    let entries = this.#entries;
    try {
      const data = JSON.parse(await Deno.readTextFile(join(this.#root, ResultCache.PATH)));
      if (data?.version === ResultCache.VERSION) entries = { ...data.entries };
    } catch { /* keep ours */ }
    let changed = false;
    for (const run of runs) {
      const key = `${this.#judgeKey}|${run.kata}`;
      const fingerprint = this.#fingerprints.get(run.kata);
      if (!fingerprint) continue;
      if (definite(run)) {
        entries[key] = { fingerprint, run: { ...run, output: "" } };
        changed = true;
      } else if (entries[key]) {
        delete entries[key];
        changed = true;
      }
    }
    if (!changed) return;
    try {
      const path = join(this.#root, ResultCache.PATH);
      const temp = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
      await Deno.writeTextFile(temp, JSON.stringify({ version: ResultCache.VERSION, entries }));
      await Deno.rename(temp, path);
    } catch { /* a cache: never worth failing for */ }
  }
}

/** Whether a run's outcome depends only on the files (not on the machine's speed or load). */
function definite(run: KataRun): boolean {
  if (run.state === "compile-error") return true;
  if (run.state !== "ran") return false;
  return !run.tests.some((t) => /^Did not finish within/.test(t.message));
}

/** The SHA-256 of a text, in hex. */
async function sha256Text(text: string): Promise<string> {
  return await sha256Bytes(new TextEncoder().encode(text));
}

async function sha256Bytes(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The folders whose every file counts for every kata: all but the learner's `katas/`. */
const SHARED = ["deno.json", "lib", "data", "solutions", "scripts/_run_tests.ts"];

/** A fingerprint of the shared files, this runner and the Deno version. */
async function globalFingerprint(root: string): Promise<string> {
  const lines = [`deno ${Deno.version.deno}`];
  for (const entry of SHARED) {
    for (const file of await walk(root, entry)) {
      const bytes = await Deno.readFile(join(root, file)).catch(() => null);
      lines.push(`${file} ${bytes ? await sha256Bytes(bytes) : "missing"}`);
    }
  }
  return await sha256Text(lines.join("\n"));
}

/** Every file under `path` (a file or a folder) from the root, sorted, with `/`. */
async function walk(root: string, path: string): Promise<string[]> {
  const info = await Deno.stat(join(root, path)).catch(() => null);
  if (!info) return [];
  if (info.isFile) return [path];
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(root, path))) {
    if (entry.name.startsWith(".")) continue;
    files.push(...await walk(root, `${path}/${entry.name}`));
  }
  return files.sort();
}

/**
 * The files a kata's tests load outside the shared folders, each as
 * `path sha256`: its test files and every learner file reached from them
 * by relative imports, with the judge's redirections to `solutions/`.
 */
async function loadedFiles(
  kata: Kata,
  judge: Judge,
  root: string,
  tree: string,
): Promise<string[]> {
  const queue = testFiles(kata, tree);
  const seen = new Set<string>(queue);
  const lines: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const bytes = await Deno.readFile(join(root, file)).catch(() => null);
    lines.push(`${file} ${bytes ? await sha256Bytes(bytes) : "missing"}`);
    if (!bytes || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    const text = new TextDecoder().decode(bytes);
    const specifiers = text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g);
    for (const [, specifier] of specifiers) {
      let target = join(file, "..", specifier).replaceAll("\\", "/");
      target = redirect(target, file, judge);
      if (
        target.startsWith("..") || SHARED.some((s) => target === s || target.startsWith(`${s}/`))
      ) {
        continue; // outside the repository, or counted in the shared fingerprint
      }
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return lines.sort();
}

/** Where an import of `target` made from `referrer` lands, under the judge's import map. */
function redirect(target: string, referrer: string, judge: Judge): string {
  const match = target.match(/^katas\/(\d\d)\/([^/]+)$/);
  if (!match || !referrer.startsWith("katas/")) return target;
  const owner = KATAS.find((k) => k.id === match[1]);
  if (!owner || !owner.files.includes(match[2])) return target;
  const referrerKata = referrer.match(/^katas\/(\d\d)\//)?.[1];
  const redirected = judge === "own"
    ? false
    : judge === "standalone"
    ? owner.id !== referrerKata
    : judge.includes(owner.id);
  return redirected ? `solutions/${owner.id}/${match[2]}` : target;
}

/** A compile error, charged to the katas whose files it names. */
interface CompileProblem {
  /** The compiler's first line, with its code: `Type 'string' is not assignable to type 'number'. (TS2322)`. */
  readonly message: string;
  /** `katas/03/backward.ts:15`. */
  readonly where: string;
  /** The kata files it names, as `katas/03` or `solutions/03`. */
  readonly mentions: readonly string[];
  /** The whole block, for the output. */
  readonly text: string;
  /** A module that cannot be parsed or found: the check stopped there, before type-checking. */
  readonly graph: boolean;
}

/** The outcome of type-checking a batch. */
interface CheckOutcome {
  readonly problems: readonly CompileProblem[];
  /** Set when the check did not finish or failed for a reason it did not explain. */
  readonly failure: string;
}

/** The test files of a kata, from the root, with `/`. */
function testFiles(kata: Kata, tree: string): string[] {
  return kata.tests.map((t) => `${tree}/${kata.id}/${t}`);
}

/** The folders (`katas/NN`, `solutions/NN`) whose code is part of `kata`'s tests under `judge`. */
function graphFolders(kata: Kata, judge: Judge): string[] {
  const ids = [kata.id, ...dependenciesOf(kata)];
  const reference = (id: KataId) =>
    judge === "standalone" ? id !== kata.id : judge === "own" ? false : judge.includes(id);
  const folders = [`katas/${kata.id}`]; // its tests are always there
  for (const id of ids) folders.push(reference(id) ? `solutions/${id}` : `katas/${id}`);
  return folders;
}

/**
 * The katas of `katas` that `problem` concerns, or `undefined` when it
 * names no kata file (then no kata can be blamed by its paths).
 */
function blamed(problem: CompileProblem, katas: readonly Kata[], judge: Judge): Kata[] | undefined {
  if (problem.mentions.length === 0) return undefined;
  return katas.filter((kata) =>
    graphFolders(kata, judge).some((folder) => problem.mentions.includes(folder))
  );
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
      results.set(kata.id, {
        kata: kata.id,
        state: "compile-error",
        tests: [],
        error: problem.message,
        where: problem.where,
        output: capText(problem.text),
        ms: ms(),
      });
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

/** The environment of every child: no colour, no Rust backtraces, no update check. */
const CHILD_ENV = { NO_COLOR: "1", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" };

/** Type-checks the test files of `katas` as one program. */
async function typeCheck(
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

/**
 * The compiler's and the module loader's errors in `text`: each
 * `TS2322 [ERROR]: …` or `error: …` block, with where it is.
 */
export function compileProblems(text: string, root: string): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const blocks = text.split(/\n(?=TS\d+ \[ERROR\]: |error: )/);
  for (const block of blocks) {
    const ts = block.match(/^(?:[\s\S]*?\n)?(TS\d+) \[ERROR\]: ([^\n]*)/);
    const other = block.match(/^(?:[\s\S]*?\n)?error: ([^\n]*)/);
    let message: string;
    if (ts) message = `${ts[2]} (${ts[1]})`;
    else if (other && !/^(Type checking failed|Test failed)/.test(other[1])) {
      message = other[1].replace(/^Uncaught (\(in promise\) )?/, "");
    } else continue;
    const at = block.match(/\bat (file:\/\/\S+?):(\d+):\d+/);
    const where = at ? `${repoPath(at[1], root)}:${at[2]}` : "";
    const mentions = new Set<string>();
    for (const m of block.matchAll(/file:\/\/[^\s"'`)]+/g)) {
      const folder = repoPath(m[0], root).match(/^(katas|solutions)\/\d\d(?=\/)/);
      if (folder) mentions.add(folder[0]);
    }
    problems.push({ message, where, mentions: [...mentions], text: block.trim(), graph: !ts });
  }
  return problems;
}

/** A `file:` URL as a path from the root, with `/` (unchanged when outside the root). */
function repoPath(url: string, root: string): string {
  try {
    const path = fromFileUrl(url.replace(/[.,;:]+$/, ""));
    const rel = relative(root, path).replaceAll("\\", "/");
    return rel.startsWith("..") ? path : rel;
  } catch {
    return url;
  }
}

/** What one test process made of its katas. */
interface TestRunOutcome {
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
async function testRun(
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

/** `10 s`, `1.5 s`. */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Kills a child process and its own children, ignoring one already gone. */
function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
}

/** Text kept by its start and its end, whatever its length. */
class Capped {
  #head = "";
  #tail = "";
  #dropped = 0;

  add(chunk: string): void {
    if (this.#head.length < KEEP) {
      const room = KEEP - this.#head.length;
      this.#head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (!chunk) return;
    }
    this.#tail += chunk;
    if (this.#tail.length > 2 * KEEP) {
      this.#dropped += this.#tail.length - KEEP;
      this.#tail = this.#tail.slice(-KEEP);
    }
  }

  text(): string {
    return this.#dropped > 0
      ? `${this.#head}\n[... ${this.#dropped} characters of output left out ...]\n${this.#tail}`
      : this.#head + this.#tail;
  }
}

/** Reads a stream to its end, keeping its start and its end, without colour. */
async function readCapped(stream: ReadableStream<Uint8Array>): Promise<string> {
  const kept = new Capped();
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) kept.add(chunk);
  return stripAnsi(kept.text());
}

/** A long text cut to its start and end. */
function capText(text: string): string {
  const kept = new Capped();
  kept.add(text);
  return kept.text();
}

/** A test result as the junit report gives it, before it is explained. */
interface RawOutcome {
  readonly name: string;
  readonly failed: boolean;
  /** The failure's `message` attribute, without `Uncaught `. */
  readonly message: string;
  /** The failure's text: the message, the source line and the stack. */
  readonly text: string;
  /** How long it took, in seconds. */
  readonly seconds: number;
}

/** The junit report's test cases, by test file (from the root, with `/`). */
function parseJunit(xml: string, root: string): Map<string, RawOutcome[]> {
  const suites = new Map<string, RawOutcome[]>();
  for (const suite of xml.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
    const file = suiteFile(unescapeXml(suite[1]), root);
    const outcomes: RawOutcome[] = [];
    const cases = suite[2].matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g);
    for (const [whole, rawName, , body = ""] of cases) {
      const failure = body.match(/<failure message="([^"]*)"[^>]*>([\s\S]*?)<\/failure>/) ??
        body.match(/<failure message="([^"]*)"[^>]*\/>()/);
      outcomes.push({
        name: unescapeXml(rawName),
        failed: failure !== null,
        message: failure ? unescapeXml(failure[1]).replace(/^Uncaught (\(in promise\) )?/, "") : "",
        text: failure ? unescapeXml(failure[2]) : "",
        seconds: Number(whole.match(/\btime="([\d.]+)"/)?.[1] ?? 0),
      });
    }
    suites.set(file, [...(suites.get(file) ?? []), ...outcomes]);
  }
  return suites;
}

/** A junit suite's name (`./katas/01/value_test.ts` or a URL) as a path from the root. */
function suiteFile(name: string, root: string): string {
  if (name.startsWith("file://")) return repoPath(name, root);
  return name.replace(/^\.\//, "");
}

/** A junit outcome, explained for a learner. */
function refine(raw: RawOutcome, id: KataId, console: string): TestOutcome {
  if (!raw.failed) {
    const cancelled = console.includes(`${raw.name} ... cancelled`);
    return {
      name: raw.name,
      status: cancelled ? "cancelled" : "passed",
      notWrittenYet: false,
      message: cancelled ? "The run crashed first" : "",
      where: "",
      detail: "",
    };
  }
  const detail = withoutStack(raw.text || raw.message);
  return {
    name: raw.name,
    status: "failed",
    // A todo() reached, or an assertThrows that met the stub's NotWrittenYet instead of its error
    notWrittenYet: /^NotWrittenYet\b/.test(raw.message) ||
      /\bbut was "NotWrittenYet"/.test(raw.message),
    message: explain(raw.message, detail),
    where: locate(raw.text, id),
    detail: capText(detail).slice(0, 4000),
  };
}

/** A failure's text without the stack frames and source excerpt that follow the message. */
function withoutStack(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s+at /.test(line)) break;
    // The source line and caret Deno prints before the stack: a line, then spaces and `^`.
    if (i + 1 < lines.length && /^\s*\^\s*$/.test(lines[i + 1])) break;
    out.push(line);
  }
  return out.join("\n").trimEnd();
}

/**
 * A failure's message, in one line a learner can act on: an assertion's
 * diff as "got …, expected …", a permission or an exit explained, a thrown
 * non-Error named as such.
 *
 * @param message The failure's message (the first line, without `Uncaught `).
 * @param detail The whole message, with an assertion's diff.
 * @returns One line.
 */
export function explain(message: string, detail = message): string {
  const first = message.split("\n")[0].trim();
  const named = first.match(/^([A-Za-z_$][\w$]*)(?:: ([\s\S]*))?$/);
  if (/^NotWrittenYet: /.test(first)) return first.slice("NotWrittenYet: ".length);
  const permission = first.match(/^NotCapable: Requires (\w+) access(?: to (.*?))?, run again/);
  if (permission) {
    const [, kind, target = ""] = permission;
    const what: Record<string, string> = {
      read: `read ${target}`,
      write: `write ${target}`,
      net: `use the network${target ? ` (${target})` : ""}`,
      env: `read the environment${target ? ` (${target})` : ""}`,
      run: `start a program${target ? ` (${target})` : ""}`,
      sys: "read system information",
      ffi: "load native code",
      import: `import ${target}`,
    };
    return `Your code tried to ${what[kind] ?? `use ${kind} access`}: kata code runs ` +
      "without permissions (no files, network, environment or programs), and needs none";
  }
  const exit = first.match(/^Error: Test case attempted to exit with exit code: (-?\d+)/);
  if (exit) {
    return `Your code called Deno.exit(${exit[1]}): return a value or throw an Error instead`;
  }
  const exitCode = first.match(/^Error: Test case finished with exit code set to (-?\d+)/);
  if (exitCode) return `Your code set Deno.exitCode to ${exitCode[1]}: leave it alone`;
  if (/^Timed out after (\d+)ms/.test(first) || /^Test timed out/.test(first)) {
    const ms = Number(first.match(/(\d+)ms/)?.[1] ?? 0);
    return `Did not finish within ${
      seconds(ms)
    }: an endless loop, or a promise that never settles?`;
  }
  if (/^Promise resolution is still pending/.test(first)) {
    return "A promise never settles: something it waits for never happens";
  }
  if (/Maximum call stack size exceeded/.test(first)) {
    return "RangeError: Maximum call stack size exceeded: a recursion that never ends, " +
      "or one too deep for the stack (use a loop)";
  }
  if (/^AssertionError: Values are not equal\.?$/.test(first)) {
    const diff = diffSummary(detail);
    return diff ? `Values are not equal: ${diff}` : "Values are not equal";
  }
  if (/^AssertionError: /.test(first)) return first.slice("AssertionError: ".length);
  if (!named || (!named[2] && !/^[A-Z]/.test(first))) {
    if (first === "") return "Failed without a message";
    return `Your code threw ${first.length > 80 ? first.slice(0, 77) + "..." : first}, ` +
      'which is not an Error: throw new Error("..."), so it has a message and a place';
  }
  return first;
}

/** "got X, expected Y" from an assertion's diff (`-` actual lines, `+` expected lines). */
function diffSummary(detail: string): string {
  const lines = detail.split("\n");
  const actual = lines.filter((l) => /^-\s/.test(l)).map((l) => l.slice(1).trim());
  const expected = lines.filter((l) => /^\+\s/.test(l)).map((l) => l.slice(1).trim());
  if (actual.length === 0 && expected.length === 0) return "";
  const show = (xs: string[]) => {
    const text = xs.map((x) => x.replace(/,$/, "")).join(" ");
    return text.length > 60 ? text.slice(0, 57) + "..." : text;
  };
  if (actual.length === 0) return `missing ${show(expected)}`;
  if (expected.length === 0) return `unexpected ${show(actual)}`;
  return `got ${show(actual)}, expected ${show(expected)}`;
}

/**
 * The error thrown outside any test of `file`, from the console report's
 * `./katas/03/backward_test.ts (uncaught error)` block, or `undefined`.
 */
function uncaughtError(
  console: string,
  file: string,
  root: string,
  id: KataId,
  atLoad: boolean,
): { error: string; where: string } | undefined {
  const marker = `./${file} (uncaught error)\n`;
  const at = console.indexOf(marker);
  if (at < 0) return undefined;
  const block = console.slice(at + marker.length).split(/\n\n/)[0];
  const first = block.replace(/^error: /, "").split("\n")[0];
  const promise = /^\(in promise\) /.test(first);
  const message = explain(first.replace(/^\(in promise\) /, ""), block);
  const where = locate(block, id) || repoPathIn(block, root);
  return {
    // A module's top level runs as a promise too: at load, it is the module that threw
    error: atLoad
      ? `${message} (thrown while loading the module, outside any test)`
      : promise
      ? `${message} (a promise rejected and nothing was waiting for it)`
      : `${message} (thrown outside any test, e.g. in a timer)`,
    where,
  };
}

/** The first `file:` location in a text, as `path:line` from the root. */
function repoPathIn(text: string, root: string): string {
  const at = text.match(/(file:\/\/\S+?):(\d+):\d+/);
  return at ? `${repoPath(at[1], root)}:${at[2]}` : "";
}

/** The last `error:` line of some output, for crashes with nothing better to say. */
function lastError(output: string): string {
  const lines = output.split("\n").filter((l) => /^error: /.test(l) && !/Test failed/.test(l));
  return lines.at(-1)?.slice("error: ".length) ?? "";
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
