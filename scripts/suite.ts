/**
 * The maintainers' suite, `deno task test`:
 *
 * 1. every kata's tests against the reference solutions (an import map
 *    redirects imports made from kata files to `solutions/`);
 * 2. the tests of `lib/` and `scripts/` (and the examples in `lib/`'s docs);
 * 3. the stub proof: for each kata NN, every one of its tests fails when
 *    kata NN is its untouched stub and every other kata is the reference,
 *    so no kata starts out solved and every failure is kata NN's own.
 *
 * The stub proof needs untouched stubs: in a clone they are what `katas/`
 * holds. Where a learner has changed a kata's files (checked against the
 * stub manifest), that kata's proof is skipped, saying why; no file is ever
 * changed. Ends with one line: `N passed, M failed`.
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { type Kata, KATAS } from "../lib/katas.ts";
import { allBut, allKatas, ROOT, writeImportMap } from "./import_map.ts";
import { runKata } from "./_run_tests.ts";
import { changedFiles, readManifest } from "./stub_manifest.ts";
import { requireSupportedDeno } from "./_deno_version.ts";

requireSupportedDeno();

const args = parseArgs(Deno.args, { boolean: ["help"], string: ["only"] });
if (args.help) {
  console.log("Usage: deno task test [--only solutions|lib|stubs]");
  Deno.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;

/** Runs `deno test` with `args` in the repository, streaming its output; counts its summary. */
async function denoTest(title: string, testArgs: string[]): Promise<void> {
  console.log(`\n== ${title}\n`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--no-prompt", ...testArgs],
    cwd: ROOT,
    env: { RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let last = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    Deno.stdout.writeSync(new TextEncoder().encode(chunk));
    last = (last + chunk).slice(-2000);
  }
  const status = await child.status;
  // deno-lint-ignore no-control-regex
  const summary = last.replace(/\x1b\[[0-9;]*m/g, "").match(/(\d+) passed.*?\| (\d+) failed/);
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  if (!status.success && (!summary || Number(summary[2]) === 0)) {
    console.log(`${title}: deno test exited with code ${status.code} (counted as one failure)`);
    failed += 1;
  }
}

/** The stub proof for one kata; returns a line to print. */
async function proveStub(kata: Kata): Promise<string> {
  const manifest = await readManifest().catch(() => null);
  if (manifest === null) {
    failed += 1;
    return `- ${kata.id} FAILED: scripts/stub_manifest.json is missing or unreadable: run \`deno task stubs\``;
  }
  const changed = await changedFiles(kata, manifest);
  if (changed.length > 0) {
    skipped += 1;
    return `- ${kata.id} skipped: ${changed.join(", ")} differ from the untouched kata ` +
      `(this proof runs on a clean clone; your work is not touched)`;
  }
  const run = await runKata(kata, { root: ROOT, references: allBut(kata.id), timeoutMs: 120_000 });
  const expected = manifest.tests[kata.id] ?? [];
  const problems: string[] = [];
  if (run.state !== "ran") problems.push(`the stub run ${run.state}: ${run.error}`);
  for (const test of run.tests) {
    if (test.status === "passed") problems.push(`"${test.name}" passes on the untouched stub`);
    else if (!test.notWrittenYet) {
      problems.push(`"${test.name}" fails for another reason than a todo(): ${test.message}`);
    }
  }
  const names = run.tests.map((t) => t.name);
  if (JSON.stringify(names) !== JSON.stringify(expected)) {
    problems.push(
      `its tests are not the ones in the stub manifest (run \`deno task stubs\`): ` +
        `${names.length} run, ${expected.length} listed`,
    );
  }
  if (problems.length === 0) {
    passed += run.tests.length;
    return `- ${kata.id} ok: all ${run.tests.length} tests fail on the untouched stub, each at a todo()`;
  }
  failed += Math.max(problems.length, 1);
  return `- ${kata.id} FAILED:\n    ${problems.join("\n    ")}`;
}

const only = args.only;
if (!only || only === "solutions") {
  const map = await writeImportMap(allKatas());
  await denoTest("Kata tests against the reference solutions", [`--import-map=${map}`, "katas/"]);
}
if (!only || only === "lib") {
  await denoTest("Tests of lib/ and scripts/", [
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--allow-env",
    "--doc",
    "lib/",
    "scripts/",
  ]);
}
if (!only || only === "stubs") {
  console.log("\n== Stub proof: every test of kata NN fails on its untouched stub\n");
  const katas = [...KATAS];
  const lines: string[] = new Array(katas.length);
  // Two at a time: type-checking is the bulk of each run
  const workers = [0, 1].map(async () => {
    for (let kata = katas.shift(); kata; kata = katas.shift()) {
      lines[KATAS.indexOf(kata)] = await proveStub(kata);
    }
  });
  await Promise.all(workers);
  console.log(lines.join("\n"));
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
Deno.exit(failed > 0 ? 1 : 0);
