/**
 * `deno task compare 03`: your kata beside the reference. Both run the
 * kata's tests on the same inputs (each with the reference versions of the
 * katas it builds on); where the outcomes differ, the numbers are shown side
 * by side: yours, and the reference's (which passes, so it gives what the
 * test expects). Then, once the kata is done, a diff of your source against
 * the reference's; before that only with `--spoil`.
 *
 * ```sh
 * deno task compare 03
 * deno task compare 03 --spoil   # show the reference's source even before you are done
 * ```
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { KATAS } from "../lib/katas.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import { allKatas, ROOT } from "./import_map.ts";
import { join } from "./_path.ts";
import { DEFAULT_TIMEOUT_MS, type KataRun, runKatas, type TestOutcome } from "./_run_tests.ts";
import { assertionDiff } from "./_test_report.ts";
import { detectStyle, fit, paint, type Style } from "./_progress_ui.ts";
import { parseKataId, parseTimeout, unknownOption } from "./check_progress.ts";
import { noSuchKata, passesFully } from "./_kata_progress.ts";

/** What to compare. */
export interface CompareRequest {
  readonly id: string;
  /** Show the source diff even when the kata is not done. */
  readonly spoil?: boolean;
  readonly timeoutMs?: number;
}

/**
 * Compares a kata with its reference solution.
 *
 * @param root The repository.
 * @param request Which kata, and whether to spoil.
 * @param style How to print.
 * @returns What to print, and the exit code (0, or 2 for a wrong kata).
 */
export async function compare(
  root: string,
  request: CompareRequest,
  style: Style,
): Promise<{ text: string; code: number }> {
  const kata = KATAS.find((k) => k.id === parseKataId(request.id));
  if (!kata) {
    return { text: noSuchKata(request.id), code: 2 };
  }
  for (const file of [...kata.files, ...kata.tests]) {
    const exists = await Deno.stat(join(root, "katas", kata.id, file)).catch(() => null);
    if (!exists) {
      return {
        text:
          `kata ${kata.id}'s file katas/${kata.id}/${file} is missing: deno task reset ${kata.id} ` +
          "puts the untouched one back",
        code: 1,
      };
    }
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const options = { root, timeoutMs, cache: true };
  const [yoursRuns, referenceRuns] = await Promise.all([
    runKatas([kata], { ...options, judge: "standalone" }),
    runKatas([kata], { ...options, judge: allKatas() }),
  ]);
  const yours = yoursRuns.get(kata.id)!;
  const reference = referenceRuns.get(kata.id)!;
  const lines: string[] = [];
  lines.push(paint(style, "bold", `Kata ${kata.id}: yours beside the reference`));
  lines.push(
    paint(
      style,
      "dim",
      `  Both run the tests of katas/${kata.id}/, with the reference versions of the katas it ` +
        "builds on.",
    ),
  );
  lines.push("");
  lines.push(...outcomes(yours, reference, style));
  lines.push("");
  if (passesFully(yours) || request.spoil) {
    for (const file of kata.files) {
      const mine = await Deno.readTextFile(join(root, "katas", kata.id, file));
      const reference = join(root, "solutions", kata.id, file);
      const theirs = await Deno.readTextFile(reference).catch(() => "");
      if (mine === theirs) {
        lines.push(`katas/${kata.id}/${file} is the same as the reference, byte for byte.`);
        continue;
      }
      lines.push(
        ...unifiedDiff(mine, theirs, {
          from: `yours      katas/${kata.id}/${file}`,
          to: `reference  solutions/${kata.id}/${file}`,
          style,
        }),
      );
      lines.push("");
    }
  } else {
    lines.push(
      `The reference's source is shown once kata ${kata.id} is done. To see it now: ` +
        `deno task compare ${kata.id} --spoil`,
    );
  }
  return { text: lines.join("\n").trimEnd(), code: 0 };
}

/** The lines comparing each test's outcome. */
function outcomes(yours: KataRun, reference: KataRun, style: Style): string[] {
  const lines: string[] = [];
  if (reference.state !== "ran" || reference.tests.some((t) => t.status !== "passed")) {
    lines.push(
      paint(style, "red", `The reference solution itself did not pass (${reference.state}): `) +
        (reference.error || "a test failed") + ". Please report this.",
    );
  }
  if (yours.state === "compile-error") {
    lines.push(
      `Yours does not compile: ${paint(style, "red", yours.error)}` +
        (yours.where ? ` (${yours.where})` : ""),
      "So there is nothing to run side by side yet.",
    );
    return lines;
  }
  if (yours.state === "timeout") {
    lines.push(
      paint(style, "red", `Yours: ${yours.error}`) + (yours.where ? ` in "${yours.where}"` : ""),
    );
  } else if (yours.state === "crashed") {
    lines.push(paint(style, "red", `Yours crashed: ${yours.error}`));
  }
  const byName = new Map(reference.tests.map((t) => [t.name, t]));
  const same = yours.tests.filter((t) => t.status === byName.get(t.name)?.status);
  const differ = yours.tests.filter((t) => t.status !== byName.get(t.name)?.status);
  lines.push(
    `${same.length} of ${reference.tests.length} tests give the same outcome as the reference` +
      (differ.length > 0 ? "; where they differ:" : "."),
  );
  const width = style.width - 18;
  const todo = differ.filter((t) => t.notWrittenYet);
  for (const t of differ.filter((t) => !t.notWrittenYet)) {
    lines.push("", `  ${paint(style, "red", "✗")} ${fit(t.name, style.width - 4)}`);
    const [mine, theirs] = sideBySide(t);
    lines.push(`      yours      ${paint(style, "red", fit(mine, width))}`);
    lines.push(`      reference  ${paint(style, "green", fit(theirs, width))}`);
    if (t.where) lines.push(paint(style, "dim", `      at ${t.where}`));
  }
  if (todo.length > 0) {
    // Tests that stop at a todo(): nothing to compare yet, so only what is still to write
    const what = [...new Set(todo.map((t) => t.message.match(/^(.+?) is not written yet/)?.[1]))]
      .filter(Boolean);
    const count = todo.length === 1 ? "1 test stops" : `${todo.length} tests stop`;
    lines.push(
      "",
      `  ${paint(style, "dim", "·")} ${count} at a todo(): nothing to compare yet` +
        (what.length > 0 ? `. Still to write: ${what.join(", ")}` : ""),
    );
  }
  return lines;
}

/**
 * What your code gave and what the reference gave, from a failing test's
 * message. The reference passes the same assertion, so it gives what the
 * assertion expects.
 */
export function sideBySide(test: TestOutcome): [string, string] {
  if (test.status === "cancelled") return ["did not finish", "passes"];
  if (test.notWrittenYet) return ["not written yet", "passes"];
  const detail = test.detail || test.message;
  const { actual, expected } = assertionDiff(detail);
  if (actual.length > 0 || expected.length > 0) {
    return [actual.join(" ") || "(nothing)", expected.join(" ") || "(nothing)"];
  }
  // assertClose: "Expected x to be 4.4 (within 1e-6): current value is 0, off by 4.4"
  const close = detail.match(/to be (\S+) \(within ([^)]+)\): current value is ([^,\n]+)/);
  if (close) return [close[3], `${close[1]} (within ${close[2]})`];
  // assertAlmostEquals: 'Expected actual: "1.5e+0" to be close to "1.2e+0": delta ...'
  const almost = detail.match(/Expected actual: "([^"]*)" to be close to "([^"]*)"/);
  if (almost) return [String(Number(almost[1])), `${Number(almost[2])} (close to)`];
  return [test.message || "fails", "passes"];
}

/** A unified diff of two texts, line by line, with 3 lines of context. */
export function unifiedDiff(
  a: string,
  b: string,
  options: { from: string; to: string; style: Style; context?: number },
): string[] {
  const { from, to, style, context = 3 } = options;
  const x = a.split("\n");
  const y = b.split("\n");
  const ops = diffLines(x, y);
  if (ops.every((op) => op.kind === " ")) return [`${from}: the same as the reference`];
  const out = [paint(style, "bold", `--- ${from}`), paint(style, "bold", `+++ ${to}`)];
  const changes = ops.flatMap((op, k) => (op.kind === " " ? [] : [k]));
  let h = 0;
  while (h < changes.length) {
    // One hunk: changes less than two contexts apart, with a context around them
    const first = changes[h];
    let last = first;
    while (h + 1 < changes.length && changes[h + 1] - last - 1 <= 2 * context) last = changes[++h];
    h++;
    const hunk = ops.slice(Math.max(0, first - context), Math.min(ops.length, last + context + 1));
    const aLen = hunk.filter((op) => op.kind !== "+").length;
    const bLen = hunk.filter((op) => op.kind !== "-").length;
    out.push(paint(style, "cyan", `@@ -${hunk[0].a + 1},${aLen} +${hunk[0].b + 1},${bLen} @@`));
    for (const op of hunk) {
      const text = `${op.kind}${op.text}`;
      const color = op.kind === "-" ? "red" : op.kind === "+" ? "green" : undefined;
      out.push(color ? paint(style, color, text) : text);
    }
  }
  return out;
}

/** One line of a diff: kept (` `), only in the first text (`-`), only in the second (`+`). */
interface DiffOp {
  readonly kind: " " | "-" | "+";
  readonly text: string;
  /** Its index in the first text (for ` ` and `-`) or where it would be. */
  readonly a: number;
  /** Its index in the second text (for ` ` and `+`) or where it would be. */
  readonly b: number;
}

/** The shortest edit from `x` to `y`, line by line (a longest common subsequence). */
export function diffLines(x: readonly string[], y: readonly string[]): DiffOp[] {
  const n = x.length;
  const m = y.length;
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..], in one flat array
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = x[i] === y[j]
        ? lcs[(i + 1) * (m + 1) + j + 1] + 1
        : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ kind: " ", text: x[i], a: i++, b: j++ });
    } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) {
      ops.push({ kind: "-", text: x[i], a: i++, b: j }); // removals first, as diff prints them
    } else {
      ops.push({ kind: "+", text: y[j], a: i, b: j++ });
    }
  }
  return ops;
}

if (import.meta.main) {
  requireSupportedDeno();
  const flags = parseArgs(Deno.args, {
    boolean: ["spoil", "help"],
    string: ["timeout"],
    alias: { h: "help" },
  });
  const usage = "Usage: deno task compare NN [--spoil] [--timeout=SECONDS]\n\n" +
    "  --spoil   show the reference's source even before the kata is done";
  const unknown = unknownOption(flags, ["spoil", "help", "h", "timeout"]);
  if (flags.help) {
    console.log(usage);
    Deno.exit(0);
  }
  const timeoutMs = parseTimeout(flags.timeout);
  if (unknown || flags._.length !== 1 || typeof timeoutMs === "string") {
    const why = unknown
      ? unknown
      : typeof timeoutMs === "string"
      ? timeoutMs
      : flags._.length === 0
      ? "Which kata? For example: deno task compare 03"
      : `Give one kata: got ${flags._.join(", ")}`;
    console.error(`${why}\n\n${usage}`);
    Deno.exit(2);
  }
  const result = await compare(
    ROOT,
    { id: String(flags._[0]), spoil: flags.spoil, timeoutMs },
    detectStyle(),
  );
  (result.code === 0 ? console.log : console.error)(result.text);
  Deno.exit(result.code);
}
