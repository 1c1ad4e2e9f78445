/**
 * Pictures of a training run's loss: {@linkcode lossCurveSvg}, a standalone
 * SVG file to open in a browser, and {@linkcode terminalChart}, a small text
 * chart for the end of a run on a terminal.
 *
 * @module
 */

/** Options for {@linkcode lossCurveSvg}. */
export interface LossCurveOptions {
  /** The heading above the chart. Default `"Training loss"`. */
  readonly title?: string;
  /**
   * The smoothing factor β of the exponential moving average, at least 0 and
   * below 1 (0: no smoothing). Default {@linkcode DEFAULT_SMOOTHING}.
   */
  readonly smoothing?: number;
}

/** Options for {@linkcode terminalChart}. */
export interface TerminalChartOptions {
  /** Columns of the plot area (the labels add a few more). Default 60. */
  readonly width?: number;
  /** Rows of the plot area. Default 10. */
  readonly height?: number;
}

/** The default smoothing factor: each smoothed point weighs about the last 10 steps. */
export const DEFAULT_SMOOTHING = 0.9;

/** The most points drawn for the raw line; longer runs are reduced to each stretch's min and max. */
export const MAX_RAW_POINTS = 1000;

/** Throws unless every loss is a finite number and there is at least one. */
function checkLosses(losses: readonly number[]): void {
  if (losses.length === 0) {
    throw new RangeError("Cannot plot an empty list of losses: pass at least one");
  }
  for (let i = 0; i < losses.length; i++) {
    const x = losses[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new RangeError(
        `Cannot plot the loss at step ${i + 1}: it is ${String(x)}; ` +
          "every loss must be a finite number",
      );
    }
  }
}

/**
 * The debiased exponential moving average of `losses`:
 * `m_t = β·m_(t-1) + (1-β)·x_t` from `m_0 = 0`, reported as `m_t / (1 - β^t)`
 * (the bias correction Adam uses), so the first point is the first loss and a
 * constant series stays constant. It only looks back, so it lags a trend by
 * about `β / (1 - β)` steps.
 *
 * @param losses The losses, one per step.
 * @param smoothing β, at least 0 and below 1.
 * @returns The smoothed losses, one per step.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { smoothLosses } from "./_plot.ts";
 *
 * assertEquals(smoothLosses([4, 4, 4], 0.9), [4, 4, 4]);
 * assertEquals(smoothLosses([1, 3], 0), [1, 3]);
 * ```
 */
export function smoothLosses(losses: readonly number[], smoothing: number): number[] {
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new RangeError(`The smoothing must be at least 0 and below 1: got ${smoothing}`);
  }
  // The same value as m_t / (1 - β^t), written as a running mean that moves toward each loss
  // by the weight (1 - β) / (1 - β^t), so a constant series stays exactly constant.
  const out: number[] = new Array(losses.length);
  let s = 0;
  let power = 1; // β^t
  for (let t = 0; t < losses.length; t++) {
    power *= smoothing;
    s += (losses[t] - s) * ((1 - smoothing) / (1 - power));
    out[t] = s;
  }
  return out;
}

/** A "nice" step (1, 2 or 5 times a power of ten) that cuts `range` into about `count` parts. */
function niceStep(range: number, count: number): number {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
}

/** The ticks from `lo` to `hi` (both multiples of `step`), labelled with just enough decimals. */
function ticks(lo: number, hi: number, step: number): { value: number; label: string }[] {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const out: { value: number; label: string }[] = [];
  const n = Math.round((hi - lo) / step);
  for (let i = 0; i <= n; i++) {
    const value = lo + i * step;
    out.push({ value, label: value.toFixed(decimals) });
  }
  return out;
}

/** Escapes text for SVG. */
function xml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A coordinate with one decimal, the SVG's precision. */
function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * A standalone SVG of a loss curve: the loss at each step as a thin light
 * line, its exponential moving average (debiased, see
 * {@linkcode smoothLosses}) as a bold line over it, axes with ticks labelled
 * "step" (1 to the number of losses) and "loss", a title and a legend.
 *
 * Long runs are reduced for size: past {@linkcode MAX_RAW_POINTS} steps the
 * raw line keeps the smallest and largest loss of each stretch of steps (so
 * spikes stay visible) and the smoothed line one point per stretch. A single
 * step is drawn as a dot.
 *
 * @param losses The loss of each step, in order; at least one, all finite.
 * @param options The title and the smoothing factor.
 * @returns The SVG document's text.
 * @throws {RangeError} For no losses, a loss that is not finite, or a smoothing outside [0, 1).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { lossCurveSvg } from "./_plot.ts";
 *
 * const svg = lossCurveSvg([3.3, 3.1, 2.9, 2.95, 2.7], { title: "A short run" });
 * assert(svg.startsWith("<svg") && svg.includes("A short run"));
 * ```
 */
export function lossCurveSvg(
  losses: readonly number[],
  options: LossCurveOptions = {},
): string {
  checkLosses(losses);
  const title = options.title ?? "Training loss";
  const smoothing = options.smoothing ?? DEFAULT_SMOOTHING;
  const smooth = smoothLosses(losses, smoothing);
  const n = losses.length;

  const width = 800;
  const height = 450;
  const left = 72;
  const right = width - 28;
  const top = 64;
  const bottom = height - 56;

  // x: steps 1..n on an axis from 0 to n; y: the losses' range, widened to whole ticks.
  const xStep = Math.max(1, niceStep(Math.max(n, 1), 8));
  const xHi = Math.ceil(n / xStep) * xStep;
  let lo = losses[0];
  let hi = losses[0];
  for (const loss of losses) { // a loop, not Math.min(...losses): a long run would overflow the stack
    if (loss < lo) lo = loss;
    if (loss > hi) hi = loss;
  }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const yStep = niceStep(hi - lo, 6);
  const yLo = Math.floor(lo / yStep + 1e-9) * yStep;
  const yHi = Math.ceil(hi / yStep - 1e-9) * yStep;
  const x = (step: number) => left + (step / xHi) * (right - left);
  const y = (loss: number) => bottom - ((loss - yLo) / (yHi - yLo)) * (bottom - top);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="#222">`,
    `<title>${xml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="26" font-size="18" font-weight="bold">${xml(title)}</text>`,
    `<text x="${left}" y="46" fill="#555">${n} ${n === 1 ? "step" : "steps"}, last loss ` +
      `${losses[n - 1].toFixed(4)}, smoothed ${smooth[n - 1].toFixed(4)}</text>`,
  );

  // Grid, ticks and their labels.
  const grid: string[] = [];
  const labels: string[] = [];
  for (const t of ticks(yLo, yHi, yStep)) {
    const ty = px(y(t.value));
    grid.push(`M${left} ${ty}H${right}`);
    labels.push(`<text x="${left - 8}" y="${ty}" text-anchor="end" dy="4">${t.label}</text>`);
  }
  for (const t of ticks(0, xHi, xStep)) {
    const tx = px(x(t.value));
    grid.push(`M${tx} ${top}V${bottom}`);
    labels.push(`<text x="${tx}" y="${bottom + 18}" text-anchor="middle">${t.label}</text>`);
  }
  out.push(`<path d="${grid.join("")}" stroke="#e6e6e6" stroke-width="1" fill="none"/>`);
  out.push(
    `<path d="M${left} ${top}V${bottom}H${right}" stroke="#444" stroke-width="1" fill="none"/>`,
  );
  out.push(`<g>${labels.join("")}</g>`);
  out.push(
    `<text x="${px((left + right) / 2)}" y="${height - 14}" text-anchor="middle">step</text>`,
    `<text transform="translate(20 ${px((top + bottom) / 2)}) rotate(-90)" ` +
      `text-anchor="middle">loss</text>`,
  );

  // The two lines.
  const raw = "#9ecae1";
  const bold = "#08519c";
  if (n === 1) {
    out.push(
      `<circle cx="${px(x(1))}" cy="${px(y(losses[0]))}" r="4" fill="${bold}"/>`,
    );
  } else {
    const rawPoints = (n <= MAX_RAW_POINTS ? allIndices(n) : envelopeIndices(losses))
      .map((i) => `${px(x(i + 1))},${px(y(losses[i]))}`);
    const smoothPoints = sampleIndices(n, MAX_RAW_POINTS / 2)
      .map((i) => `${px(x(i + 1))},${px(y(smooth[i]))}`);
    out.push(
      `<polyline points="${rawPoints.join(" ")}" fill="none" stroke="${raw}" ` +
        `stroke-width="1"/>`,
      `<polyline points="${smoothPoints.join(" ")}" fill="none" stroke="${bold}" ` +
        `stroke-width="2.5" stroke-linejoin="round"/>`,
    );
  }

  // The legend, top right.
  const lx = right - 250;
  out.push(
    `<path d="M${lx} 22h24" stroke="${raw}" stroke-width="2"/>`,
    `<text x="${lx + 30}" y="26">loss at each step</text>`,
    `<path d="M${lx} 42h24" stroke="${bold}" stroke-width="2.5"/>`,
    `<text x="${lx + 30}" y="46">moving average (β = ${smoothing}, debiased)</text>`,
  );
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** 0, 1, …, n - 1. */
function allIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * For a long run: the run's steps cut into `MAX_RAW_POINTS / 2` stretches,
 * and of each the index of its smallest and its largest loss, in order.
 */
function envelopeIndices(losses: readonly number[]): number[] {
  const n = losses.length;
  const stretches = MAX_RAW_POINTS / 2;
  const out: number[] = [];
  for (let s = 0; s < stretches; s++) {
    const start = Math.floor((s * n) / stretches);
    const end = Math.floor(((s + 1) * n) / stretches);
    let min = start;
    let max = start;
    for (let i = start + 1; i < end; i++) {
      if (losses[i] < losses[min]) min = i;
      if (losses[i] > losses[max]) max = i;
    }
    if (min === max) out.push(min);
    else out.push(Math.min(min, max), Math.max(min, max));
  }
  return out;
}

/** About `count` indices spread evenly over 0 … n - 1, always including both ends. */
function sampleIndices(n: number, count: number): number[] {
  if (n <= count) return allIndices(n);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Math.round((k * (n - 1)) / (count - 1)));
  return out;
}

/** The eighths of a block, from empty to full. */
const BLOCKS = " ▁▂▃▄▅▆▇█";

/** Throws unless `value` (an option) is a whole number of at least 1. */
function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`The chart's ${name} must be a whole number of at least 1: got ${value}`);
  }
}

/**
 * A small text chart of `losses` for a terminal: one column of block
 * characters per stretch of steps, as tall as the stretch's mean loss (in
 * eighths of a row), the highest and lowest means labelled on the left, the
 * first and last step below. Plain text, no colours.
 *
 * ```text
 * loss, mean of each 17 steps
 * 3.2971 ┤█▇▆
 *        │████▅▄▃▃▂▁
 * ...
 * ```
 *
 * @param losses The loss of each step, in order; at least one, all finite.
 * @param options The plot area's size in characters.
 * @returns The chart's lines, joined by `"\n"` (no final newline).
 * @throws {RangeError} For no losses, a loss that is not finite, or a size below 1.
 */
export function terminalChart(
  losses: readonly number[],
  options: TerminalChartOptions = {},
): string {
  checkLosses(losses);
  const width = options.width ?? 60;
  const height = options.height ?? 10;
  checkSize("width", width);
  checkSize("height", height);
  const n = losses.length;
  const cols = Math.min(width, n);

  // One value per column: the mean of its stretch of steps.
  const means: number[] = [];
  for (let c = 0; c < cols; c++) {
    const start = Math.floor((c * n) / cols);
    const end = Math.floor(((c + 1) * n) / cols);
    let sum = 0;
    for (let i = start; i < end; i++) sum += losses[i];
    means.push(sum / (end - start));
  }
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const eighths = height * 8;
  // Each column is at least one eighth tall, so the lowest stays visible; a flat run is half height.
  const levels = means.map((m) =>
    hi > lo ? 1 + Math.round(((m - lo) / (hi - lo)) * (eighths - 1)) : Math.ceil(eighths / 2)
  );

  const hiLabel = formatLoss(hi);
  const loLabel = formatLoss(lo);
  const pad = Math.max(hiLabel.length, loLabel.length);
  const perColumn = n / cols;
  const lines = [
    perColumn > 1
      ? `loss, mean of each ${Number.isInteger(perColumn) ? "" : "~"}${Math.round(perColumn)} steps`
      : "loss",
  ];
  for (let r = 0; r < height; r++) {
    const base = (height - 1 - r) * 8; // the eighths below this row
    let row = "";
    for (const level of levels) row += BLOCKS[Math.max(0, Math.min(8, level - base))];
    // The highest mean labels the top row, the lowest the bottom one (once, if they are equal).
    const label = r === height - 1 ? loLabel : r === 0 && hi > lo ? hiLabel : "";
    const axis = label === "" ? "│" : "┤";
    lines.push(`${label.padStart(pad)} ${axis}${row}`.trimEnd());
  }
  lines.push(`${" ".repeat(pad)} └${"─".repeat(cols)}`);
  const first = "1";
  const last = String(n);
  const steps = cols > first.length + last.length
    ? first + " ".repeat(cols - first.length - last.length) + last
    : n === 1
    ? first
    : `${first}-${last}`;
  lines.push(`${" ".repeat(pad)}  ${steps} (step)`);
  return lines.join("\n");
}

/** A loss for a chart label: four decimals, or fewer significant digits for large ones. */
function formatLoss(x: number): string {
  return Math.abs(x) >= 1e4 ? x.toPrecision(5) : x.toFixed(4);
}
