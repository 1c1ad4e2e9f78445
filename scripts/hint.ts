/**
 * `deno task hint 03`: the next hint for kata 03, one more each time it is
 * asked, from a nudge to nearly the answer. How many were shown is kept in
 * `.cache/hints.json` (never under `katas/`).
 *
 * ```sh
 * deno task hint 03          # the next hint
 * deno task hint             # the next hint for the kata check-progress points at
 * deno task hint 03 --again  # the hints seen so far, without a new one
 * deno task hint 03 --reset  # start kata 03's hints again from the first
 * ```
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { type Kata, KATAS } from "../lib/katas.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import { ROOT } from "./import_map.ts";
import { join } from "./_path.ts";
import { HINTS_PATH, noSuchKata, readHintCounts } from "./_kata_progress.ts";
import { detectStyle, paint, type Style, wrapText } from "./_progress_ui.ts";
import { parseKataId, unknownOption } from "./check_progress.ts";

/** What to do. */
export interface HintRequest {
  /** The kata; `undefined` for the one check-progress last pointed at. */
  readonly id?: string;
  /** Show the hints seen so far, without a new one. */
  readonly again?: boolean;
  /** Forget how many were shown. */
  readonly reset?: boolean;
}

/**
 * Gives the next hint (or what `request` asks for) and records it.
 *
 * @param root The repository.
 * @param request Which kata, and what to show.
 * @param style How to print.
 * @returns The text to print, and whether it was an error.
 */
export async function hint(
  root: string,
  request: HintRequest,
  style: Style,
): Promise<{ text: string; error: boolean }> {
  const kata = request.id === undefined ? await lastNext(root) : findKata(request.id);
  if (!kata) {
    if (request.id !== undefined) {
      return {
        text: noSuchKata(request.id),
        error: true,
      };
    }
    return {
      text: "Which kata? For example: deno task hint 03\n" +
        "(deno task check-progress shows where you are; then deno task hint gives hints for it)",
      error: true,
    };
  }
  const counts = await readHintCounts(root);
  const total = kata.hints.length;
  const head = (k: number) =>
    paint(style, "bold", `Hint ${k} of ${total} for kata ${kata.id} (${kata.title}):`);
  if (request.reset) {
    delete counts[kata.id];
    await writeCounts(root, counts);
    return {
      text: `Kata ${kata.id}'s hints start again from the first: deno task hint ${kata.id}`,
      error: false,
    };
  }
  const seen = Math.min(Math.max(0, Math.floor(counts[kata.id] ?? 0)), total);
  if (request.again) {
    if (seen === 0) {
      return {
        text: `No hint for kata ${kata.id} seen yet: deno task hint ${kata.id} gives the first`,
        error: false,
      };
    }
    const lines = kata.hints.slice(0, seen).flatMap((h, i) => [
      head(i + 1),
      ...wrap(h, style),
      "",
    ]);
    return { text: lines.join("\n").trimEnd(), error: false };
  }
  if (seen >= total) {
    return {
      text: [
        `You have seen all ${total} hints for kata ${kata.id}. The last one:`,
        "",
        ...wrap(kata.hints[total - 1], style),
        "",
        `Still stuck? deno task compare ${kata.id} shows where your results differ from the ` +
        `reference; the lesson is katas/${kata.id}/README.md. All the hints again: ` +
        `deno task hint ${kata.id} --again`,
      ].join("\n"),
      error: false,
    };
  }
  counts[kata.id] = seen + 1;
  await writeCounts(root, counts);
  const lines = [head(seen + 1), ...wrap(kata.hints[seen], style), ""];
  lines.push(
    seen + 1 < total
      ? paint(style, "dim", `Another one, closer to the answer: deno task hint ${kata.id}`)
      : paint(style, "dim", `That was the last hint. Then: deno task compare ${kata.id}`),
  );
  return { text: lines.join("\n"), error: false };
}

function findKata(id: string): Kata | undefined {
  const parsed = parseKataId(id);
  return KATAS.find((k) => k.id === parsed);
}

/** The kata check-progress last pointed at (`.cache/progress.json`), if any. */
async function lastNext(root: string): Promise<Kata | undefined> {
  try {
    const report = JSON.parse(await Deno.readTextFile(join(root, ".cache", "progress.json")));
    return KATAS.find((k) => k.id === report?.next?.kata);
  } catch {
    return undefined;
  }
}

/** Writes the hint counts whole (through a temporary file of its own, so two writes never meet). */
async function writeCounts(root: string, counts: Record<string, number>): Promise<void> {
  const path = join(root, HINTS_PATH);
  await Deno.mkdir(join(path, ".."), { recursive: true });
  const temp = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temp, JSON.stringify(counts, null, 2) + "\n");
  await Deno.rename(temp, path);
}

/** A hint as indented lines fitting the width, with `code` in colour on a terminal. */
function wrap(text: string, style: Style): string[] {
  const lines = wrapText(text, Math.max(42, style.width - 2), "  ");
  return style.color
    ? lines.map((l) => l.replace(/`([^`]+)`/g, (_, code) => paint(style, "cyan", code)))
    : lines;
}

if (import.meta.main) {
  requireSupportedDeno();
  const flags = parseArgs(Deno.args, { boolean: ["again", "reset", "help"], alias: { h: "help" } });
  const unknown = unknownOption(flags, ["again", "reset", "help", "h"]);
  if (flags.help || unknown || flags._.length > 1) {
    const usage = "Usage: deno task hint [NN] [--again] [--reset]";
    if (unknown) console.error(`${unknown}\n\n${usage}`);
    else if (flags._.length > 1) {
      console.error(`Give one kata: got ${flags._.join(", ")}\n\n${usage}`);
    } else console.log(usage);
    Deno.exit(flags.help ? 0 : 2);
  }
  const id = flags._.length === 1 ? String(flags._[0]) : undefined;
  const result = await hint(ROOT, { id, again: flags.again, reset: flags.reset }, detectStyle());
  if (result.error) {
    console.error(result.text);
    Deno.exit(2);
  }
  console.log(result.text);
}
