/**
 * Opens the loss curve's SVG in headless Chromium (Debian's `chromium`) and
 * checks the screenshot: both lines are drawn, in their colours, and the
 * smoothed line falls from left to right as the loss does.
 *
 * Where Chromium is not installed, or may not be run, the test is skipped
 * and says why; with `REQUIRE_BROWSER=1` in the environment (CI sets it) a
 * skip is a failure instead. Permissions:
 * `--allow-run=/usr/bin/chromium --allow-read=.cache --allow-write=.cache
 * --allow-env=REQUIRE_BROWSER` (the files go to a fresh folder under `.cache/`).
 *
 * @module
 */

import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import { lossCurveSvg } from "./_plot.ts";
import { fromFileUrl, join, toFileUrl } from "./_path.ts";
import { Random } from "../lib/random.ts";

const CHROMIUM = "/usr/bin/chromium";
const CACHE = fromFileUrl(new URL("../.cache/", import.meta.url));

/** The colours `lossCurveSvg` draws its lines in: the raw loss and the moving average. */
const RAW = [0x9e, 0xca, 0xe1];
const SMOOTH = [0x08, 0x51, 0x9c];

/** True when the environment asks for the browser test to run (CI). */
function browserRequired(): boolean {
  const env = Deno.permissions.querySync({ name: "env", variable: "REQUIRE_BROWSER" });
  return env.state === "granted" && Deno.env.get("REQUIRE_BROWSER") === "1";
}

/** Why Chromium cannot be used here, or `undefined` when it can. */
async function whyNoBrowser(): Promise<string | undefined> {
  const run = await Deno.permissions.query({ name: "run", command: CHROMIUM });
  if (run.state !== "granted") return `no permission to run ${CHROMIUM} (--allow-run=${CHROMIUM})`;
  try {
    const { success } = await new Deno.Command(CHROMIUM, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).output();
    return success ? undefined : `${CHROMIUM} --version failed`;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      return `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;
    }
    throw err;
  }
}

const missing = await whyNoBrowser();
const required = browserRequired();
if (missing !== undefined && !required) {
  console.log(
    `Skipping the browser test: ${missing}. Set REQUIRE_BROWSER=1 to make this a failure.`,
  );
}

/** A decoded PNG: its size and 8-bit RGB pixels, row by row. */
interface Image {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA PNG without interlacing (what Chromium's screenshots are). */
async function decodePng(bytes: Uint8Array): Promise<Image> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assertEquals([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      assertEquals([depth, interlace], [8, 0], "an 8-bit PNG without interlacing");
      assert(colour === 2 || colour === 6, `PNG colour type ${colour} is not RGB or RGBA`);
      channels = colour === 2 ? 3 : 4;
    } else if (type === "IDAT") {
      idat.push(data);
    }
    at += 12 + length;
  }
  const zlib = new Blob(idat as BlobPart[]).stream().pipeThrough(
    new DecompressionStream("deflate"),
  );
  const raw = new Uint8Array(await new Response(zlib).arrayBuffer());
  // Undo each row's filter (PNG spec, section 9)
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + i] = (row[i] + predictor) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb.set(pixels.subarray(p * channels, p * channels + 3), p * 3);
  }
  return { width, height, rgb };
}

/** The pixels within `tolerance` of `colour`, as [x, y]. */
function pixelsOf(image: Image, colour: number[], tolerance = 12): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < image.width * image.height; p++) {
    const d = Math.abs(image.rgb[p * 3] - colour[0]) + Math.abs(image.rgb[p * 3 + 1] - colour[1]) +
      Math.abs(image.rgb[p * 3 + 2] - colour[2]);
    if (d <= tolerance) out.push([p % image.width, Math.floor(p / image.width)]);
  }
  return out;
}

/** The mean of `ys`. */
function mean(ys: number[]): number {
  return ys.reduce((s, y) => s + y, 0) / ys.length;
}

Deno.test({
  name: missing === undefined
    ? "lossCurveSvg() renders in headless Chromium"
    : `lossCurveSvg() renders in headless Chromium (${
      required ? "required, but" : "skipped:"
    } ${missing})`,
  ignore: missing !== undefined && !required,
  timeout: 120_000,
  async fn() {
    if (missing !== undefined) throw new Error(`REQUIRE_BROWSER=1, but ${missing}`);
    await Deno.mkdir(CACHE, { recursive: true });
    const dir = await Deno.makeTempDir({ dir: CACHE, prefix: "plot_browser_" });
    try {
      // A falling, noisy run of 300 steps, like a short training run
      const rng = new Random(7);
      const losses = Array.from(
        { length: 300 },
        (_, i) => 2.3 + Math.exp(-i / 60) + (rng.random() - 0.5) * 0.6,
      );
      const svg = join(dir, "loss.svg");
      const png = join(dir, "loss.png");
      await Deno.writeTextFile(svg, lossCurveSvg(losses, { title: "Browser test" }));
      const result = await new Deno.Command(CHROMIUM, {
        args: [
          "--headless",
          "--no-sandbox", // needed as root
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking", // these keep it off the (closed) network
          "--disable-component-update",
          "--disable-sync",
          `--user-data-dir=${join(dir, "profile")}`,
          `--screenshot=${png}`,
          "--window-size=800,500",
          toFileUrl(svg).href,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(90_000),
      }).output();
      const log = new TextDecoder().decode(result.stderr).split("\n").slice(-10).join("\n");
      assert(result.success, `Chromium exited with code ${result.code}:\n${log}`);

      const image = await decodePng(await Deno.readFile(png));
      assertEquals([image.width, image.height], [800, 500]);
      // Not blank: many colours, and both lines in their own colours
      const colours = new Set<number>();
      for (let p = 0; p < image.width * image.height; p++) {
        colours.add((image.rgb[p * 3] << 16) | (image.rgb[p * 3 + 1] << 8) | image.rgb[p * 3 + 2]);
      }
      assertGreater(colours.size, 20);
      const raw = pixelsOf(image, RAW);
      const smooth = pixelsOf(image, SMOOTH);
      assertGreater(raw.length, 500, "the raw loss line is missing");
      assertGreater(smooth.length, 500, "the smoothed line is missing");
      // The smoothed line (inside the plot, below the legend) falls from left to right
      const plotted = smooth.filter(([, y]) => y > 64);
      const left = plotted.filter(([x]) => x < 200).map(([, y]) => y);
      const right = plotted.filter(([x]) => x > 650).map(([, y]) => y);
      assertGreater(left.length, 20);
      assertGreater(right.length, 20);
      assertLess(mean(left) + 50, mean(right), "the smoothed line does not fall");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
