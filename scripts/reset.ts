/**
 * `deno task reset 03`: puts kata 03's untouched files back, after keeping a
 * copy of yours in `.cache/backups/<time>/`, so nothing is ever lost.
 *
 * ```sh
 * deno task reset 03          # asks first (on a terminal), then restores every changed file
 * deno task reset 03 --yes    # without asking
 * deno task reset 03 --tests  # only the test files and the lesson: your code is kept
 * ```
 *
 * The untouched version of a file is the one whose SHA-256 the stub
 * manifest (`scripts/stub_manifest.json`) records. It is looked for in git
 * history, newest first (`git log -- <file>`, `git show <commit>:<file>`),
 * so it is found even after you committed your own work over it. Where it
 * cannot be found (no git, or a history without it), nothing is changed and
 * the message says how to get it.
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { KATAS } from "../lib/katas.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import { ROOT } from "./import_map.ts";
import { join } from "./_path.ts";
import { kataFiles, readManifest, sha256 } from "./stub_manifest.ts";
import { noSuchKata } from "./_kata_progress.ts";
import { parseKataId, unknownOption } from "./check_progress.ts";

/** What to reset. */
export interface ResetRequest {
  /** The kata, as typed (`3`, `03`). */
  readonly id: string;
  /** Only the test files and the lesson. */
  readonly testsOnly?: boolean;
  /** Asks the learner; `undefined` when there is no one to ask (then `yes` is needed). */
  readonly confirm?: (question: string) => boolean;
  /** Reset without asking. */
  readonly yes?: boolean;
  /** The time for the backup folder's name. */
  readonly now?: Date;
}

/** What happened. */
export interface ResetResult {
  readonly text: string;
  /** 0: done or nothing to do; 1: could not; 2: wrong usage or not confirmed. */
  readonly code: number;
}

/**
 * Restores the untouched files of a kata, keeping a copy of the current ones.
 *
 * @param root The repository.
 * @param request Which kata, and how.
 * @returns What to print, and the exit code.
 */
export async function reset(root: string, request: ResetRequest): Promise<ResetResult> {
  const id = parseKataId(request.id);
  const kata = KATAS.find((k) => k.id === id);
  if (!kata) {
    return {
      text: noSuchKata(request.id),
      code: 2,
    };
  }
  const manifest = await readManifest(root).catch(() => null);
  if (!manifest) {
    return {
      text: "Cannot tell the untouched files from yours: scripts/stub_manifest.json is missing. " +
        "Get it back with: git checkout -- scripts/stub_manifest.json",
      code: 1,
    };
  }
  const candidates = request.testsOnly
    ? [...kata.tests.map((f) => `katas/${kata.id}/${f}`), `katas/${kata.id}/README.md`]
    : kataFiles(kata);
  const changed: { path: string; current: Uint8Array | null }[] = [];
  for (const path of candidates) {
    const expected = manifest.files[path];
    if (!expected) continue; // not shipped (e.g. a lesson not written yet)
    const current = await Deno.readFile(join(root, path)).catch(() => null);
    if (current === null || (await sha256(current)) !== expected) changed.push({ path, current });
  }
  if (changed.length === 0) {
    return {
      text:
        `Kata ${kata.id} is already untouched${
          request.testsOnly ? " (its tests and lesson)" : ""
        }: ` +
        "nothing to reset",
      code: 0,
    };
  }

  // Find every untouched version before changing anything.
  const originals = new Map<string, Uint8Array>();
  const problems: string[] = [];
  for (const { path } of changed) {
    const found = await untouchedVersion(root, path, manifest.files[path]);
    if (found.bytes) originals.set(path, found.bytes);
    else problems.push(`- ${path}: ${found.why}`);
  }
  if (problems.length > 0) {
    return {
      text: [
        `Cannot reset kata ${kata.id}: the untouched version of these files was not found.`,
        ...problems,
        "Nothing was changed. Get the files from a fresh copy of the course (git clone it " +
        "again, or unpack the download again) and copy them over yours.",
      ].join("\n"),
      code: 1,
    };
  }

  const stamp = (request.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
  const backup = `.cache/backups/${stamp}`;
  const list = changed.map((c) => `  ${c.path}${c.current === null ? " (missing)" : ""}`);
  const kept = changed.filter((c) => c.current !== null);
  if (!request.yes) {
    const question = [
      `Reset kata ${kata.id} (${kata.title})? These files go back to their untouched versions:`,
      ...list,
      kept.length > 0 ? `Yours are kept in ${backup}/.` : "",
      "Reset?",
    ].filter(Boolean).join("\n");
    if (!request.confirm) {
      return {
        text: `Not reset: add --yes to reset kata ${kata.id} without being asked.`,
        code: 2,
      };
    }
    if (!request.confirm(question)) return { text: "Not reset: nothing was changed.", code: 2 };
  }

  for (const { path, current } of kept) {
    const copy = join(root, backup, path);
    await Deno.mkdir(join(copy, ".."), { recursive: true });
    await Deno.writeFile(copy, current!);
  }
  for (const { path } of changed) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeFile(join(root, path), originals.get(path)!);
  }
  const lines = [
    `Kata ${kata.id} is back to its untouched ${request.testsOnly ? "tests" : "files"}:`,
    ...changed.map((c) => `  ${c.path}`),
  ];
  if (kept.length > 0) {
    lines.push(`Your versions are kept in ${backup}/:`);
    for (const { path } of kept) lines.push(`  ${backup}/${path}`);
  }
  lines.push(`Then: deno task check-progress ${kata.id}`);
  return { text: lines.join("\n"), code: 0 };
}

/**
 * The version of `path` whose SHA-256 is `expected`, from git history,
 * newest first; or why it could not be found.
 */
async function untouchedVersion(
  root: string,
  path: string,
  expected: string,
): Promise<{ bytes?: Uint8Array; why: string }> {
  const log = await git(root, ["log", "--format=%H", "--", path]);
  if (log === null) return { why: "git is not installed, or this folder is not a git clone" };
  const commits = new TextDecoder().decode(log).split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l));
  for (const commit of commits) {
    const bytes = await git(root, ["show", `${commit}:${path}`]);
    if (bytes && (await sha256(bytes)) === expected) return { bytes, why: "" };
  }
  return {
    why: commits.length === 0
      ? "git history has no version of it"
      : `none of its ${commits.length} versions in git history is the untouched one`,
  };
}

/** Runs git in the repository; its output, or null when git fails or is not there. */
async function git(root: string, args: string[]): Promise<Uint8Array | null> {
  try {
    const output = await new Deno.Command("git", {
      args: ["-c", "core.quotepath=off", ...args],
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    return output.success ? output.stdout : null;
  } catch {
    return null;
  }
}

if (import.meta.main) {
  requireSupportedDeno();
  const flags = parseArgs(Deno.args, {
    boolean: ["yes", "tests", "help"],
    alias: { y: "yes", h: "help" },
  });
  const usage = "Usage: deno task reset NN [--yes] [--tests]\n\n" +
    "  --yes     reset without asking\n" +
    "  --tests   only the test files and the lesson (your code is kept)";
  const unknown = unknownOption(flags, ["yes", "y", "tests", "help", "h"]);
  if (flags.help) {
    console.log(usage);
    Deno.exit(0);
  }
  if (unknown || flags._.length !== 1) {
    const why = unknown
      ? unknown
      : flags._.length === 0
      ? "Which kata? For example: deno task reset 03"
      : `Give one kata: got ${flags._.join(", ")}`;
    console.error(`${why}\n\n${usage}`);
    Deno.exit(2);
  }
  const interactive = Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  const result = await reset(ROOT, {
    id: String(flags._[0]),
    yes: flags.yes,
    testsOnly: flags.tests,
    confirm: interactive ? (question) => confirm(question) : undefined,
  });
  (result.code === 0 ? console.log : console.error)(result.text);
  Deno.exit(result.code);
}
