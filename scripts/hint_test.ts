// Tests of `deno task hint`: one more hint each time, counted in .cache/, never in katas/.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { hint } from "./hint.ts";
import { PLAIN } from "./_progress_ui.ts";
import { join } from "./_path.ts";
import { KATAS } from "../lib/katas.ts";

const kata03 = KATAS.find((k) => k.id === "03")!;

Deno.test("hint() gives one more hint each time, then says they are all seen", async () => {
  const root = await Deno.makeTempDir({ prefix: "katas-hint-" });
  try {
    const n = kata03.hints.length;
    for (let k = 1; k <= n; k++) {
      const { text, error } = await hint(root, { id: "03" }, PLAIN);
      assertEquals(error, false);
      assertStringIncludes(text, `Hint ${k} of ${n} for kata 03 (${kata03.title}):`);
      assertStringIncludes(text, kata03.hints[k - 1].split(" ").slice(0, 4).join(" "));
      if (k < n) assertStringIncludes(text, "Another one, closer to the answer: deno task hint 03");
      else assertStringIncludes(text, "That was the last hint. Then: deno task compare 03");
    }
    const counts = JSON.parse(await Deno.readTextFile(join(root, ".cache", "hints.json")));
    assertEquals(counts, { "03": n });
    const after = await hint(root, { id: "3" }, PLAIN);
    assertStringIncludes(after.text, `You have seen all ${n} hints for kata 03`);
    assertStringIncludes(after.text, "deno task compare 03");

    const again = await hint(root, { id: "03", again: true }, PLAIN);
    for (let k = 1; k <= n; k++) assertStringIncludes(again.text, `Hint ${k} of ${n}`);

    await hint(root, { id: "03", reset: true }, PLAIN);
    const first = await hint(root, { id: "03" }, PLAIN);
    assertStringIncludes(first.text, `Hint 1 of ${n}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("hint() without a kata uses the one check-progress pointed at, and says so if none", async () => {
  const root = await Deno.makeTempDir({ prefix: "katas-hint-" });
  try {
    const none = await hint(root, {}, PLAIN);
    assert(none.error);
    assertMatch(none.text, /^Which kata\? For example: deno task hint 03/);
    await Deno.mkdir(join(root, ".cache"));
    await Deno.writeTextFile(
      join(root, ".cache", "progress.json"),
      JSON.stringify({ next: { kata: "05" } }),
    );
    const next = await hint(root, {}, PLAIN);
    assertStringIncludes(next.text, "Hint 1 of");
    assertStringIncludes(next.text, "for kata 05");
    const wrong = await hint(root, { id: "42" }, PLAIN);
    assert(wrong.error);
    assertEquals(wrong.text, "There is no kata 42: the katas are 01 to 12");
    // A broken counts file is read as no hints seen
    await Deno.writeTextFile(join(root, ".cache", "hints.json"), "{not json");
    assertStringIncludes((await hint(root, { id: "01" }, PLAIN)).text, "Hint 1 of");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("hint() asked twice at once (watch's h key pressed twice) fails neither call", async () => {
  const root = await Deno.makeTempDir({ prefix: "katas-hint-" });
  try {
    const results = await Promise.allSettled([1, 2, 3].map(() => hint(root, { id: "03" }, PLAIN)));
    assertEquals(results.map((r) => r.status), ["fulfilled", "fulfilled", "fulfilled"]);
    const counts = JSON.parse(await Deno.readTextFile(join(root, ".cache", "hints.json")));
    assert(counts["03"] >= 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
