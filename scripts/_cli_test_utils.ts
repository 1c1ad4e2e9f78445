/**
 * Helpers for the tests of `deno task train` and `deno task sample`: a
 * terminal that records what is written, a throwaway repository whose
 * `katas/` mixes reference files and hand-made ones, and a way to run a
 * script in a child process with exactly the task's permissions.
 *
 * @module
 */

import type { Io } from "./_io.ts";
import { runTrain } from "./train.ts";
import { fromFileUrl, join, toFileUrl } from "./_path.ts";

/** The repository. */
export const ROOT_URL = new URL("../", import.meta.url);
/** The repository's folder. */
export const ROOT = fromFileUrl(ROOT_URL);
/** The default dataset, as an absolute path. */
export const NAMES = join(ROOT, "data", "names.txt");

/** A recording terminal: what went to stdout and to stderr. */
export interface Recorded extends Io {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/**
 * A terminal that records what is written to it.
 *
 * @param terminal Whether stderr should look like a terminal (progress bar and chart).
 * @param color Whether colours are allowed (`NO_COLOR` unset).
 */
export function recordingIo(terminal = false, color = false): Recorded {
  let out = "";
  let err = "";
  return {
    out: (text) => out += text,
    err: (text) => err += text,
    errIsTerminal: terminal,
    color,
    columns: 100,
    stdout: () => out,
    stderr: () => err,
  };
}

/**
 * Runs `deno task train` in this process with a recording terminal.
 *
 * @param args The command-line arguments.
 * @param root The repository (its `katas/`, `solutions/` and `data/`).
 * @param terminal Whether stderr should look like a terminal.
 * @param color Whether colours are allowed.
 * @returns The exit code and what went to stdout and stderr.
 */
export async function trainInProcess(
  args: readonly string[],
  root: URL = ROOT_URL,
  terminal = false,
  color = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = recordingIo(terminal, color);
  const code = await runTrain(args, io, root);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/**
 * Makes a throwaway repository: `katas/NN/` holds a copy of every reference
 * solution file of katas 01-11, `lib/` the files kata code imports; then
 * `files` (path to text) are written over them.
 *
 * @param files Files to add or replace, such as `{ "katas/09/adam.ts": "..." }`.
 * @returns The repository's URL (ending in `/`) and its folder.
 */
export async function makeRepository(
  files: Readonly<Record<string, string>> = {},
): Promise<{ url: URL; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "microgpt-repo-" });
  for (let n = 1; n <= 11; n++) {
    const id = String(n).padStart(2, "0");
    await Deno.mkdir(join(dir, "katas", id), { recursive: true });
    for await (const entry of Deno.readDir(join(ROOT, "solutions", id))) {
      if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
      await Deno.copyFile(
        join(ROOT, "solutions", id, entry.name),
        join(dir, "katas", id, entry.name),
      );
    }
  }
  await Deno.mkdir(join(dir, "lib"), { recursive: true });
  for (const name of ["todo.ts", "random.ts"]) {
    await Deno.copyFile(join(ROOT, "lib", name), join(dir, "lib", name));
  }
  for (const [path, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, path), text);
  return { url: new URL(`${toFileUrl(dir).href}/`), dir };
}

/**
 * The flags the tasks are meant to give `deno run` (deno.json's task lines
 * say the same): the permissions, and for training a young generation big
 * enough for one step's graph (the garbage collector's time halves).
 */
export const TASK_FLAGS = {
  train: ["--v8-flags=--max-semi-space-size=128", "--allow-read=.", "--allow-write=runs"],
  sample: ["--allow-read=."],
} as const;

/**
 * The flags `deno.json`'s task gives `deno run` before the script (such as
 * `["--allow-read=.", "--allow-write=runs"]`), or `undefined` if the task is
 * not there.
 *
 * @param task The task's name.
 * @param script The script it runs, relative to the repository.
 */
export async function taskFlags(task: string, script: string): Promise<string[] | undefined> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const line: unknown = config.tasks?.[task];
  const command = typeof line === "string" ? line : (line as { command?: string })?.command;
  if (typeof command !== "string") return undefined;
  const words = command.trim().split(/\s+/);
  const at = words.indexOf(script);
  if (words[0] !== "deno" || words[1] !== "run" || at < 0) return undefined;
  return words.slice(2, at);
}

/** What a child process did. */
export interface ChildRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `script` (such as `"scripts/train.ts"`) in a child Deno from the
 * repository's folder with `permissions` (such as the task's) and `args`.
 *
 * @param permissions The permission flags.
 * @param script The script, relative to the repository.
 * @param args Its arguments.
 * @returns Its exit code and output.
 */
export async function runScript(
  permissions: readonly string[],
  script: string,
  args: readonly string[],
): Promise<ChildRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...permissions, script, ...args],
    cwd: ROOT,
    env: { RUST_BACKTRACE: "0", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Whether a text holds a stack trace (a line of the form `    at f (file:...)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .*(file:|ext:|<anonymous>)/m.test(text) || text.includes("Stack backtrace");
}
