// Tests of `deno task compare`: yours beside the reference, the source only once done.

import { assertEquals, assertStringIncludes } from "@std/assert";
import { compare, diffLines, sideBySide, unifiedDiff } from "./compare.ts";
import { copyRepository, edit, solve } from "./_progress_fixture.ts";
import { PLAIN } from "./_progress_ui.ts";
import type { TestOutcome } from "./_run_tests.ts";

const failing = (detail: string, message = ""): TestOutcome => ({
  name: "t",
  status: "failed",
  notWrittenYet: false,
  message,
  where: "",
  detail,
});

Deno.test("sideBySide() reads yours and the expected value from an assertion's message", () => {
  assertEquals(
    sideBySide(failing("Values are not equal.\n\n    [Diff] Actual / Expected\n\n-   3\n+   6\n")),
    ["3", "6"],
  );
  assertEquals(
    sideBySide(
      failing(
        "Expected gradients[0] to be 4.43 (within 0.000001): current value is 0.57, off by 3",
      ),
    ),
    ["0.57", "4.43 (within 0.000001)"],
  );
  assertEquals(
    sideBySide(failing('Expected actual: "1.5e+0" to be close to "1.2e+0": delta "3e-1"')),
    ["1.5", "1.2 (close to)"],
  );
  assertEquals(sideBySide({ ...failing(""), notWrittenYet: true }), ["not written yet", "passes"]);
  assertEquals(sideBySide(failing("TypeError: x is undefined", "TypeError: x is undefined")), [
    "TypeError: x is undefined",
    "passes",
  ]);
});

Deno.test("diffLines() and unifiedDiff() give the shortest line diff in hunks with context", () => {
  const a = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
  const b = ["a", "b", "c", "D", "e", "f", "g", "h", "i", "j", "k"];
  assertEquals(
    diffLines(["x", "y"], ["x", "z"]).map((op) => `${op.kind}${op.text}`),
    [" x", "-y", "+z"],
  );
  // Changes 6 lines apart share a hunk (3 lines of context each side)
  assertEquals(unifiedDiff(a.join("\n"), b.join("\n"), { from: "A", to: "B", style: PLAIN }), [
    "--- A",
    "+++ B",
    "@@ -1,10 +1,11 @@",
    " a",
    " b",
    " c",
    "-d",
    "+D",
    " e",
    " f",
    " g",
    " h",
    " i",
    " j",
    "+k",
  ]);
  // Further apart, two hunks
  const long = [...a, "k", "l", "m", "n"];
  const changed = long.map((line) => line === "b" || line === "m" ? line.toUpperCase() : line);
  assertEquals(
    unifiedDiff(long.join("\n"), changed.join("\n"), { from: "A", to: "B", style: PLAIN })
      .filter((line) => line.startsWith("@@")),
    ["@@ -1,5 +1,5 @@", "@@ -10,5 +10,5 @@"],
  );
});

Deno.test({
  name: "compare() shows the numbers side by side, and the source diff once done or with --spoil",
  timeout: 60_000,
  async fn() {
    const root = await copyRepository();
    try {
      await solve(root, ["03"]);
      await edit(
        root,
        "katas/03/backward.ts",
        (s) => s.replace("children[i].grad += localGrads[i]", "children[i].grad = localGrads[i]"),
      );
      const partial = await compare(root, { id: "03" }, PLAIN);
      assertEquals(partial.code, 0);
      assertStringIncludes(partial.text, "backward() sums both paths of a diamond");
      assertStringIncludes(partial.text, "      yours      3\n      reference  15");
      assertStringIncludes(partial.text, "deno task compare 03 --spoil");
      assertEquals(partial.text.includes("+++ reference"), false);

      const spoiled = await compare(root, { id: "03", spoil: true }, PLAIN);
      assertStringIncludes(spoiled.text, "--- yours      katas/03/backward.ts");
      assertStringIncludes(spoiled.text, "-      children[i].grad = localGrads[i] * node.grad;");
      assertStringIncludes(spoiled.text, "+      children[i].grad += localGrads[i] * node.grad;");

      await solve(root, ["03"]);
      const done = await compare(root, { id: "03" }, PLAIN);
      assertStringIncludes(done.text, "9 of 9 tests give the same outcome as the reference.");
      assertStringIncludes(done.text, "katas/03/backward.ts is the same as the reference");

      await Deno.remove(`${root}/katas/03/backward.ts`);
      const missing = await compare(root, { id: "03" }, PLAIN);
      assertEquals(missing.code, 1);
      assertStringIncludes(missing.text, "kata 03's file katas/03/backward.ts is missing");
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
