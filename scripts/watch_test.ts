// Tests of `deno task watch`: a change under katas/ shows the kata again, by
// file events or by polling; a touch that changes no content does not.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { Watch } from "./watch.ts";
import { copyRepository, solve } from "./_progress_fixture.ts";
import { PLAIN } from "./_progress_ui.ts";
import { join } from "./_path.ts";

/** Waits until `ready()` holds, checking every 50 ms, for at most `ms`. */
async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const poll of [true, false]) {
  Deno.test({
    name: `Watch shows the kata again when a file changes (${poll ? "polling" : "file events"})`,
    timeout: 90_000,
    async fn() {
      const root = await copyRepository();
      const screens: string[] = [];
      const controller = new AbortController();
      const watch = new Watch({
        root,
        id: "03",
        poll,
        // Events only, when not polling: the poll comes too late to matter
        intervalMs: poll ? 100 : 60_000,
        write: (text) => screens.push(text),
        style: PLAIN,
        signal: controller.signal,
      });
      const running = watch.run();
      try {
        await until(() => screens.length === 1, 60_000, "the first screen");
        assertStringIncludes(screens[0], "Kata 03: Backward: the chain rule");
        assertStringIncludes(screens[0], "backward is not written yet");
        assertStringIncludes(screens[0], "watching katas/ for changes");

        if (poll) {
          // A touch that changes no file's content shows nothing new
          const file = join(root, "katas", "03", "backward.ts");
          await Deno.utime(file, new Date(), new Date(Date.now() + 5000));
          await new Promise((resolve) => setTimeout(resolve, 600));
          assertEquals(screens.length, 1);
        }

        await solve(root, ["01", "02", "03"]);
        await until(() => screens.some((s) => s.includes("Kata 03 is done!")), 60_000, "done");
        const last = screens.at(-1)!;
        assertStringIncludes(last, "Press n for kata 04");
        assert(!last.includes("\x1b["), "no colour in a plain style");
      } finally {
        controller.abort();
        await running;
        await Deno.remove(root, { recursive: true });
      }
    },
  });
}

Deno.test("Watch's h key shows why a hint could not be given, and keeps watching", async () => {
  const root = await Deno.makeTempDir({ prefix: "katas-watch-" });
  try {
    await Deno.writeTextFile(join(root, ".cache"), "a file where the cache folder should be");
    const screens: string[] = [];
    const watch = new Watch({
      root,
      id: "03",
      write: (text) => screens.push(text),
      style: PLAIN,
      signal: new AbortController().signal,
    });
    await watch.hint();
    assertEquals(screens.length, 1);
    assertStringIncludes(screens[0], "could not");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
