/**
 * `deno task watch`: checks the kata you are on again each time a file under
 * `katas/` changes, clears the screen and shows its state and the next step.
 *
 * ```sh
 * deno task watch            # the kata check-progress points at
 * deno task watch 03         # kata 03
 * deno task watch --poll     # look for changes every second instead of waiting for
 *                            # file events (for WSL, network and container mounts)
 * ```
 *
 * File events and a light poll of the files' sizes and times both wake it
 * (the poll is the fallback where events do not arrive: WSL, network or
 * container mounts); a change that leaves every file's content as it was
 * (an editor touching a file) does not. When the kata is done it says so
 * and waits: the next kata is yours to start (`n`), not an automatic jump.
 *
 * Keys, on a terminal: `n` next kata, `h` a hint, `l` every kata, `r` run
 * again, `q` quit.
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { type KataId, KATAS } from "../lib/katas.ts";
import { requireSupportedDeno } from "./_deno_version.ts";
import { ROOT } from "./import_map.ts";
import { join } from "./_path.ts";
import { judgeProgress, noSuchKata, type ProgressReport } from "./_kata_progress.ts";
import { detectStyle, paint, renderKata, renderReport, type Style } from "./_progress_ui.ts";
import { errorMessage, parseKataId, parseTimeout, unknownOption } from "./check_progress.ts";
import { hint } from "./hint.ts";
import { sha256 } from "./stub_manifest.ts";

/** How to watch. */
export interface WatchOptions {
  readonly root: string;
  /** The kata to watch; by default the one check-progress points at. */
  readonly id?: KataId;
  /** Only poll (no file events). */
  readonly poll?: boolean;
  /** How often to poll, in milliseconds (default 1000). */
  readonly intervalMs?: number;
  /** Each kata's time limit, in milliseconds. */
  readonly timeoutMs?: number;
  /** Where the screens go. */
  readonly write: (text: string) => void;
  /** Clear the screen before each one (on a terminal). */
  readonly clear?: boolean;
  readonly style: Style;
  /** Stops watching. */
  readonly signal: AbortSignal;
}

const CLEAR = "\x1b[2J\x1b[3J\x1b[H";

/** Watches `katas/` and shows the current kata after each change; stops on `signal`. */
export class Watch {
  readonly #options: WatchOptions;
  #id: KataId | undefined;
  #fingerprint = "";
  #running = false;
  #again = false;
  #note = "";
  /** Resolved after each screen, for tests. */
  #shown: (() => void)[] = [];

  constructor(options: WatchOptions) {
    this.#options = options;
    this.#id = options.id;
  }

  /** The kata being watched. */
  get id(): KataId | undefined {
    return this.#id;
  }

  /** Runs until the signal aborts. */
  async run(): Promise<void> {
    const { root, signal, intervalMs = 1000 } = this.#options;
    await this.check(true);
    const stops: (() => void)[] = [];
    if (!this.#options.poll) {
      try {
        const watcher = Deno.watchFs(join(root, "katas"), { recursive: true });
        stops.push(() => {
          try {
            watcher.close();
          } catch { /* closed */ }
        });
        (async () => {
          try {
            for await (const _event of watcher) this.changed();
          } catch { /* closed */ }
        })();
      } catch {
        this.#note = "File events are not available here: looking for changes every second.";
      }
    }
    let stats = await statFingerprint(root);
    const timer = setInterval(async () => {
      const now = await statFingerprint(root);
      if (now !== stats) {
        stats = now;
        this.changed();
      }
    }, intervalMs);
    stops.push(() => clearInterval(timer));
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    for (const stop of stops) stop();
    while (this.#running) await this.nextScreen();
  }

  /** Something under `katas/` changed: check again if any file's content did. */
  changed(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.check(false);
  }

  /** Resolves after the next screen is shown. */
  nextScreen(): Promise<void> {
    return new Promise((resolve) => this.#shown.push(resolve));
  }

  /** Moves to the next kata not done after this one (the `n` key). */
  async next(): Promise<void> {
    await this.#key("next kata", async () => {
      const report = await this.#judgeAll();
      const after = report.katas.find((k) => k.id > (this.#id ?? "") && k.state !== "done");
      this.#id = after?.id ?? report.next?.kata ?? this.#id;
      await this.check(true);
    });
  }

  /** Shows the next hint for the kata, under its screen (the `h` key). */
  async hint(): Promise<void> {
    const id = this.#id;
    if (!id) return;
    await this.#key("hint", async () => {
      const { text } = await hint(this.#options.root, { id }, this.#options.style);
      this.#options.write(`\n${text}\n`);
    });
  }

  /** Shows every kata (the `l` key). */
  async list(): Promise<void> {
    await this.#key("list of katas", async () => {
      this.#show(renderReport(await this.#judgeAll(), this.#options.style));
    });
  }

  /** Does what a key asks; a failure is said under the screen, and watching goes on. */
  async #key(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      const { write, style } = this.#options;
      write(`\n${paint(style, "red", `The ${what} could not be shown: ${errorMessage(error)}`)}\n`);
    }
  }

  /** Every kata's state. */
  #judgeAll(): Promise<ProgressReport> {
    return judgeProgress({ root: this.#options.root, timeoutMs: this.#options.timeoutMs });
  }

  /** Checks the kata (when `force`, or when a file's content changed) and shows it. */
  async check(force: boolean): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        const fingerprint = await contentFingerprint(this.#options.root);
        if (!force && fingerprint === this.#fingerprint) continue;
        force = false;
        this.#fingerprint = fingerprint;
        try {
          await this.#checkOnce();
        } catch (error) {
          // Keep watching: the next change may fix it
          this.#show(`The check could not run: ${errorMessage(error)}`);
        }
      } while (this.#again && !this.#options.signal.aborted);
    } finally {
      this.#running = false;
      for (const resolve of this.#shown.splice(0)) resolve();
    }
  }

  async #checkOnce(): Promise<void> {
    const { root, timeoutMs, style } = this.#options;
    if (!this.#id) {
      const all = await this.#judgeAll();
      this.#id = all.next?.kata ?? KATAS.at(-1)!.id;
    }
    const report = await judgeProgress({ root, timeoutMs, only: [this.#id] });
    const kata = report.katas.find((k) => k.id === this.#id)!;
    const lines = [renderKata(report, this.#id, style), ""];
    if (kata.state === "done") {
      const next = KATAS.find((k) => k.id > kata.id);
      lines.push(
        paint(style, "green", `Kata ${kata.id} is done!`) +
          (next ? ` Press n for kata ${next.id} (or: deno task watch ${next.id})` : ""),
      );
    }
    if (this.#note) lines.push(paint(style, "dim", this.#note));
    const time = new Date().toLocaleTimeString();
    lines.push(
      paint(
        style,
        "dim",
        `${time} · watching katas/ for changes` +
          (this.#options.clear ? " · n next · h hint · l list · r run again · q quit" : ""),
      ),
    );
    this.#show(lines.join("\n"));
  }

  #show(text: string): void {
    const { write, clear, style } = this.#options;
    if (clear) write(CLEAR + text + "\n");
    else write(`${paint(style, "dim", "─".repeat(Math.min(style.width, 60)))}\n${text}\n`);
  }
}

/** Sizes and modification times of every file under `katas/`: cheap to take each second. */
async function statFingerprint(root: string): Promise<string> {
  const lines: string[] = [];
  for (const file of await listFiles(root, "katas")) {
    const info = await Deno.stat(join(root, file)).catch(() => null);
    lines.push(`${file} ${info?.size ?? -1} ${info?.mtime?.getTime() ?? 0}`);
  }
  return lines.join("\n");
}

/** The content of every file under `katas/`, hashed. */
async function contentFingerprint(root: string): Promise<string> {
  const lines: string[] = [];
  for (const file of await listFiles(root, "katas")) {
    const bytes = await Deno.readFile(join(root, file)).catch(() => null);
    lines.push(`${file} ${bytes ? await sha256(bytes) : "-"}`);
  }
  return lines.join("\n");
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(root, dir))) {
      if (entry.name.startsWith(".")) continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) files.push(...await listFiles(root, path));
      else if (entry.isFile) files.push(path);
    }
  } catch { /* a folder removed meanwhile */ }
  return files.sort();
}

/** Reads keys from a terminal in raw mode and calls `onKey` for each; stops on `signal`. */
async function readKeys(onKey: (key: string) => void, signal: AbortSignal): Promise<void> {
  Deno.stdin.setRaw(true, { cbreak: true });
  const reader = Deno.stdin.readable.getReader();
  signal.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
  try {
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const byte of value) onKey(byte === 3 ? "q" : String.fromCharCode(byte).toLowerCase());
    }
  } catch {
    /* cancelled */
  } finally {
    reader.releaseLock();
    try {
      Deno.stdin.setRaw(false);
    } catch { /* not a terminal any more */ }
  }
}

if (import.meta.main) {
  requireSupportedDeno();
  const flags = parseArgs(Deno.args, {
    boolean: ["poll", "help"],
    string: ["interval", "timeout"],
    alias: { h: "help" },
  });
  const usage = "Usage: deno task watch [NN] [--poll] [--interval=MS] [--timeout=SECONDS]\n\n" +
    "  --poll          look for changes every interval instead of waiting for file events\n" +
    "                  (for WSL, network and container mounts, where events may not arrive)\n" +
    "  --interval=MS   how often to look, in milliseconds (default 1000)\n" +
    "  --timeout=S     each kata's time limit, in seconds (default 10)";
  const unknown = unknownOption(flags, ["poll", "help", "h", "interval", "timeout"]);
  const id = flags._.length === 1 ? parseKataId(String(flags._[0])) : undefined;
  const interval = flags.interval === undefined ? 1000 : Number(flags.interval);
  const timeoutMs = parseTimeout(flags.timeout);
  const problem = unknown
    ? unknown
    : flags._.length > 1
    ? `Give one kata at most: got ${flags._.join(", ")}`
    : flags._.length === 1 && !id
    ? noSuchKata(String(flags._[0]))
    : !(interval >= 50)
    ? `--interval takes a number of milliseconds of at least 50: got ${flags.interval}`
    : typeof timeoutMs === "string"
    ? timeoutMs
    : "";
  if (flags.help || problem || typeof timeoutMs === "string") {
    if (problem) console.error(`${problem}\n\n${usage}`);
    else console.log(usage);
    Deno.exit(problem ? 2 : 0);
  }
  const terminal = Deno.stdout.isTerminal();
  const controller = new AbortController();
  const encoder = new TextEncoder();
  const watch = new Watch({
    root: ROOT,
    id,
    poll: flags.poll,
    intervalMs: interval,
    timeoutMs,
    write: (text) => Deno.stdout.writeSync(encoder.encode(text)),
    clear: terminal,
    style: detectStyle(),
    signal: controller.signal,
  });
  if (terminal && Deno.stdin.isTerminal()) {
    readKeys((key) => {
      if (key === "q") controller.abort();
      else if (key === "n") watch.next();
      else if (key === "h") watch.hint();
      else if (key === "l") watch.list();
      else if (key === "r") watch.check(true);
    }, controller.signal);
  }
  await watch.run();
  Deno.exit(0);
}
