/**
 * The kata table of `README.md`, generated from the kata list so the two
 * never drift: `deno task readme` rewrites the part between the
 * `<!-- katas:start -->` and `<!-- katas:end -->` markers, and a test fails
 * while the committed README differs from what this draws.
 *
 * @module
 */

import { KATAS } from "../lib/katas.ts";

const START = "<!-- katas:start -->";
const END = "<!-- katas:end -->";

/** The Markdown table of the katas, its columns padded as `deno fmt` pads them. */
export function kataTable(): string {
  const header = ["kata", "lesson", "you write", "file", "builds on", "microgpt.py lines"];
  const rows = KATAS.map((k) => [
    k.id,
    `[${k.title}](katas/${k.id}/README.md)`,
    k.builds,
    k.files.map((f) => `[\`${f}\`](katas/${k.id}/${f})`).join(", "),
    k.buildsOn.length > 0 ? k.buildsOn.join(", ") : "–",
    k.ports,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * `readme` with its kata table replaced by a fresh one.
 *
 * @throws {Error} When the markers are missing.
 */
export function withKataTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(
      `Cannot update the kata table as README.md lacks the ${START} and ${END} markers`,
    );
  }
  return `${readme.slice(0, start + START.length)}\n\n${kataTable()}\n\n${readme.slice(end)}`;
}

if (import.meta.main) {
  const path = new URL("../README.md", import.meta.url);
  const before = await Deno.readTextFile(path);
  const after = withKataTable(before);
  if (after === before) console.log("README.md: the kata table is up to date");
  else {
    await Deno.writeTextFile(path, after);
    console.log("README.md: kata table rewritten from lib/katas.ts");
  }
}
