import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertLess,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  DEFAULT_SMOOTHING,
  lossCurveSvg,
  MAX_RAW_POINTS,
  smoothLosses,
  terminalChart,
} from "./_plot.ts";
import { Random } from "../lib/random.ts";

/** A noisy falling loss curve of `n` steps, the shape of a training run. */
function run(n: number, seed = 1): number[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, (_, i) => 2.2 + Math.exp(-i / (n / 5)) + rng.random() * 0.5);
}

/** The `points` of each `<polyline>` in `svg`, as [x, y] pairs. */
function polylines(svg: string): [number, number][][] {
  return [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) =>
    m[1].split(" ").map((p) => p.split(",").map(Number) as [number, number])
  );
}

/** The y-axis tick labels (right-aligned texts) and x-axis ones (centred, below the plot). */
function tickLabels(svg: string): { y: number[]; x: number[] } {
  const y = [...svg.matchAll(/text-anchor="end" dy="4">([^<]*)</g)].map((m) => Number(m[1]));
  const x = [...svg.matchAll(/<text x="[\d.]+" y="412" text-anchor="middle">([^<]*)</g)]
    .map((m) => Number(m[1]));
  return { y, x };
}

/** Checks every tag is closed in order (the SVG is well-formed XML as far as tags go). */
function assertBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assertEquals(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name);
  }
  assertEquals(stack, []);
}

Deno.test({
  name: "smoothLosses() is the debiased exponential moving average",
  timeout: 10_000,
  fn() {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    for (const beta of [0, 0.5, 0.9, 0.99]) {
      const smooth = smoothLosses(xs, beta);
      for (let t = 0; t < xs.length; t++) {
        // The weighted mean of the losses so far, weights beta^(t-k), written out
        let num = 0;
        let den = 0;
        for (let k = 0; k <= t; k++) {
          num += beta ** (t - k) * xs[k];
          den += beta ** (t - k);
        }
        assertAlmostEquals(smooth[t], num / den, 1e-12, `beta ${beta}, step ${t + 1}`);
      }
    }
    assertEquals(smoothLosses([1, 0], 0.9)[0], 1); // the first point is the first loss
    assertAlmostEquals(smoothLosses([1, 0], 0.9)[1], 0.9 / 1.9, 1e-15);
    assertEquals(smoothLosses([2.5, 2.5, 2.5, 2.5], 0.95), [2.5, 2.5, 2.5, 2.5]);
  },
});

Deno.test({
  name: "smoothLosses() refuses a factor outside [0, 1)",
  timeout: 10_000,
  fn() {
    for (const beta of [1, -0.1, 1.5, NaN]) {
      assertThrows(() => smoothLosses([1], beta), RangeError, "at least 0 and below 1");
    }
    assertThrows(() => lossCurveSvg([1, 2], { smoothing: 1 }), RangeError, "got 1");
  },
});

Deno.test({
  name: "lossCurveSvg() makes a standalone SVG with a title, labelled axes, two lines and a legend",
  timeout: 10_000,
  fn() {
    const losses = run(200);
    const svg = lossCurveSvg(losses, { title: "Kata 10: <names> & more" });
    assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"'));
    assert(svg.endsWith("</svg>\n"));
    assertBalancedTags(svg);
    assertStringIncludes(svg, "<title>Kata 10: &lt;names&gt; &amp; more</title>");
    assertStringIncludes(svg, ">step</text>");
    assertStringIncludes(svg, ">loss</text>");
    assertStringIncludes(svg, ">loss at each step</text>");
    assertStringIncludes(svg, `moving average (β = ${DEFAULT_SMOOTHING}, debiased)`);
    assertStringIncludes(svg, `200 steps, last loss ${losses[199].toFixed(4)}`);
    const [raw, smooth] = polylines(svg);
    assertEquals(raw.length, 200);
    assertEquals(smooth.length, 200);
    assertStringIncludes(svg, 'stroke-width="1"/>');
    assertStringIncludes(svg, "<title>");
  },
});

Deno.test({
  name: "lossCurveSvg() puts ticks at even steps covering every loss and every step",
  timeout: 10_000,
  fn() {
    const losses = run(1000);
    const { x, y } = tickLabels(lossCurveSvg(losses));
    assertEquals(x[0], 0);
    assertGreater(x[x.length - 1] + 1e-9, 1000);
    assertLess(Math.min(...y), Math.min(...losses) + 1e-9);
    assertGreater(Math.max(...y), Math.max(...losses) - 1e-9);
    for (const ticks of [x, y]) {
      assertGreater(ticks.length, 3);
      const gap = ticks[1] - ticks[0];
      for (let i = 1; i < ticks.length; i++) assertAlmostEquals(ticks[i] - ticks[i - 1], gap, 1e-9);
    }
  },
});

Deno.test({
  name: "lossCurveSvg() draws a higher loss higher up and a later step further right",
  timeout: 10_000,
  fn() {
    const losses = [3, 1, 2, 5, 4];
    const [raw] = polylines(lossCurveSvg(losses, { smoothing: 0 }));
    for (let i = 1; i < raw.length; i++) assertGreater(raw[i][0], raw[i - 1][0]);
    const byHeight = raw.map((p, i) => [p[1], losses[i]]).sort((a, b) => a[0] - b[0]);
    assertEquals(byHeight.map((p) => p[1]), [5, 4, 3, 2, 1]); // smallest y (top) first
  },
});

Deno.test({
  name: "lossCurveSvg() draws a single step as a dot",
  timeout: 10_000,
  fn() {
    const svg = lossCurveSvg([3.2958]);
    assertBalancedTags(svg);
    assertEquals(polylines(svg).length, 0);
    assertStringIncludes(svg, "<circle ");
    assertStringIncludes(svg, "1 step, last loss 3.2958, smoothed 3.2958");
  },
});

Deno.test({
  name: "lossCurveSvg() keeps 10,000 steps small and still shows a single spike",
  timeout: 10_000,
  fn() {
    const losses = run(10_000);
    losses[4321] = 9;
    const svg = lossCurveSvg(losses);
    assertLess(svg.length, 60_000);
    const [raw, smooth] = polylines(svg);
    assertLess(raw.length, MAX_RAW_POINTS + 1);
    assertLess(smooth.length, MAX_RAW_POINTS + 1);
    const top = Math.min(...raw.map((p) => p[1]));
    const spike = raw.find((p) => p[1] === top)!;
    assertAlmostEquals(spike[0], 72 + (4322 / 10_000) * (772 - 72), 0.1); // step 4322 on the x axis
    assertGreater(Math.max(...tickLabels(svg).y), 9 - 1e-9);
  },
});

Deno.test({
  name: "lossCurveSvg() refuses no losses and losses that are not finite",
  timeout: 10_000,
  fn() {
    assertThrows(() => lossCurveSvg([]), RangeError, "Cannot plot an empty list of losses");
    assertThrows(
      () => lossCurveSvg([3, 2.5, 2.4, NaN]),
      RangeError,
      "Cannot plot the loss at step 4: it is NaN; every loss must be a finite number",
    );
    assertThrows(() => lossCurveSvg([Infinity]), RangeError, "step 1: it is Infinity");
    assertThrows(() => terminalChart([1, -Infinity]), RangeError, "step 2: it is -Infinity");
    assertThrows(() => terminalChart([]), RangeError, "empty");
  },
});

Deno.test({
  name: "terminalChart() draws one column per stretch of steps, labelled, in the size asked",
  timeout: 10_000,
  fn() {
    const losses = run(1000);
    const chart = terminalChart(losses, { width: 50, height: 8 });
    const lines = chart.split("\n");
    assertEquals(lines.length, 1 + 8 + 2); // heading, rows, axis, step labels
    assertEquals(lines[0], "loss, mean of each 20 steps");
    const rows = lines.slice(1, 9);
    const pad = rows[0].indexOf("┤");
    for (const row of rows) assertLess(row.length, pad + 2 + 50);
    assertEquals(lines[9], " ".repeat(pad) + "└" + "─".repeat(50));
    assertEquals(lines[10].trim(), `1${" ".repeat(45)}1000 (step)`);
    assert(/^[ ▁▂▃▄▅▆▇█]*$/.test(rows.map((r) => r.slice(pad + 1)).join("")));
    // The labels are the highest and lowest column means
    const means = Array.from({ length: 50 }, (_, c) => {
      const part = losses.slice(c * 20, c * 20 + 20);
      return part.reduce((s, x) => s + x, 0) / part.length;
    });
    assertEquals(rows[0].slice(0, pad - 1).trim(), Math.max(...means).toFixed(4));
    assertEquals(rows[7].slice(0, pad - 1).trim(), Math.min(...means).toFixed(4));
  },
});

Deno.test({
  name: "terminalChart() makes a falling loss a falling chart",
  timeout: 10_000,
  fn() {
    const losses = Array.from({ length: 16 }, (_, i) => 16 - i);
    const rows = terminalChart(losses, { width: 16, height: 4 }).split("\n").slice(1, 5);
    const pad = rows[0].indexOf("┤") + 1;
    const height = (col: number) =>
      rows.reduce((h, row) => h + Math.max(0, " ▁▂▃▄▅▆▇█".indexOf(row[pad + col] ?? " ")), 0);
    assertEquals(height(0), 32); // the highest mean fills every row
    assertEquals(height(15), 1); // the lowest is one eighth of a row
    for (let c = 1; c < 16; c++) assertLess(height(c), height(c - 1));
  },
});

Deno.test({
  name: "terminalChart() handles one step, fewer steps than columns, and a flat run",
  timeout: 10_000,
  fn() {
    assertEquals(terminalChart([3.3], { height: 4 }).split("\n"), [
      "loss",
      "       │",
      "       │",
      "       │█",
      "3.3000 ┤█",
      "       └─",
      "        1 (step)",
    ]);
    const few = terminalChart([3, 2.5, 2.75, 2], { width: 60, height: 2 }).split("\n");
    assertEquals(few, [
      "loss",
      "3.0000 ┤█▁▄",
      "2.0000 ┤███▁",
      "       └────",
      "        1  4 (step)",
    ]);
    const flat = terminalChart([2, 2, 2], { height: 2 }).split("\n");
    assertEquals(flat.slice(1, 3), ["       │", "2.0000 ┤███"]);
  },
});

Deno.test({
  name: "terminalChart() refuses a size that is not a whole number of at least 1",
  timeout: 10_000,
  fn() {
    assertThrows(
      () => terminalChart([1], { width: 0 }),
      RangeError,
      "width must be a whole number",
    );
    assertThrows(() => terminalChart([1], { height: 2.5 }), RangeError, "height");
  },
});
