/**
 * Throwaway copies of the repository for the tests of the progress checker
 * and its tools: learner code is broken there, never in the real `katas/`.
 *
 * @module
 */

import { fromFileUrl, join } from "./_path.ts";
import { type Kata, type KataId, KATAS } from "../lib/katas.ts";
import { buildManifest, MANIFEST_PATH } from "./stub_manifest.ts";

/** The real repository. */
const REPO = fromFileUrl(new URL("../", import.meta.url));

/** What a copy holds besides `katas/`, `solutions/`, `lib/`, `data/` and `deno.json`. */
export interface CopyOptions {
  /** Also `scripts/` (to run the task scripts in the copy). */
  readonly scripts?: boolean;
}

/**
 * Copies the repository into a new temporary folder (without `.git` and
 * `.cache`), with a stub manifest of its untouched kata files.
 *
 * @param options What else to copy.
 * @returns The copy's folder.
 */
export async function copyRepository(options: CopyOptions = {}): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "katas-progress-" });
  for (const entry of ["deno.json", "katas", "solutions", "lib", "data"]) {
    await copyTree(join(REPO, entry), join(root, entry));
  }
  await Deno.mkdir(join(root, "scripts"), { recursive: true });
  if (options.scripts) await copyTree(join(REPO, "scripts"), join(root, "scripts"));
  const shipped = await Deno.readTextFile(join(REPO, MANIFEST_PATH)).catch(() => null);
  if (shipped === null || !(await manifestMatches(root, JSON.parse(shipped)))) {
    // No manifest shipped yet (or katas changed since): one of the copy as it is, without test names
    const manifest = await buildManifest({}, root);
    await Deno.writeTextFile(join(root, MANIFEST_PATH), JSON.stringify(manifest, null, 2));
  } else {
    await Deno.writeTextFile(join(root, MANIFEST_PATH), shipped);
  }
  return root;
}

/** Whether a manifest describes the katas of `root` as they are. */
async function manifestMatches(
  root: string,
  manifest: { files: Record<string, string> },
): Promise<boolean> {
  const fresh = await buildManifest({}, root);
  return JSON.stringify(fresh.files) === JSON.stringify(manifest.files);
}

/** Copies a file or a folder, skipping `.git`, `.cache` and `node_modules`. */
async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from).catch(() => null);
  if (!info) return;
  if (info.isFile) {
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if ([".git", ".cache", "node_modules"].includes(entry.name)) continue;
    await copyTree(join(from, entry.name), join(to, entry.name));
  }
}

/** Copies the reference solution of each kata over its stub, in the copy at `root`. */
export async function solve(root: string, ids: readonly KataId[]): Promise<void> {
  await copyKataFiles(join(root, "solutions"), join(root, "katas"), ids);
}

/** Puts the untouched stubs of the given katas back (from the real repository). */
export async function unsolve(root: string, ids: readonly KataId[]): Promise<void> {
  await copyKataFiles(join(REPO, "katas"), join(root, "katas"), ids);
}

/** Copies the files the learner edits of each kata from `from/NN/` to `to/NN/`. */
async function copyKataFiles(from: string, to: string, ids: readonly KataId[]): Promise<void> {
  for (const id of ids) {
    for (const file of kata(id).files) {
      await Deno.copyFile(join(from, id, file), join(to, id, file));
    }
  }
}

/** Rewrites a file of the copy: `change` gets its text and returns the new one. */
export async function edit(
  root: string,
  path: string,
  change: (text: string) => string,
): Promise<void> {
  const file = join(root, path);
  const before = await Deno.readTextFile(file);
  const after = change(before);
  if (after === before) throw new Error(`The edit of ${path} changed nothing`);
  await Deno.writeTextFile(file, after);
}

/** The kata with this id. */
export function kata(id: KataId): Kata {
  return KATAS.find((k) => k.id === id)!;
}
