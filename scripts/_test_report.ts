/**
 * Reading what `deno test` and `deno check` print, and saying it in a
 * learner's terms: the junit report's outcomes, the console report's
 * uncaught errors, a failure's message as one line to act on, and where it
 * went wrong (the learner's file before the test's). Also the capped text
 * that keeps a flood of output to its start and its end.
 *
 * @module
 */

import { fromFileUrl, relative } from "./_path.ts";
import type { KataId } from "../lib/katas.ts";
import type { TestOutcome } from "./_run_tests.ts";

/** How much of a child's output is kept: this many characters from its start and from its end. */
export const KEEP = 16 * 1024;

/** Text kept by its start and its end, whatever its length. */
export class Capped {
  #head = "";
  #tail = "";
  #dropped = 0;

  /** Adds text at the end. */
  add(chunk: string): void {
    if (this.#head.length < KEEP) {
      const room = KEEP - this.#head.length;
      this.#head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (!chunk) return;
    }
    this.#tail += chunk;
    if (this.#tail.length > 2 * KEEP) {
      this.#dropped += this.#tail.length - KEEP;
      this.#tail = this.#tail.slice(-KEEP);
    }
  }

  /** The text kept, with a line saying how much was left out of its middle. */
  text(): string {
    return this.#dropped > 0
      ? `${this.#head}\n[... ${this.#dropped} characters of output left out ...]\n${this.#tail}`
      : this.#head + this.#tail;
  }
}

/** Reads a stream to its end, keeping its start and its end, without colour. */
export async function readCapped(stream: ReadableStream<Uint8Array>): Promise<string> {
  const kept = new Capped();
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) kept.add(chunk);
  return stripAnsi(kept.text());
}

/** A long text cut to its start and end. */
export function capText(text: string): string {
  const kept = new Capped();
  kept.add(text);
  return kept.text();
}

/** `10 s`, `1.5 s`. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** A test result as the junit report gives it, before it is explained. */
export interface RawOutcome {
  readonly name: string;
  readonly failed: boolean;
  /** The failure's `message` attribute, without `Uncaught `. */
  readonly message: string;
  /** The failure's text: the message, the source line and the stack. */
  readonly text: string;
  /** How long it took, in seconds. */
  readonly seconds: number;
}

/** The junit report's test cases, by test file (from the root, with `/`). */
export function parseJunit(xml: string, root: string): Map<string, RawOutcome[]> {
  const suites = new Map<string, RawOutcome[]>();
  for (const suite of xml.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
    const file = suiteFile(unescapeXml(suite[1]), root);
    const outcomes: RawOutcome[] = [];
    const cases = suite[2].matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g);
    for (const [whole, rawName, , body = ""] of cases) {
      const failure = body.match(/<failure message="([^"]*)"[^>]*>([\s\S]*?)<\/failure>/) ??
        body.match(/<failure message="([^"]*)"[^>]*\/>()/);
      outcomes.push({
        name: unescapeXml(rawName),
        failed: failure !== null,
        message: failure ? unescapeXml(failure[1]).replace(/^Uncaught (\(in promise\) )?/, "") : "",
        text: failure ? unescapeXml(failure[2]) : "",
        seconds: Number(whole.match(/\btime="([\d.]+)"/)?.[1] ?? 0),
      });
    }
    suites.set(file, [...(suites.get(file) ?? []), ...outcomes]);
  }
  return suites;
}

/** A junit suite's name (`./katas/01/value_test.ts` or a URL) as a path from the root. */
function suiteFile(name: string, root: string): string {
  if (name.startsWith("file://")) return repoPath(name, root);
  return name.replace(/^\.\//, "");
}

/** A junit outcome, explained for a learner. */
export function refine(raw: RawOutcome, id: KataId, console: string): TestOutcome {
  if (!raw.failed) {
    const cancelled = console.includes(`${raw.name} ... cancelled`);
    return {
      name: raw.name,
      status: cancelled ? "cancelled" : "passed",
      notWrittenYet: false,
      message: cancelled ? "The run crashed first" : "",
      where: "",
      detail: "",
    };
  }
  const detail = withoutStack(raw.text || raw.message);
  return {
    name: raw.name,
    status: "failed",
    // A todo() reached, or an assertThrows that met the stub's NotWrittenYet instead of its error
    notWrittenYet: /^NotWrittenYet\b/.test(raw.message) ||
      /\bbut was "NotWrittenYet"/.test(raw.message),
    message: explain(raw.message, detail),
    where: locate(raw.text, id),
    detail: capText(detail).slice(0, 4000),
  };
}

/** A failure's text without the stack frames and source excerpt that follow the message. */
function withoutStack(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s+at /.test(line)) break;
    // The source line and caret Deno prints before the stack: a line, then spaces and `^`.
    if (i + 1 < lines.length && /^\s*\^\s*$/.test(lines[i + 1])) break;
    out.push(line);
  }
  return out.join("\n").trimEnd();
}

/**
 * A failure's message, in one line a learner can act on: an assertion's
 * diff as "got …, expected …", a permission or an exit explained, a thrown
 * non-Error named as such.
 *
 * @param message The failure's message (the first line, without `Uncaught `).
 * @param detail The whole message, with an assertion's diff.
 * @returns One line.
 */
export function explain(message: string, detail = message): string {
  const first = message.split("\n")[0].trim();
  const named = first.match(/^([A-Za-z_$][\w$]*)(?:: ([\s\S]*))?$/);
  if (/^NotWrittenYet: /.test(first)) return first.slice("NotWrittenYet: ".length);
  const permission = first.match(/^NotCapable: Requires (\w+) access(?: to (.*?))?, run again/);
  if (permission) {
    const [, kind, target = ""] = permission;
    const what: Record<string, string> = {
      read: `read ${target}`,
      write: `write ${target}`,
      net: `use the network${target ? ` (${target})` : ""}`,
      env: `read the environment${target ? ` (${target})` : ""}`,
      run: `start a program${target ? ` (${target})` : ""}`,
      sys: "read system information",
      ffi: "load native code",
      import: `import ${target}`,
    };
    return `Your code tried to ${what[kind] ?? `use ${kind} access`}: kata code runs ` +
      "without permissions (no files, network, environment or programs), and needs none";
  }
  const exit = first.match(/^Error: Test case attempted to exit with exit code: (-?\d+)/);
  if (exit) {
    return `Your code called Deno.exit(${exit[1]}): return a value or throw an Error instead`;
  }
  const exitCode = first.match(/^Error: Test case finished with exit code set to (-?\d+)/);
  if (exitCode) return `Your code set Deno.exitCode to ${exitCode[1]}: leave it alone`;
  if (/^Timed out after (\d+)ms/.test(first) || /^Test timed out/.test(first)) {
    const ms = Number(first.match(/(\d+)ms/)?.[1] ?? 0);
    return `Did not finish within ${
      seconds(ms)
    }: an endless loop, or a promise that never settles?`;
  }
  if (/^Promise resolution is still pending/.test(first)) {
    return "A promise never settles: something it waits for never happens";
  }
  if (/Maximum call stack size exceeded/.test(first)) {
    return "RangeError: Maximum call stack size exceeded: a recursion that never ends, " +
      "or one too deep for the stack (use a loop)";
  }
  if (/^AssertionError: Values are not equal\.?$/.test(first)) {
    const diff = diffSummary(detail);
    return diff ? `Values are not equal: ${diff}` : "Values are not equal";
  }
  if (/^AssertionError: /.test(first)) return first.slice("AssertionError: ".length);
  if (!named || (!named[2] && !/^[A-Z]/.test(first))) {
    if (first === "") return "Failed without a message";
    return `Your code threw ${first.length > 80 ? first.slice(0, 77) + "..." : first}, ` +
      'which is not an Error: throw new Error("..."), so it has a message and a place';
  }
  return first;
}

/**
 * The lines of an assertion's diff (`assertEquals`): `-` lines are the
 * actual value, `+` lines the expected one; each trimmed, without the
 * comma that ends an item of an array or an object.
 */
export function assertionDiff(detail: string): { actual: string[]; expected: string[] } {
  const lines = detail.split("\n");
  const side = (mark: RegExp) =>
    lines.filter((l) => mark.test(l)).map((l) => l.slice(1).trim().replace(/,$/, ""));
  return { actual: side(/^-\s/), expected: side(/^\+\s/) };
}

/** "got X, expected Y" from an assertion's diff. */
function diffSummary(detail: string): string {
  const { actual, expected } = assertionDiff(detail);
  if (actual.length === 0 && expected.length === 0) return "";
  const show = (xs: string[]) => {
    const text = xs.join(" ");
    return text.length > 60 ? text.slice(0, 57) + "..." : text;
  };
  if (actual.length === 0) return `missing ${show(expected)}`;
  if (expected.length === 0) return `unexpected ${show(actual)}`;
  return `got ${show(actual)}, expected ${show(expected)}`;
}

/**
 * The error thrown outside any test of `file`, from the console report's
 * `./katas/03/backward_test.ts (uncaught error)` block, or `undefined`.
 */
export function uncaughtError(
  console: string,
  file: string,
  root: string,
  id: KataId,
  atLoad: boolean,
): { error: string; where: string } | undefined {
  const marker = `./${file} (uncaught error)\n`;
  const at = console.indexOf(marker);
  if (at < 0) return undefined;
  const block = console.slice(at + marker.length).split(/\n\n/)[0];
  const first = block.replace(/^error: /, "").split("\n")[0];
  const promise = /^\(in promise\) /.test(first);
  const message = explain(first.replace(/^\(in promise\) /, ""), block);
  const where = locate(block, id) || repoPathIn(block, root);
  return {
    // A module's top level runs as a promise too: at load, it is the module that threw
    error: atLoad
      ? `${message} (thrown while loading the module, outside any test)`
      : promise
      ? `${message} (a promise rejected and nothing was waiting for it)`
      : `${message} (thrown outside any test, e.g. in a timer)`,
    where,
  };
}

/** The first `file:` location in a text, as `path:line` from the root. */
function repoPathIn(text: string, root: string): string {
  const at = text.match(/(file:\/\/\S+?):(\d+):\d+/);
  return at ? `${repoPath(at[1], root)}:${at[2]}` : "";
}

/** The last `error:` line of some output, for crashes with nothing better to say. */
export function lastError(output: string): string {
  const lines = output.split("\n").filter((l) => /^error: /.test(l) && !/Test failed/.test(l));
  return lines.at(-1)?.slice("error: ".length) ?? "";
}

/**
 * The most useful place named in a stack or compiler message: a kata file
 * that is not a test (the learner's code), else the first kata file, as
 * `katas/01/value.ts:42`.
 */
function locate(text: string, id: KataId): string {
  const places = [...text.matchAll(/((?:katas|solutions)\/(\d\d)\/[\w.-]+\.ts):(\d+)(?::\d+)?/g)]
    .map((m) => ({ file: m[1], kata: m[2], line: m[3] }));
  const best = places.find((p) => !p.file.endsWith("_test.ts") && p.kata === id) ??
    places.find((p) => !p.file.endsWith("_test.ts")) ?? places[0];
  return best ? `${best.file}:${best.line}` : "";
}

/** XML text with its entities (`&lt;`, `&#10;`) replaced by the characters they stand for. */
function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[name as string] ?? "";
  });
}

/** A text without its ANSI colour codes. */
export function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

/** A `file:` URL as a path from the root, with `/` (unchanged when outside the root). */
export function repoPath(url: string, root: string): string {
  try {
    const path = fromFileUrl(url.replace(/[.,;:]+$/, ""));
    const rel = relative(root, path).replaceAll("\\", "/");
    return rel.startsWith("..") ? path : rel;
  } catch {
    return url;
  }
}
