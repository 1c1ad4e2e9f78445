/**
 * The results of earlier runs, kept in `.cache/results.json` and reused
 * while none of the files a kata's tests load has changed.
 *
 * @module
 */

import { join } from "./_path.ts";
import { type Kata, type KataId, KATAS } from "../lib/katas.ts";
import type { BatchOptions, Judge, KataRun } from "./_run_tests.ts";
import { testFiles } from "./_test_process.ts";
import { sha256 } from "./stub_manifest.ts";

/**
 * Results kept from earlier runs, each under a fingerprint of every file
 * its tests load: the test files, the learner's files they import
 * (followed import by import, through the judge's redirections), and the
 * rest of the repository they may reach (`lib/`, `data/`, `solutions/`,
 * `deno.json`), with this runner and the Deno version. Any change to any
 * of them makes the kata run again.
 */
export class ResultCache {
  /** Where the results are kept, from the root. */
  static readonly PATH = ".cache/results.json";
  /** The version of the file's shape: a file of another version is not read. */
  static readonly VERSION = 1;

  readonly #root: string;
  readonly #judgeKey: string;
  readonly #fingerprints: Map<KataId, string>;
  readonly #entries: Entries;

  private constructor(
    root: string,
    judgeKey: string,
    fingerprints: Map<KataId, string>,
    entries: Entries,
  ) {
    this.#root = root;
    this.#judgeKey = judgeKey;
    this.#fingerprints = fingerprints;
    this.#entries = entries;
  }

  /** The kept results, and the fingerprints of `katas` as their files are now. */
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
    const entry = this.#entries[this.#key(id)];
    const fingerprint = this.#fingerprints.get(id);
    return entry && fingerprint && entry.fingerprint === fingerprint ? entry.run : undefined;
  }

  /** How long kata `id`'s tests took the last time they ran (whatever changed since). */
  lastMs(id: KataId): number | undefined {
    const run = this.#entries[this.#key(id)]?.run;
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
      const key = this.#key(run.kata);
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

  /** The entry of kata `id` under this judge. */
  #key(id: KataId): string {
    return `${this.#judgeKey}|${id}`;
  }
}

/** The kept runs, by `judge|kata`, each with the fingerprint of the files it ran. */
type Entries = Record<string, { fingerprint: string; run: KataRun }>;

/** Whether a run's outcome depends only on the files (not on the machine's speed or load). */
function definite(run: KataRun): boolean {
  if (run.state === "compile-error") return true;
  if (run.state !== "ran") return false;
  return !run.tests.some((t) => /^Did not finish within/.test(t.message));
}

/** The SHA-256 of a text, in hex. */
async function sha256Text(text: string): Promise<string> {
  return await sha256(new TextEncoder().encode(text));
}

/**
 * The files and folders that count for every kata: all but the learner's
 * `katas/`, and the runner's own modules (a change to how results are read
 * must not reuse results read the old way).
 */
const SHARED = [
  "deno.json",
  "lib",
  "data",
  "solutions",
  "scripts/_run_tests.ts",
  "scripts/_test_process.ts",
  "scripts/_test_report.ts",
  "scripts/_compile_errors.ts",
  "scripts/_result_cache.ts",
  "scripts/import_map.ts",
];

/** A fingerprint of the shared files, this runner and the Deno version. */
async function globalFingerprint(root: string): Promise<string> {
  const lines = [`deno ${Deno.version.deno}`];
  for (const entry of SHARED) {
    for (const file of await walk(root, entry)) {
      const bytes = await Deno.readFile(join(root, file)).catch(() => null);
      lines.push(`${file} ${bytes ? await sha256(bytes) : "missing"}`);
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
    lines.push(`${file} ${bytes ? await sha256(bytes) : "missing"}`);
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
