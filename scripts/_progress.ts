/**
 * The progress bar `deno task train` draws on a terminal's stderr: the step,
 * a bar, the loss and the time left, redrawn in place. stdout is never
 * touched, so the printed lines stay microgpt.py's.
 *
 * @module
 */

/** How the bar is drawn. */
export interface ProgressOptions {
  /** Whether colours may be used (false when `NO_COLOR` is set). */
  readonly color: boolean;
  /** The terminal's width in columns. */
  readonly columns: number;
}

const CLEAR_LINE = "\r\x1b[2K";
const CYAN = "\x1b[36m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/**
 * One line of progress, such as
 * `step  250/1000 ███████░░░░░░░░░░░░░░░░░░░░  25% | loss 2.4817 | 0:21 left`.
 *
 * @param done Steps done.
 * @param total Steps in all.
 * @param loss The last step's loss.
 * @param elapsedMs Time since the first step began, in milliseconds.
 * @param options Colours and width.
 * @returns The line, without a line break.
 */
export function progressLine(
  done: number,
  total: number,
  loss: number,
  elapsedMs: number,
  options: ProgressOptions,
): string {
  const width = String(total).length;
  const left = done > 0 ? (elapsedMs / done) * (total - done) : NaN;
  const percent = `${Math.floor((100 * done) / total)}%`.padStart(4);
  const head = `step ${String(done).padStart(width)}/${total}`;
  const tail = `${percent} | loss ${loss.toFixed(4)} | ${duration(left)} left`;
  const barWidth = Math.max(0, Math.min(30, options.columns - head.length - tail.length - 4));
  const filled = Math.round((barWidth * done) / total);
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  if (!options.color) return `${head} ${bar} ${tail}`;
  return `${head} ${CYAN}${bar}${RESET} ${tail.replace(/\|/g, `${DIM}|${RESET}`)}`;
}

/** `m:ss` (or `h:mm:ss`), `?:??` when unknown. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?:??";
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A progress bar on one line of a terminal, redrawn in place. */
export class ProgressBar {
  readonly #total: number;
  readonly #write: (text: string) => void;
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  readonly #start: number;
  #shown = false;

  /**
   * @param total Steps in all.
   * @param write Writes to the terminal (stderr).
   * @param options Colours and width.
   * @param now The clock, in milliseconds.
   */
  constructor(
    total: number,
    write: (text: string) => void,
    options: ProgressOptions,
    now: () => number = () => performance.now(),
  ) {
    this.#total = total;
    this.#write = write;
    this.#options = options;
    this.#now = now;
    this.#start = now();
  }

  /** Erases the bar (before other output goes to the same terminal). */
  clear(): void {
    if (this.#shown) this.#write(CLEAR_LINE);
    this.#shown = false;
  }

  /** Draws the bar for `done` steps and the last loss. */
  update(done: number, loss: number): void {
    const line = progressLine(done, this.#total, loss, this.#now() - this.#start, this.#options);
    this.#write(CLEAR_LINE + line);
    this.#shown = true;
  }
}
