// The diff shown by assertEquals: a Myers diff of lines (of the rendered values, or
// of two strings with word-level highlighting of changed lines).

import { format } from "./_format.ts";
import { bgGreen, bgRed, bold, gray, green, red, white } from "./_styles.ts";

/** Kind of a diff entry. */
export type DiffType = "common" | "removed" | "added";

/** One entry of a diff: a line (or token) of the actual or expected side. */
export interface DiffItem {
  type: DiffType;
  value: string;
}

/** Past this many edits the diff gives up and shows everything removed then added. */
const MAX_EDITS = 1000;

/**
 * Myers' O(ND) diff of two sequences. Within each run of changes the removed
 * items come before the added ones.
 */
export function diff(a: readonly string[], b: readonly string[]): DiffItem[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = groupChanges(myers(a.slice(start, endA), b.slice(start, endB)));
  const common = (value: string): DiffItem => ({ type: "common", value });
  return [...a.slice(0, start).map(common), ...middle, ...a.slice(endA).map(common)];
}

function myers(a: readonly string[], b: readonly string[]): DiffItem[] {
  const n = a.length;
  const m = b.length;
  const removed = (value: string): DiffItem => ({ type: "removed", value });
  const added = (value: string): DiffItem => ({ type: "added", value });
  if (n === 0 || m === 0) return [...a.map(removed), ...b.map(added)];
  const max = Math.min(n + m, MAX_EDITS);
  // v[k + max] is the furthest x reached on diagonal k; trace[d] is v before round d.
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]);
      let x = down ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, max);
    }
  }
  return [...a.map(removed), ...b.map(added)];
}

function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: readonly Int32Array[],
  max: number,
): DiffItem[] {
  const out: DiffItem[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[max + prevK];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ type: "common", value: a[--x] });
      y--;
    }
    if (d > 0) {
      if (down) out.push({ type: "added", value: b[--y] });
      else out.push({ type: "removed", value: a[--x] });
    }
  }
  return out.reverse();
}

function groupChanges(items: readonly DiffItem[]): DiffItem[] {
  const out: DiffItem[] = [];
  let removed: DiffItem[] = [];
  let added: DiffItem[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const item of items) {
    if (item.type === "common") {
      flush();
      out.push(item);
    } else if (item.type === "removed") removed.push(item);
    else added.push(item);
  }
  flush();
  return out;
}

const SIGNS: Record<DiffType, string> = { common: "    ", removed: "-   ", added: "+   " };

function lineColour(type: DiffType): (s: string) => string {
  if (type === "removed") return (s) => red(bold(s));
  if (type === "added") return (s) => green(bold(s));
  return white;
}

/** Escapes a string for the string diff: newlines become a visible `\n` plus a real one. */
function escapeForDiff(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll("\b", "\\b").replaceAll("\f", "\\f")
    .replaceAll("\t", "\\t").replaceAll("\v", "\\v")
    .replace(/\r\n|\r|\n/g, (m) => m === "\n" ? "\\n\n" : m === "\r" ? "\\r" : "\\r\\n\r\n");
}

function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function tokens(line: string): string[] {
  return line.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** Renders a changed line whose partner on the other side is `other`, highlighting changed words. */
function wordDetail(type: DiffType, line: string, other: string): string {
  const pairs = type === "removed"
    ? diff(tokens(line), tokens(other))
    : diff(tokens(other), tokens(line));
  const colour = lineColour(type);
  const mark = type === "removed"
    ? (s: string) => bgRed(white(s))
    : (s: string) => bgGreen(white(s));
  let out = colour(SIGNS[type]);
  for (const { type: t, value } of pairs) {
    if (t === "common") out += colour(value);
    else if (t === type) out += mark(value);
  }
  return out;
}

function stringDiffLines(actual: string, expected: string): string {
  const items = diff(
    splitLines(escapeForDiff(actual) + "\n"),
    splitLines(escapeForDiff(expected) + "\n"),
  );
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const { type, value } = items[i];
    const text = value.endsWith("\n") ? value.slice(0, -1) : value;
    const end = value.endsWith("\n") ? "\n" : "";
    if (type === "common") {
      out += lineColour(type)(SIGNS[type] + text) + end;
      continue;
    }
    // Pair the j-th removed line of a change run with the j-th added line.
    let runStart = i;
    while (runStart > 0 && items[runStart - 1].type !== "common") runStart--;
    const run: DiffItem[] = [];
    for (let j = runStart; j < items.length && items[j].type !== "common"; j++) run.push(items[j]);
    const removed = run.filter((r) => r.type === "removed");
    const added = run.filter((r) => r.type === "added");
    const side = type === "removed" ? removed : added;
    const otherSide = type === "removed" ? added : removed;
    const index = side.indexOf(items[i]);
    const partner = otherSide[index]?.value;
    out += (partner === undefined
      ? lineColour(type)(SIGNS[type] + text)
      : wordDetail(type, text, partner.endsWith("\n") ? partner.slice(0, -1) : partner)) + end;
  }
  return out;
}

/**
 * The diff block of an equality failure, to put after the headline and a
 * newline: two blank lines, the `[Diff] Actual / Expected` header, two blank
 * lines, the diff, and a final newline.
 */
export function buildDiffMessage(actual: unknown, expected: unknown): string {
  const header = `    ${gray(bold("[Diff]"))} ${red(bold("Actual"))} / ${green(bold("Expected"))}`;
  let body: string[];
  if (typeof actual === "string" && typeof expected === "string") {
    body = [stringDiffLines(actual, expected)];
  } else {
    const items = diff(format(actual).split("\n"), format(expected).split("\n"));
    body = items.map(({ type, value }) => lineColour(type)(SIGNS[type] + value));
  }
  return ["", "", header, "", "", ...body, ""].join("\n");
}
