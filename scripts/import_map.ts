/**
 * Import maps that judge the kata tests by the reference solutions.
 *
 * Kata tests import kata files (`./value.ts`, `../01/value.ts`). A map sends
 * the imports made *from* `katas/` of the chosen katas' files to
 * `solutions/`, and leaves every other kata as the learner wrote it. With
 * every kata chosen, the tests judge the reference solutions; with every
 * kata but NN, they judge kata NN alone (the stub proof and `--standalone`).
 *
 * `--import-map` replaces the `imports` of `deno.json`, so each map carries
 * them too, read from `deno.json`: that file stays the one source of truth.
 *
 * Run as a script, it writes the map that judges every kata by its
 * solution and prints its path:
 *
 * ```sh
 * deno run --allow-read=. --allow-write=.cache scripts/import_map.ts
 * deno test --import-map .cache/import-maps/reference-all.json katas/03
 * ```
 *
 * @module
 */

import { fromFileUrl, join, relative, toFileUrl } from "./_path.ts";
import { type KataId, KATAS } from "../lib/katas.ts";

/** An import map, as `deno --import-map` reads it. */
export interface ImportMap {
  imports: Record<string, string>;
  scopes: Record<string, Record<string, string>>;
}

/** The repository's root folder. */
export const ROOT = fromFileUrl(new URL("../", import.meta.url));

/**
 * The map that judges the given katas by their reference solutions, with
 * paths relative to `mapDir` (where the map file will be written).
 *
 * @param references The katas whose files are redirected to `solutions/`.
 * @param stdImports The `imports` of `deno.json`, relative to `root`.
 * @param root The repository's root folder.
 * @param mapDir The folder the map will be written to.
 * @returns The import map.
 */
export function referenceMap(
  references: readonly KataId[],
  stdImports: Record<string, string>,
  root: string,
  mapDir: string,
): ImportMap {
  const rel = (path: string) => {
    const r = relative(mapDir, join(root, path)).replaceAll("\\", "/");
    const slash = path.endsWith("/") ? "/" : ""; // a scope is a folder: keep its slash
    return (r.startsWith(".") ? r : `./${r}`) + slash;
  };
  const imports: Record<string, string> = {};
  for (const [name, target] of Object.entries(stdImports)) {
    imports[name] = /^[a-z]+:/.test(target) ? target : rel(target);
  }
  const redirects: Record<string, string> = {};
  for (const kata of KATAS) {
    if (!references.includes(kata.id)) continue;
    for (const file of kata.files) {
      redirects[rel(`katas/${kata.id}/${file}`)] = rel(`solutions/${kata.id}/${file}`);
    }
  }
  return { imports, scopes: { [rel("katas/")]: redirects } };
}

/**
 * Writes the map that judges `references` by their solutions into
 * `.cache/import-maps/` and returns its path.
 *
 * @param references The katas whose files are redirected to `solutions/`.
 * @param root The repository's root folder.
 * @returns The path of the map file.
 */
export async function writeImportMap(
  references: readonly KataId[],
  root: string = ROOT,
): Promise<string> {
  const all = KATAS.every((k) => references.includes(k.id));
  const label = all ? "reference-all" : `reference-${[...references].sort().join("-") || "none"}`;
  return await saveMap(root, label, (std, mapDir) => referenceMap(references, std, root, mapDir));
}

/**
 * Writes the map that judges every kata by itself: imports made from
 * `katas/NN/` of any other kata's files go to `solutions/`, so each kata
 * runs with the reference versions of the katas it builds on, and one test
 * process can judge them all.
 *
 * @param root The repository's root folder.
 * @returns The path of the map, `.cache/import-maps/standalone.json`.
 */
export async function writeStandaloneMap(root: string = ROOT): Promise<string> {
  return await saveMap(root, "standalone", (std, mapDir) => {
    // One reference map per kata, merged: each gives the scope of its own folder.
    const scopes: Record<string, Record<string, string>> = {};
    let imports: Record<string, string> = {};
    for (const kata of KATAS) {
      const map = referenceMap(allBut(kata.id), std, root, mapDir);
      imports = map.imports;
      const folder = relative(mapDir, join(root, "katas", kata.id)).replaceAll("\\", "/");
      scopes[`${folder.startsWith(".") ? folder : `./${folder}`}/`] = Object.values(map.scopes)[0];
    }
    return { imports, scopes };
  });
}

/**
 * Builds a map from `deno.json`'s imports and writes it to
 * `.cache/import-maps/<label>.json` when its content changed (unchanged
 * content keeps Deno's type-check cache valid), through a temporary file
 * so that parallel runs never read half a map.
 */
async function saveMap(
  root: string,
  label: string,
  build: (std: Record<string, string>, mapDir: string) => ImportMap,
): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const mapDir = join(root, ".cache", "import-maps");
  await Deno.mkdir(mapDir, { recursive: true });
  const path = join(mapDir, `${label}.json`);
  const text = JSON.stringify(build(config.imports ?? {}, mapDir), null, 2) + "\n";
  if ((await Deno.readTextFile(path).catch(() => "")) !== text) {
    const temp = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  }
  return path;
}

/** Every kata id but `id`: the references for judging kata `id` alone. */
export function allBut(id: KataId): KataId[] {
  return KATAS.map((k) => k.id).filter((other) => other !== id);
}

/** Every kata id. */
export function allKatas(): KataId[] {
  return KATAS.map((k) => k.id);
}

export { toFileUrl };

if (import.meta.main) {
  console.log(await writeImportMap(allKatas()));
}
