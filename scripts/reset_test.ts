// Tests of `deno task reset`: the untouched files come back, from git history
// even after the learner committed over them, and nothing is ever lost.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { reset } from "./reset.ts";
import { copyRepository, edit, solve } from "./_progress_fixture.ts";
import { join } from "./_path.ts";
import { readManifest, sha256 } from "./stub_manifest.ts";

async function git(root: string, ...args: string[]): Promise<void> {
  const output = await new Deno.Command("git", {
    args: ["-c", "user.name=Learner", "-c", "user.email=learner@example.com", ...args],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
}

async function hashOf(root: string, path: string): Promise<string> {
  return await sha256(await Deno.readFile(join(root, path)));
}

const NOW = new Date("2026-12-04T15:30:00.000Z");
const BACKUP = ".cache/backups/2026-12-04T15-30-00-000Z";

Deno.test({
  name: "reset() brings back the untouched stub from git history and keeps the learner's file",
  timeout: 60_000,
  async fn() {
    const root = await copyRepository();
    try {
      const manifest = await readManifest(root);
      const stub = "katas/03/backward.ts";
      await git(root, "init", "-q");
      await git(root, "add", ".");
      await git(root, "commit", "-q", "-m", "The course");
      // The learner's work, committed over the stub, then changed again
      await solve(root, ["03"]);
      await git(root, "commit", "-q", "-am", "My backward");
      await edit(root, stub, (s) => s + "\n// my latest idea\n");
      const mine = await Deno.readTextFile(join(root, stub));

      // Asked and declined: nothing changes; no one to ask: --yes is needed
      const declined = await reset(root, { id: "03", now: NOW, confirm: () => false });
      assertEquals(declined.code, 2);
      assertEquals(await Deno.readTextFile(join(root, stub)), mine);
      const unasked = await reset(root, { id: "03", now: NOW });
      assertEquals(unasked.code, 2);
      assertMatch(unasked.text, /add --yes/);

      let question = "";
      const result = await reset(root, {
        id: "3",
        now: NOW,
        confirm: (q) => (question = q, true),
      });
      assertEquals(result.code, 0, result.text);
      assertStringIncludes(question, "katas/03/backward.ts");
      assertStringIncludes(question, `Yours are kept in ${BACKUP}/`);
      assertEquals(await hashOf(root, stub), manifest.files[stub]);
      assertEquals(await Deno.readTextFile(join(root, BACKUP, stub)), mine);
      assertStringIncludes(result.text, `${BACKUP}/katas/03/backward.ts`);

      const again = await reset(root, { id: "03", yes: true, now: NOW });
      assertEquals(again.code, 0);
      assertMatch(again.text, /already untouched: nothing to reset/);

      // --tests: the test file comes back, the learner's code stays
      await solve(root, ["03"]);
      const solved = await Deno.readTextFile(join(root, stub));
      await edit(root, "katas/03/backward_test.ts", (s) => s.replace("timeout,", "timeout: 1,"));
      const tests = await reset(root, { id: "03", yes: true, testsOnly: true, now: NOW });
      assertEquals(tests.code, 0, tests.text);
      assertEquals(
        await hashOf(root, "katas/03/backward_test.ts"),
        manifest.files["katas/03/backward_test.ts"],
      );
      assertEquals(await Deno.readTextFile(join(root, stub)), solved);

      // A deleted file comes back too
      await Deno.remove(join(root, stub));
      const missing = await reset(root, { id: "03", yes: true, now: NOW });
      assertEquals(missing.code, 0, missing.text);
      assertEquals(await hashOf(root, stub), manifest.files[stub]);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

Deno.test({
  name: "reset() changes nothing and says how to get the files where git has no untouched copy",
  timeout: 60_000,
  async fn() {
    const root = await copyRepository();
    try {
      await solve(root, ["05"]);
      const mine = await Deno.readTextFile(join(root, "katas/05/tokenizer.ts"));
      const result = await reset(root, { id: "05", yes: true, now: NOW });
      assertEquals(result.code, 1);
      assertStringIncludes(
        result.text,
        "katas/05/tokenizer.ts: git is not installed, or this folder is not a git clone",
      );
      assertStringIncludes(result.text, "Nothing was changed");
      assertStringIncludes(result.text, "fresh copy of the course");
      assertEquals(await Deno.readTextFile(join(root, "katas/05/tokenizer.ts")), mine);
      assert(!(await Deno.stat(join(root, ".cache/backups")).catch(() => null)));

      // A history that never held the untouched file
      await git(root, "init", "-q");
      await git(root, "add", ".");
      await git(root, "commit", "-q", "-m", "Only my work");
      const noHistory = await reset(root, { id: "05", yes: true, now: NOW });
      assertEquals(noHistory.code, 1);
      assertStringIncludes(
        noHistory.text,
        "none of its 1 versions in git history is the untouched one",
      );

      const wrong = await reset(root, { id: "13", yes: true });
      assertEquals(wrong, { text: "There is no kata 13: the katas are 01 to 12", code: 2 });
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
