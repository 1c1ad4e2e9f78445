/**
 * `deno task diagrams`: redraws the graphs in the lessons from the reference
 * solutions, with the code behind `deno task graph`, so a lesson's picture is
 * always what the code builds.
 *
 * A lesson marks a diagram with two comment lines, each alone on its line:
 *
 * ```md
 * <!-- graph:seed-forward -->
 * (anything here is replaced)
 * <!-- /graph -->
 * ```
 *
 * Only the lines between the markers of `katas/NN/README.md` are rewritten,
 * and only when they differ. `--check` writes nothing and exits with 1 when a
 * diagram is out of date (the test `update_diagrams_test.ts` does the same).
 *
 * ```sh
 * deno run --allow-read=katas --allow-write=katas scripts/update_diagrams.ts [--check]
 * ```
 *
 * @module
 */

import { Value } from "../solutions/01/value.ts";
import { backward } from "../solutions/03/backward.ts";
import { drawGraph } from "./_mermaid.ts";
import { seedGraph } from "./graph.ts";

/** The diagrams a lesson can ask for, by marker name, each drawn from the reference solutions. */
export const DIAGRAMS: Readonly<Record<string, () => string>> = {
  /** The seed page's forward pass: values and local gradients, no gradients yet (kata 01, 02). */
  "seed-forward": () => {
    const { root, labels } = seedGraph((n) => new Value(n));
    return drawGraph(root, { labels }).text;
  },
  /** The same graph after `backward`: every gradient, arrows the way gradients flow (kata 03). */
  "seed-backward": () => {
    const { root, labels } = seedGraph((n) => new Value(n));
    backward(root);
    return drawGraph(root, { labels, showGrad: true, arrows: "backward" }).text;
  },
};

/** A marked region of a lesson. */
export interface Region {
  /** The diagram's name, e.g. `"seed-forward"`. */
  readonly name: string;
  /** The line of the opening marker, counting from 1. */
  readonly openLine: number;
  /** The line of the closing marker, counting from 1. */
  readonly closeLine: number;
}

const OPEN = /^<!--\s*graph:([A-Za-z0-9_-]*)\s*-->$/;
const CLOSE = /^<!--\s*\/graph\s*-->$/;

/**
 * Finds the marked regions of a lesson.
 *
 * @param text The lesson's Markdown.
 * @param file Its path, for messages.
 * @returns The regions, in order.
 * @throws {SyntaxError} For a marker that is unknown, not closed, closed twice or nested.
 */
export function findRegions(text: string, file: string): Region[] {
  const lines = text.split("\n");
  const regions: Region[] = [];
  let open: { name: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const start = OPEN.exec(line);
    if (start) {
      if (open) {
        throw new SyntaxError(
          `${file}:${i + 1}: a graph marker opens inside the one opened at line ${open.line}: ` +
            "close it first with <!-- /graph -->",
        );
      }
      if (!Object.hasOwn(DIAGRAMS, start[1])) {
        throw new SyntaxError(
          `${file}:${i + 1}: unknown diagram '${start[1]}': the diagrams are ` +
            Object.keys(DIAGRAMS).join(", "),
        );
      }
      open = { name: start[1], line: i + 1 };
    } else if (CLOSE.test(line)) {
      if (!open) {
        throw new SyntaxError(`${file}:${i + 1}: <!-- /graph --> closes no graph marker`);
      }
      regions.push({ name: open.name, openLine: open.line, closeLine: i + 1 });
      open = undefined;
    }
  }
  if (open) {
    throw new SyntaxError(
      `${file}:${open.line}: the graph marker '${open.name}' is never closed: ` +
        "add <!-- /graph --> after it",
    );
  }
  return regions;
}

/** The lines that go between a region's markers: a Mermaid block with a blank line either side. */
export function regionBody(name: string): string[] {
  const draw = DIAGRAMS[name];
  if (!draw) throw new RangeError(`Unknown diagram '${name}'`);
  return ["", "```mermaid", ...draw().trimEnd().split("\n"), "```", ""];
}

/**
 * Redraws every marked region of a lesson.
 *
 * @param text The lesson's Markdown.
 * @param file Its path, for messages.
 * @returns The new text, and the regions whose content changed.
 */
export function updateText(text: string, file: string): { text: string; changed: Region[] } {
  const regions = findRegions(text, file);
  const lines = text.split("\n");
  const changed: Region[] = [];
  // From the last region to the first, so earlier line numbers stay right.
  for (let r = regions.length - 1; r >= 0; r--) {
    const region = regions[r];
    const body = regionBody(region.name);
    const old = lines.slice(region.openLine, region.closeLine - 1);
    if (old.join("\n") !== body.join("\n")) {
      lines.splice(region.openLine, old.length, ...body);
      changed.unshift(region);
    }
  }
  return { text: lines.join("\n"), changed };
}

/** The lessons, `katas/NN/README.md`, that exist under `root`, in order. */
export async function lessonFiles(root: URL): Promise<URL[]> {
  const files: URL[] = [];
  for await (const entry of Deno.readDir(new URL("katas/", root))) {
    if (!entry.isDirectory || !/^\d\d$/.test(entry.name)) continue;
    const file = new URL(`katas/${entry.name}/README.md`, root);
    try {
      await Deno.stat(file);
      files.push(file);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return files.sort((a, b) => a.href < b.href ? -1 : 1);
}

async function main(args: readonly string[]): Promise<number> {
  const check = args.includes("--check");
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`Unexpected argument '${unknown[0]}': the only flag is --check`);
    return 2;
  }
  const root = new URL("../", import.meta.url);
  let stale = 0;
  let total = 0;
  for (const file of await lessonFiles(root)) {
    const path = file.href.slice(root.href.length);
    const text = await Deno.readTextFile(file);
    let result;
    try {
      result = updateText(text, path);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      console.error(err.message);
      return 1;
    }
    total += findRegions(text, path).length;
    for (const region of result.changed) {
      stale++;
      console.log(
        `${path}:${region.openLine}: ${region.name} ` +
          (check ? "is out of date" : "redrawn"),
      );
    }
    if (!check && result.changed.length > 0) await Deno.writeTextFile(file, result.text);
  }
  if (check && stale > 0) {
    console.error(`${stale} of ${total} diagrams are out of date: run deno task diagrams`);
    return 1;
  }
  if (stale === 0) console.log(`All ${total} diagrams are up to date`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
