// Tests of `deno task check-progress`, in one temporary copy of the repository
// taken from a fresh clone's state to every kata solved and then to a mix.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { copyRepository, edit, solve, unsolve } from "./_progress_fixture.ts";
import { judgeProgress, type KataProgress, type ProgressReport } from "./_kata_progress.ts";
import { detectStyle, paint, PLAIN, renderKata, renderReport } from "./_progress_ui.ts";
import { parseCommandLine, parseKataId } from "./check_progress.ts";
import { join } from "./_path.ts";
import { sha256 } from "./stub_manifest.ts";
import { KATAS } from "../lib/katas.ts";

/** Runs the task's command in the copy at `root`, as a learner would, piped. */
async function checkProgress(root: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read=.",
      "--allow-write=.cache",
      "--allow-run",
      "scripts/check_progress.ts",
      ...args,
    ],
    cwd: root,
    env: { NO_COLOR: "", RUST_BACKTRACE: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** A fingerprint of every file under `katas/`. */
async function katasFingerprint(root: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(join(root, dir))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else lines.push(`${path} ${await sha256(await Deno.readFile(join(root, path)))}`);
    }
  };
  await walk("katas");
  return lines.sort().join("\n");
}

const byId = (report: ProgressReport) =>
  Object.fromEntries(report.katas.map((k) => [k.id, k])) as Record<string, KataProgress>;

/** The fields of a kata in `--json`, as scripts/check_progress.ts documents them. */
const KATA_FIELDS = [
  "bonus",
  "blockedBy",
  "changedTests",
  "error",
  "files",
  "id",
  "lesson",
  "passed",
  "state",
  "tests",
  "title",
  "total",
  "where",
  "withYourKatas",
].sort();

Deno.test("parseKataId() and parseCommandLine() read what a learner may type", () => {
  assertEquals(["3", "03", "katas/03", "katas/03/", "./katas/03"].map(parseKataId), [
    "03",
    "03",
    "03",
    "03",
    "03",
  ]);
  assertEquals(parseKataId("13"), undefined);
  assertEquals(parseKataId("x"), undefined);
  const ok = parseCommandLine(["3", "--standalone", "--timeout=2.5"]);
  assert(ok.ok);
  assertEquals([ok.id, ok.standalone, ok.json, ok.timeoutMs], ["03", true, false, 2500]);
  const bad = parseCommandLine(["--timeout=0"]);
  assert(!bad.ok);
  assertMatch(bad.message, /--timeout takes a number of seconds greater than 0: got 0/);
  const unknown = parseCommandLine(["99"]);
  assert(!unknown.ok);
  assertMatch(unknown.message, /There is no kata 99: the katas are 01 to 12/);
  const flag = parseCommandLine(["--colour"]);
  assert(!flag.ok);
  assertMatch(flag.message, /Unknown option --colour/);
});

Deno.test("detectStyle() colours only a terminal, and never when NO_COLOR is set", () => {
  assertEquals(detectStyle({ isTerminal: () => false }).color, false);
  assertEquals(detectStyle({ isTerminal: () => false }).width, 100);
  assertEquals(detectStyle({ isTerminal: () => true }).color, !Deno.noColor);
  assertEquals(paint(PLAIN, "red", "x"), "x");
  assertEquals(paint({ color: true, width: 80 }, "red", "x"), "\x1b[31mx\x1b[39m");
});

Deno.test({
  name: "check-progress on a fresh clone, with every kata solved, and with a mix of states",
  timeout: 240_000,
  async fn(t) {
    const root = await copyRepository({ scripts: true });
    try {
      // A fresh clone: 0 of 11, every kata not started, "Next:" is kata 01
      const before = await katasFingerprint(root);
      const plain = await checkProgress(root);
      assertEquals(plain.code, 0, plain.stderr);
      assert(!plain.stdout.includes("\x1b["), "no colour when piped");
      assertStringIncludes(plain.stdout, "0 of 11");
      assertStringIncludes(plain.stdout, "Next: kata 01, Value: a number that remembers");
      assertStringIncludes(plain.stdout, "Run:   deno test katas/01");
      assertStringIncludes(plain.stdout, "deno task hint 01");
      assertStringIncludes(plain.stdout, "Bonus");

      const json = await checkProgress(root, "--json");
      const report: ProgressReport = JSON.parse(json.stdout);
      assertEquals(report.version, 1);
      assertEquals(report.summary.done, 0);
      assertEquals(report.summary.katas, 11);
      assertEquals(report.summary.testsPassed, 0);
      assert(report.summary.tests > 100);
      assertEquals(report.summary.bonusDone, false);
      assertEquals(report.katas.map((k) => k.id), KATAS.map((k) => k.id));
      assertEquals(report.katas.map((k) => k.state), KATAS.map(() => "not-started"));
      assertEquals(Object.keys(report.katas[0]).sort(), KATA_FIELDS);
      assertEquals(report.katas[11].bonus, true);
      assertEquals(report.next?.kata, "01");
      assertEquals(report.next?.command, "deno test katas/01");
      assertEquals(report.next?.hint, "deno task hint 01");
      assertMatch(report.next?.message ?? "", /is not written yet: see katas\/01\/README.md/);
      assertEquals(await katasFingerprint(root), before, "the checker never writes into katas/");

      const detail = await checkProgress(root, "03");
      assertStringIncludes(detail.stdout, "Kata 03: Backward: the chain rule");
      assertStringIncludes(detail.stdout, "Edit:   katas/03/backward.ts");
      assertStringIncludes(detail.stdout, "backward is not written yet");

      await t.step("every solution over the stubs: 11 of 11, the bonus shown apart", async () => {
        await solve(root, KATAS.map((k) => k.id));
        const solved = await judgeProgress({ root });
        assertEquals(solved.summary.done, 11);
        assertEquals(solved.summary.testsPassed, solved.summary.tests);
        assertEquals(solved.summary.bonusDone, true);
        assertEquals(solved.next, null);
        assert(solved.katas.every((k) => k.state === "done"));
        const text = renderReport(solved, PLAIN);
        assertStringIncludes(text, "11 of 11");
        assertStringIncludes(text, "Every kata is done, the bonus too.");

        // The bonus left: 11 of 11, then "Next:" points at it
        await unsolve(root, ["12"]);
        const bonusLeft = await judgeProgress({ root });
        assertEquals(bonusLeft.summary.done, 11);
        assertEquals(bonusLeft.next?.kata, "12");
        assertStringIncludes(renderReport(bonusLeft, PLAIN), "All 11 katas are done.");
      });

      await t.step(
        "a mix: done, k of n, blocked, does not compile, missing, test changed",
        async () => {
          await edit(root, "katas/04/layers.ts", (s) => s.replace("ms.add(1e-5)", "ms.add(1e-3)"));
          await edit(
            root,
            "katas/05/tokenizer.ts",
            (s) => s + '\nexport const oops: number = "one";\n',
          );
          await Deno.remove(join(root, "katas/11/sample.ts"));
          await Deno.rename(join(root, "katas/12/fast.ts"), join(root, "katas/12/fast_engine.ts"));
          await edit(root, "katas/09/adam_test.ts", (s) => s + "\n// changed by the learner\n");
          await unsolve(root, ["10"]);
          const report = await judgeProgress({ root });
          const k = byId(report);
          assertEquals(
            Object.fromEntries(report.katas.map((x) => [x.id, x.state])),
            {
              "01": "done",
              "02": "done",
              "03": "done",
              "04": "partial",
              "05": "compile-error",
              "06": "done", // attention uses softmax and sum, not rmsnorm
              "07": "blocked",
              "08": "blocked",
              "09": "done",
              "10": "not-started",
              "11": "missing",
              "12": "missing",
            },
          );
          assert(k["04"].passed > 0 && k["04"].passed < k["04"].total);
          assertEquals(k["05"].where, "katas/05/tokenizer.ts:" + await lineOf(root, "oops"));
          assertMatch(k["05"].error ?? "", /TS2322/);
          assertEquals([k["07"].blockedBy, k["08"].blockedBy], ["04", "04"]);
          assertEquals(k["07"].passed, k["07"].total);
          assertEquals(k["07"].withYourKatas?.state, "partial");
          assertEquals(k["06"].withYourKatas?.state, "done");
          assertEquals(k["11"].error, "kata 11's file katas/11/sample.ts is missing");
          assertEquals(
            k["12"].error,
            "kata 12's file katas/12/fast.ts is missing (is katas/12/fast_engine.ts it, renamed? " +
              "The tests import fast.ts)",
          );
          assertEquals(k["09"].changedTests, ["katas/09/adam_test.ts"]);
          assertEquals(report.summary.done, 5);
          assertEquals(report.next?.kata, "04");
          assertMatch(report.next?.test ?? "", /^rmsnorm\(\)/);

          const text = renderReport(report, PLAIN);
          assertStringIncludes(text, `04  Neural layers`);
          assertMatch(text, /\n▶ 04 {2}Neural layers +… \d+ of \d+ tests/);
          assertMatch(text, /07 {2}The GPT forward pass +⧗ blocked by 04/);
          assertMatch(text, /05 .*does not compile: katas\/05\/tokenizer.ts:\d+ /);
          assertMatch(text, /11 .*kata 11's file katas\/11\/sample.ts is missing/);
          assertStringIncludes(text, "deno task reset 09 --tests");
          assertStringIncludes(text, "Next: kata 04, Neural layers");

          const detail = renderKata(report, "07", PLAIN);
          assertStringIncludes(detail, "With your own earlier katas instead of the reference ones");
          assertStringIncludes(detail, "So kata 07 is blocked by 04");

          // --standalone: each kata with the reference versions of what it builds on
          const standalone = await judgeProgress({ root, standalone: true });
          assertEquals(byId(standalone)["07"].state, "done");
          assertEquals(byId(standalone)["07"].withYourKatas, null);

          // One kata in detail judges it and the katas it builds on
          const one = await judgeProgress({ root, only: ["07"] });
          assertEquals(one.katas.map((x) => x.id), ["01", "04", "06", "07"]);
          assertEquals(one.next?.kata, "04");
          const oneStandalone = await judgeProgress({ root, only: ["07"], standalone: true });
          assertEquals(oneStandalone.next, null);

          // A kata folder not there at all
          await Deno.remove(join(root, "katas/10"), { recursive: true });
          const gone = await judgeProgress({ root, only: ["10"] });
          assertEquals(byId(gone)["10"].state, "missing");
          assertEquals(byId(gone)["10"].error, "kata 10's folder katas/10 is missing");
        },
      );
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

async function lineOf(root: string, text: string): Promise<number> {
  const lines = (await Deno.readTextFile(join(root, "katas/05/tokenizer.ts"))).split("\n");
  return lines.findIndex((l) => l.includes(text)) + 1;
}

Deno.test({
  name: "a kata whose tests pass with the reference but not with the learner's done katas is " +
    "blocked by the one that breaks it",
  timeout: 120_000,
  async fn() {
    const root = await copyRepository();
    try {
      await solve(root, ["01", "02"]);
      // A Value that keeps only its first mark: kata 01's tests cannot see it; kata 02's can,
      // when topologicalOrder runs twice over the same graph
      await edit(root, "katas/01/value.ts", (s) =>
        s.replace(
          "  mark: object | undefined = undefined;",
          "  #mark: object | undefined = undefined;\n" +
            "  get mark(): object | undefined {\n    return this.#mark;\n  }\n" +
            "  set mark(m: object | undefined) {\n    this.#mark ??= m;\n  }",
        ));
      const report = await judgeProgress({ root, only: ["02"] });
      const k = byId(report);
      assertEquals(k["01"].state, "done");
      assertEquals(k["02"].state, "blocked");
      assertEquals(k["02"].blockedBy, "01");
      assertMatch(
        k["02"].withYourKatas?.tests.find((t) => t.status !== "passed")?.name ?? "",
        /twice/,
      );
      assertStringIncludes(
        renderReport(report, PLAIN),
        "It passes with the reference kata 01, not with yours, though yours passes its own tests",
      );
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
