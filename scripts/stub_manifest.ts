/**
 * The stub manifest: the SHA-256 of every untouched kata file (stubs, tests,
 * lessons) and the names of every kata's tests, as shipped. Tools use it to
 * tell an untouched stub from a learner's work (the stub proof runs only on
 * untouched stubs; `reset` recognises the original in git history) and to
 * know how many tests a kata has even when its code does not compile.
 *
 * Maintainers regenerate it after changing a kata:
 *
 * ```sh
 * deno task stubs
 * ```
 *
 * and `deno task test` fails while it is out of date in a clean clone.
 *
 * @module
 */

import { join } from "./_path.ts";
import { type Kata, type KataId, KATAS } from "../lib/katas.ts";
import { ROOT } from "./import_map.ts";

/** The manifest's shape, as stored in `scripts/stub_manifest.json`. */
export interface StubManifest {
  /** Path (from the root, with `/`) to the SHA-256 of the file as shipped, in hex. */
  readonly files: Record<string, string>;
  /** Kata id to the names of its tests, in file order. */
  readonly tests: Record<string, string[]>;
}

/** Where the manifest lives. */
export const MANIFEST_PATH = "scripts/stub_manifest.json";

/** Every shipped file of a kata: its stubs, its tests and its lesson. */
export function kataFiles(kata: Kata): string[] {
  return [...kata.files, ...kata.tests, "README.md"].map((f) => `katas/${kata.id}/${f}`);
}

/** The SHA-256 of some bytes, in hex. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads the manifest of the repository at `root`. */
export async function readManifest(root: string = ROOT): Promise<StubManifest> {
  return JSON.parse(await Deno.readTextFile(join(root, MANIFEST_PATH)));
}

/**
 * The files of `kata` that differ from the manifest (changed, or missing).
 *
 * @param kata The kata to check.
 * @param manifest The manifest.
 * @param root The repository.
 * @param which `"stubs"` (the files the learner edits) or `"all"` (also tests and lesson).
 * @returns Their paths from the root.
 */
export async function changedFiles(
  kata: Kata,
  manifest: StubManifest,
  root: string = ROOT,
  which: "stubs" | "tests" | "all" = "all",
): Promise<string[]> {
  const files = which === "stubs"
    ? kata.files.map((f) => `katas/${kata.id}/${f}`)
    : which === "tests"
    ? kata.tests.map((f) => `katas/${kata.id}/${f}`)
    : kataFiles(kata);
  const changed: string[] = [];
  for (const file of files) {
    const bytes = await Deno.readFile(join(root, file)).catch(() => null);
    if (bytes === null || (await sha256(bytes)) !== manifest.files[file]) changed.push(file);
  }
  return changed;
}

/** Builds the manifest from the files as they are now, and the test names from `names`. */
export async function buildManifest(
  testNames: Record<KataId, string[]> | Record<string, string[]>,
  root: string = ROOT,
): Promise<StubManifest> {
  const files: Record<string, string> = {};
  for (const kata of KATAS) {
    for (const file of kataFiles(kata)) {
      const bytes = await Deno.readFile(join(root, file)).catch(() => null);
      if (bytes !== null) files[file] = await sha256(bytes);
    }
  }
  return { files, tests: { ...testNames } };
}

if (import.meta.main) {
  // Test names come from running each kata's tests against the reference solutions.
  const { runKata } = await import("./_run_tests.ts");
  const { allKatas } = await import("./import_map.ts");
  const tests: Record<string, string[]> = {};
  for (const kata of KATAS) {
    if (!(await Deno.stat(join(ROOT, "katas", kata.id)).catch(() => null))) {
      console.error(`Kata ${kata.id} has no folder yet: left out`);
      continue;
    }
    const run = await runKata(kata, { root: ROOT, references: allKatas(), timeoutMs: 120_000 });
    if (run.state !== "ran" || run.tests.some((t) => t.status !== "passed")) {
      console.error(
        `Kata ${kata.id} does not pass on its reference solution (${run.state}): ${run.error}`,
      );
      Deno.exit(1);
    }
    tests[kata.id] = run.tests.map((t) => t.name);
  }
  const manifest = await buildManifest(tests);
  await Deno.writeTextFile(join(ROOT, MANIFEST_PATH), JSON.stringify(manifest, null, 2) + "\n");
  console.log(
    `Wrote ${MANIFEST_PATH}: ${Object.keys(manifest.files).length} files, ${
      Object.values(tests).flat().length
    } tests`,
  );
}
