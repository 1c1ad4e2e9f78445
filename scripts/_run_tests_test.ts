// Tests of the kata runner: learner code broken in every way it can be, in a
// temporary copy of the repository, one batch for all of them.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { type KataRun, runKata, runKatas } from "./_run_tests.ts";
import { compileProblems } from "./_compile_errors.ts";
import { explain } from "./_test_report.ts";
import { copyRepository, edit, kata, solve } from "./_progress_fixture.ts";
import type { KataId } from "../lib/katas.ts";
import { allBut } from "./import_map.ts";

Deno.test("explain() turns a failure into one line a learner can act on", () => {
  assertEquals(
    explain("NotWrittenYet: Value.mul is not written yet: see katas/01/README.md"),
    "Value.mul is not written yet: see katas/01/README.md",
  );
  assertEquals(
    explain(
      "AssertionError: Values are not equal.",
      "AssertionError: Values are not equal.\n\n    [Diff] Actual / Expected\n\n-   12\n+   15\n",
    ),
    "Values are not equal: got 12, expected 15",
  );
  assertMatch(
    explain(
      'NotCapable: Requires read access to "/etc/passwd", run again with the --allow-read flag',
    ),
    /^Your code tried to read "\/etc\/passwd": kata code runs without permissions/,
  );
  assertMatch(
    explain(
      'NotCapable: Requires net access to "example.com:443", run again with the --allow-net flag',
    ),
    /^Your code tried to use the network \("example.com:443"\)/,
  );
  assertMatch(
    explain("Error: Test case attempted to exit with exit code: 3"),
    /^Your code called Deno.exit\(3\)/,
  );
  assertMatch(explain('"a string"'), /^Your code threw "a string", which is not an Error/);
  assertMatch(explain("42"), /^Your code threw 42, which is not an Error/);
  assertMatch(explain("{ code: 7 }"), /^Your code threw \{ code: 7 \}, which is not an Error/);
  assertMatch(explain("undefined"), /^Your code threw undefined/);
  assertMatch(explain("Timed out after 10000ms"), /^Did not finish within 10 s/);
  assertMatch(explain("RangeError: Maximum call stack size exceeded"), /use a loop/);
  assertEquals(explain("TypeError: x is not a function"), "TypeError: x is not a function");
  assertEquals(explain("AssertionError: Expected x to be 1"), "Expected x to be 1");
});

Deno.test("compileProblems() reads the compiler's errors, each with its place and kata", () => {
  const root = "/repo";
  const output = [
    "Check katas/03/backward_test.ts",
    "TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.",
    '  root.grad = "1";',
    "  ~~~~~~~~~",
    "    at file:///repo/katas/03/backward.ts:15:3",
    "",
    "TS2307 [ERROR]: Cannot find module 'file:///repo/katas/04/nothere.ts'.",
    "    at file:///repo/katas/07/gpt.ts:5:8",
    "",
    "Found 2 errors.",
    "",
    "error: Type checking failed.",
  ].join("\n");
  const problems = compileProblems(output, root);
  assertEquals(problems.map((p) => [p.message, p.where, p.mentions]), [
    [
      "Type 'string' is not assignable to type 'number'. (TS2322)",
      "katas/03/backward.ts:15",
      ["katas/03"],
    ],
    [
      "Cannot find module 'file:///repo/katas/04/nothere.ts'. (TS2307)",
      "katas/07/gpt.ts:5",
      ["katas/04", "katas/07"],
    ],
  ]);
  const syntax = compileProblems(
    "error: The module's source code could not be parsed: Expected ',', got '{' at " +
      "file:///repo/katas/04/layers.ts:85:26\n\n  export function broken( {\n",
    root,
  );
  assertEquals(syntax.length, 1);
  assertEquals(syntax[0].mentions, ["katas/04"]);
});

/** Each kata broken its own way; what the runner must make of it. */
const BROKEN: Record<string, { change: (text: string) => string; file: string }> = {
  // A recursion without end in one method: those tests fail, the others pass
  "01": {
    file: "value.ts",
    change: (t) =>
      t.replace(
        "    const positive = this.data > 0;",
        "    if (this.data === this.data) return this.relu();\n    const positive = this.data > 0;",
      ),
  },
  // An endless loop: the whole kata times out, naming the test that hung
  "02": {
    file: "topological_order.ts",
    change: (t) =>
      t.replace(
        "  const mark = {};",
        "  const mark = {};\n  while (root.data === root.data) { /* spin */ }",
      ),
  },
  // A thrown string
  "03": {
    file: "backward.ts",
    change: (t) =>
      t.replace(
        "  const order = topologicalOrder(root);",
        '  if (root.data === root.data) throw "nope";\n  const order = topologicalOrder(root);',
      ),
  },
  // A syntax error
  "04": { file: "layers.ts", change: (t) => t + "\nexport function broken( {\n" },
  // A type error
  "05": { file: "tokenizer.ts", change: (t) => t + '\nexport const oops: number = "one";\n' },
  // A promise rejected with nobody waiting for it
  "06": {
    file: "attention.ts",
    change: (t) =>
      t.replace(
        "  const headDim = q.length;",
        '  Promise.reject(new Error("nobody waits"));\n  const headDim = q.length;',
      ),
  },
  // An error thrown while the module loads
  "07": { file: "gpt.ts", change: (t) => t + '\nthrow new Error("boom at load");\n' },
  // A flood of output from correct code
  "08": {
    file: "loss.ts",
    change: (t) =>
      t.replace(
        "  const probs = softmax(logits);",
        '  for (let i = 0; i < 2000; i++) console.log("flood " + i);\n  const probs = softmax(logits);',
      ),
  },
  // An attempt to read a file
  "09": {
    file: "adam.ts",
    change: (t) =>
      t.replace(
        "    const { learningRate = 0.01,",
        '    Deno.readTextFileSync("/etc/hostname");\n    const { learningRate = 0.01,',
      ),
  },
  // A call to Deno.exit
  "10": {
    file: "train.ts",
    change: (t) =>
      t.replace(
        "  const { numSteps, stopAfter = numSteps, onStep, learningRate } = options;",
        "  if (docs.length >= 0) Deno.exit(3);\n" +
          "  const { numSteps, stopAfter = numSteps, onStep, learningRate } = options;",
      ),
  },
};

/** The line of `path` in `root` that contains `text`, counting from 1. */
async function lineOf(root: string, path: string, text: string): Promise<number> {
  const lines = (await Deno.readTextFile(`${root}/${path}`)).split("\n");
  return lines.findIndex((l) => l.includes(text)) + 1;
}

Deno.test({
  name: "runKatas() reports each kind of broken code as that kata's state and judges the others",
  timeout: 120_000,
  async fn() {
    const root = await copyRepository();
    try {
      const ids = Object.keys(BROKEN) as KataId[];
      await solve(root, ids);
      for (const id of ids) await edit(root, `katas/${id}/${BROKEN[id].file}`, BROKEN[id].change);
      const katas = [...ids, "11" as const].map(kata);
      const runs = await runKatas(katas, { root, judge: "standalone", timeoutMs: 2500, jobs: 2 });
      const run = (id: KataId): KataRun => runs.get(id)!;
      const failing = (id: KataId) => run(id).tests.filter((t) => t.status !== "passed");

      assertEquals(run("01").state, "ran");
      assert(failing("01").length > 0 && failing("01").length < run("01").tests.length);
      for (const t of failing("01")) assertMatch(t.message, /Maximum call stack size exceeded/);

      assertEquals(run("02").state, "timeout");
      assertMatch(run("02").error, /^Did not finish within 2.5 s/);
      assertEquals(run("02").where, run("02").tests.at(-1)?.name);

      assertEquals(run("03").state, "ran");
      assertMatch(failing("03")[0].message, /^Your code threw "nope", which is not an Error/);
      assertEquals(failing("03")[0].where, ""); // a string has no stack: hence "throw an Error"

      assertEquals(run("04").state, "compile-error");
      assertEquals(run("04").where.split(":")[0], "katas/04/layers.ts");

      assertEquals(run("05").state, "compile-error");
      assertMatch(run("05").error, /TS2322/);
      assertEquals(
        run("05").where,
        `katas/05/tokenizer.ts:${await lineOf(root, "katas/05/tokenizer.ts", "oops")}`,
      );

      assertEquals(run("06").state, "crashed");
      assertMatch(run("06").error, /nobody waits.*a promise rejected/);

      assertEquals(run("07").state, "crashed");
      assertMatch(run("07").error, /boom at load.*while loading the module/);

      assertEquals(run("08").state, "ran");
      assertEquals(failing("08"), []);
      assert(
        run("08").output.length < 80_000,
        `output kept: ${run("08").output.length} characters`,
      );
      assertStringIncludes(run("08").output, "characters of output left out");

      assertEquals(run("09").state, "ran");
      assertMatch(failing("09")[0].message, /^Your code tried to read "\/etc\/hostname"/);

      assertEquals(run("10").state, "ran");
      assertMatch(failing("10")[0].message, /^Your code called Deno.exit\(3\)/);

      assertEquals(run("11").state, "ran");
      assert(run("11").tests.length > 0);
      assert(run("11").tests.every((t) => t.status === "failed" && t.notWrittenYet));

      // One kata alone, as the maintainers' stub proof runs it, agrees with the batch
      const alone = await runKata(kata("06"), { root, references: allBut("06"), timeoutMs: 5000 });
      assertEquals(alone.state, "crashed");
      assertEquals(alone.error, run("06").error);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
