/**
 * How the progress checker, watch and compare print: colour only on a
 * terminal and never when `NO_COLOR` is set, lines cut to the terminal's
 * width, and the same words with or without colour, so the output reads
 * well in a pipe or a log.
 *
 * @module
 */

import type { KataProgress, NextStep, ProgressReport, TestResult } from "./_kata_progress.ts";

/** How to print. */
export interface Style {
  /** Whether to use ANSI colours. */
  readonly color: boolean;
  /** The width to fit lines in. */
  readonly width: number;
}

/** The style for standard output: colour on a terminal unless `NO_COLOR`; its width, else 100. */
export function detectStyle(stream: { isTerminal(): boolean } = Deno.stdout): Style {
  const tty = stream.isTerminal();
  let width = 100;
  if (tty) {
    try {
      width = Deno.consoleSize().columns;
    } catch { /* not a console after all */ }
  }
  return { color: tty && !Deno.noColor, width: Math.max(60, Math.min(width, 160)) };
}

/** Plain text, no colour, 100 columns: for tests and pipes. */
export const PLAIN: Style = { color: false, width: 100 };

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

/** Wraps `text` in a colour when the style allows. */
export function paint(style: Style, color: keyof typeof CODES, text: string): string {
  if (!style.color || text === "") return text;
  const [on, off] = CODES[color];
  return `\x1b[${on}m${text}\x1b[${off}m`;
}

/** Cuts plain `text` to `width` characters, ending with `…` when cut. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join("") + "…";
}

/**
 * `text` in lines that fit in `width` columns with their indents, broken at
 * spaces: the first line after `first`, the others after `rest`. A word
 * longer than a whole line is cut, ending with `…`.
 */
export function wrapText(text: string, width: number, first = "", rest = first): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const room = width - (lines.length === 0 ? first.length : rest.length);
    if (line && [...line].length + 1 + [...word].length > room) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? first : rest) + fit(l, Math.max(10, width)));
}

/** A bar of `width` cells, `part` of `whole` filled: `██████░░░░`. */
export function bar(part: number, whole: number, width: number): string {
  const filled = whole > 0 ? Math.round((width * part) / whole) : 0;
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/** A kata's state in a few words, as the table shows it. */
function stateLabel(kata: KataProgress): string {
  switch (kata.state) {
    case "done":
      return "done";
    case "partial":
      return `${kata.passed} of ${kata.total} tests`;
    case "not-started":
      return "not started";
    case "compile-error":
      return `does not compile: ${kata.where ? `${kata.where} ` : ""}${kata.error ?? ""}`;
    case "timeout":
      return `timed out${kata.where ? ` in "${kata.where}"` : ""}`;
    case "crashed":
      return `crashed: ${kata.error ?? ""}${kata.where ? ` (${kata.where})` : ""}`;
    case "blocked":
      return `blocked by ${kata.blockedBy}`;
    case "missing":
      return kata.error ?? "missing";
  }
}

/** The colour of a state. */
function stateColor(kata: KataProgress): keyof typeof CODES {
  switch (kata.state) {
    case "done":
      return "green";
    case "partial":
      return "yellow";
    case "not-started":
      return "dim";
    case "blocked":
      return "magenta";
    default:
      return "red";
  }
}

/** The mark before a state. */
function stateMark(kata: KataProgress): string {
  switch (kata.state) {
    case "done":
      return "✓";
    case "partial":
      return "…";
    case "not-started":
      return "·";
    case "blocked":
      return "⧗";
    default:
      return "✗";
  }
}

/** The table of every kata, the totals and the next step. */
export function renderReport(report: ProgressReport, style: Style): string {
  const lines: string[] = [];
  const course = report.katas.filter((k) => !k.bonus);
  const bonus = report.katas.filter((k) => k.bonus);
  // Titles give way first on a narrow terminal: the state is what matters
  const titleWidth = Math.max(
    12,
    Math.min(44, style.width - 36, Math.max(...report.katas.map((k) => [...k.title].length))),
  );
  const row = (kata: KataProgress) => {
    const title = fit(kata.title, titleWidth).padEnd(titleWidth);
    const isNext = report.next?.kata === kata.id;
    const lead = `${isNext ? "▶ " : "  "}${kata.id}  ${title}  `;
    const label = fit(`${stateMark(kata)} ${stateLabel(kata)}`, style.width - lead.length);
    const warn = kata.changedTests.length > 0 ? paint(style, "red", "  (test file changed)") : "";
    const marker = isNext ? paint(style, "cyan", "▶ ") : "  ";
    return `${marker}${paint(style, "bold", kata.id)}  ${title}  ${
      paint(style, stateColor(kata), label)
    }${warn}`;
  };
  lines.push(
    paint(
      style,
      "bold",
      report.standalone
        ? "Your katas, each judged with the reference versions of the katas it builds on"
        : "Your katas",
    ),
  );
  lines.push("");
  for (const kata of course) lines.push(row(kata));
  if (bonus.length > 0) {
    lines.push("", `  ${paint(style, "dim", "Bonus")}`);
    for (const kata of bonus) lines.push(row(kata));
  }
  lines.push("");
  const s = report.summary;
  const barWidth = 24;
  lines.push(
    `  Katas done  ${paint(style, "green", bar(s.done, s.katas, barWidth))}  ` +
      `${s.done} of ${s.katas}`,
  );
  lines.push(
    `  Tests       ${paint(style, "green", bar(s.testsPassed, s.tests, barWidth))}  ` +
      `${s.testsPassed} of ${s.tests}`,
  );
  const changed = report.katas.filter((k) => k.changedTests.length > 0);
  for (const kata of changed) {
    lines.push(
      "",
      paint(
        style,
        "red",
        `  ${kata.changedTests.join(", ")} differs from the original: the tests judge your ` +
          `code only as shipped.`,
      ),
      `  Put the test file back (your code is kept): deno task reset ${kata.id} --tests`,
    );
  }
  lines.push("", ...renderNext(report, style));
  return lines.join("\n");
}

/** The "Next:" block, or the congratulations. */
function renderNext(report: ProgressReport, style: Style): string[] {
  const next = report.next;
  const s = report.summary;
  if (!next) {
    return [
      paint(style, "green", paint(style, "bold", "Every kata is done, the bonus too.")) +
      " You built microgpt: run it with `deno task train`.",
    ];
  }
  const lines: string[] = [];
  const kata = report.katas.find((k) => k.id === next.kata);
  if (kata?.bonus && s.done === s.katas) {
    lines.push(
      paint(style, "green", paint(style, "bold", `All ${s.katas} katas are done.`)) +
        " You built microgpt: run it with `deno task train`. There is a bonus kata:",
    );
  }
  lines.push(`${paint(style, "bold", "Next:")} kata ${next.kata}, ${next.title}`);
  const blocker = report.katas.find((k) => k.id === kata?.blockedBy);
  lines.push(...nextDetails(next, kata, blocker, style));
  return lines;
}

/** The lines under "Next:": the command, the first failure, the hint and lesson. */
function nextDetails(
  next: NextStep,
  kata: KataProgress | undefined,
  blocker: KataProgress | undefined,
  style: Style,
): string[] {
  const lines: string[] = [];
  const indent = "  ";
  const width = style.width - indent.length - 4;
  if (kata?.state === "blocked") {
    const by = kata.blockedBy;
    lines.push(
      ...wrapText(
        blocker?.state === "done"
          ? `It passes with the reference kata ${by}, not with yours, though yours passes its ` +
            `own tests: see where they differ with deno task compare ${by} --spoil`
          : `It passes with the reference katas, but not with your own kata ${by}: finish that ` +
            "one first.",
        width,
        indent,
      ),
    );
  }
  lines.push(`${indent}Run:   ${paint(style, "cyan", next.command)}`);
  if (next.test) {
    lines.push(...wrapText(`First failing test: ${next.test}`, width, indent, `${indent}  `));
  }
  if (next.message) {
    const label = kata?.state === "compile-error" ? "Does not compile: " : "";
    const pad = next.test ? `${indent}  ` : indent;
    const wrapped = wrapText(`${label}${next.message}`, width, pad, `${pad}  `);
    lines.push(...wrapped.slice(0, 4).map((line) => paint(style, "red", line)));
  }
  if (next.where) lines.push(`${indent}  at ${next.where}`);
  const hints = next.hintsShown > 0
    ? ` (${next.hintsShown} of ${next.hints} seen)`
    : next.hints > 0
    ? ` (${next.hints} hints, one at a time)`
    : "";
  lines.push(
    `${indent}Stuck? ${paint(style, "cyan", next.hint)}${hints} · lesson: ${next.lesson}`,
  );
  return lines;
}

/** One kata in detail: each test with its message, the files to edit, the next step. */
export function renderKata(report: ProgressReport, id: string, style: Style): string {
  const kata = report.katas.find((k) => k.id === id);
  if (!kata) return `There is no kata ${id}`;
  const lines: string[] = [];
  const head = `Kata ${kata.id}: ${kata.title}${kata.bonus ? " (bonus)" : ""}`;
  lines.push(
    `${paint(style, "bold", head)}  ${paint(style, stateColor(kata), stateLabel(kata))}`,
  );
  lines.push(`  Edit:   ${kata.files.join(", ")}`);
  lines.push(`  Lesson: ${kata.lesson}`);
  for (const file of kata.changedTests) {
    lines.push(
      paint(style, "red", `  ${file} differs from the original`) +
        `: put it back with deno task reset ${kata.id} --tests (your code is kept)`,
    );
  }
  lines.push("");
  if (kata.state === "missing") {
    lines.push(
      `  ${kata.error}.`,
      `  Get the untouched kata back with: deno task reset ${kata.id}`,
    );
    return lines.join("\n");
  }
  if (kata.state === "compile-error") {
    lines.push(`  Does not compile: ${paint(style, "red", kata.error ?? "")}`);
    if (kata.where) lines.push(`    at ${kata.where}`);
    lines.push("", `  See the compiler's full message with: deno check katas/${kata.id}`);
    return lines.join("\n");
  }
  const judged = report.standalone || kata.withYourKatas
    ? " (with the reference versions of the katas it builds on)"
    : "";
  if (kata.tests.length > 0) {
    lines.push(`  ${kata.passed} of ${kata.total} tests pass${judged}:`);
    lines.push(...renderTests(kata.tests, style));
  }
  if (kata.state === "timeout") {
    lines.push(
      "",
      paint(style, "red", `  Stopped: ${kata.error ?? "it took too long"}`) +
        (kata.where ? ` while running "${kata.where}"` : ""),
      "  An endless loop? A larger limit: --timeout=30 (seconds)",
    );
  }
  if (kata.state === "crashed") {
    lines.push("", paint(style, "red", `  Crashed: ${kata.error ?? ""}`));
    if (kata.where) lines.push(`    at ${kata.where}`);
  }
  const yours = kata.withYourKatas;
  if (yours && yours.state !== "done") {
    lines.push(
      "",
      `  With your own earlier katas instead of the reference ones: ` +
        (yours.state === "partial"
          ? `${yours.passed} of ${yours.total} tests pass`
          : yours.state === "compile-error"
          ? `it does not compile: ${yours.error}${yours.where ? ` (${yours.where})` : ""}`
          : `${yours.state}: ${yours.error}`),
    );
    if (yours.state === "partial") {
      lines.push(...renderTests(yours.tests.filter((t) => t.status !== "passed"), style));
    }
    lines.push(
      `  So kata ${kata.id} is ${paint(style, "magenta", `blocked by ${kata.blockedBy}`)}: ` +
        `see deno task check-progress ${kata.blockedBy}`,
    );
  }
  lines.push("");
  if (kata.state === "done") {
    lines.push(
      paint(style, "green", `  Kata ${kata.id} is done.`) +
        ` Compare with the reference: deno task compare ${kata.id}`,
    );
    if (report.next) {
      lines.push(`  Next: kata ${report.next.kata}, ${report.next.title}: ${report.next.command}`);
    }
  } else if (report.next) {
    lines.push(...renderNext(report, style));
  }
  return lines.join("\n");
}

/** Each test: a mark, its name, and for a failure its message and place. */
function renderTests(tests: readonly TestResult[], style: Style): string[] {
  const lines: string[] = [];
  const width = style.width - 8;
  const cancelled = new Map<string, number>();
  for (const t of tests) {
    if (t.status === "passed") {
      lines.push(`    ${paint(style, "green", "✓")} ${fit(t.name, width)}`);
      continue;
    }
    if (t.status === "cancelled") {
      // The same reason for every test a crash cut short: said once, below
      lines.push(`    ${paint(style, "dim", "-")} ${paint(style, "dim", fit(t.name, width))}`);
      cancelled.set(t.message, (cancelled.get(t.message) ?? 0) + 1);
      continue;
    }
    lines.push(`    ${paint(style, "red", "✗")} ${fit(t.name, width)}`);
    if (t.message) {
      const color = t.notWrittenYet ? "dim" : "red";
      const wrapped = wrapText(t.message, width, "        ", "          ").slice(0, 3);
      lines.push(...wrapped.map((line) => paint(style, color, line)));
    }
    if (t.where) lines.push(`        ${paint(style, "dim", `at ${t.where}`)}`);
  }
  for (const [message, n] of cancelled) {
    const what = n === 1 ? "1 test" : `${n} tests`;
    lines.push(
      `    ${paint(style, "dim", `(${what} did not finish. ${message || "The run stopped"})`)}`,
    );
  }
  return lines;
}
