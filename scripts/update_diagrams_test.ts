import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { DIAGRAMS, findRegions, lessonFiles, regionBody, updateText } from "./update_diagrams.ts";
import { nodeTitled, parseMermaid } from "./_graph_test_utils.ts";
import { fromFileUrl } from "./_path.ts";

const ROOT = new URL("../", import.meta.url);

/** The lessons and their text, read once. */
const LESSONS = await Promise.all(
  (await lessonFiles(ROOT)).map(async (url) => ({
    path: url.href.slice(ROOT.href.length),
    text: await Deno.readTextFile(url),
  })),
);

Deno.test({
  name: "the lessons' diagrams are exactly what the code draws from the reference solutions",
  timeout: 20_000,
  fn() {
    const stale: string[] = [];
    for (const { path, text } of LESSONS) {
      const lines = text.split("\n");
      for (const region of findRegions(text, path)) {
        const committed = lines.slice(region.openLine, region.closeLine - 1).join("\n");
        if (committed !== regionBody(region.name).join("\n")) {
          stale.push(`${path}:${region.openLine} (${region.name})`);
        }
      }
    }
    assertEquals(
      stale,
      [],
      "These diagrams differ from what the code draws: run deno task diagrams",
    );
  },
});

Deno.test({
  name: "the lessons use every diagram the code can draw",
  timeout: 20_000,
  fn() {
    // Kata 01's lesson is written (see `git log katas/01/README.md`), so its markers must be there.
    assert(LESSONS.some((l) => l.path === "katas/01/README.md"), "katas/01/README.md is missing");
    const used = new Set(
      LESSONS.flatMap(({ path, text }) => findRegions(text, path)).map((r) => r.name),
    );
    assert(used.size > 0, "No lesson has a <!-- graph:NAME --> marker");
    assertEquals([...used].sort(), Object.keys(DIAGRAMS).sort());
  },
});

const LESSON = `# A lesson

Some words.

<!-- graph:seed-forward -->
an old picture
<!-- /graph -->

More words.

<!-- graph:seed-backward -->

<!-- /graph -->
The end.
`;

Deno.test({
  name: "updateText() redraws only the lines between the markers",
  timeout: 20_000,
  fn() {
    const { text, changed } = updateText(LESSON, "lesson.md");
    assertEquals(changed.map((r) => [r.name, r.openLine, r.closeLine]), [
      ["seed-forward", 5, 7],
      ["seed-backward", 11, 13],
    ]);
    const forward = regionBody("seed-forward");
    const backward = regionBody("seed-backward");
    assertEquals(
      text,
      [
        "# A lesson",
        "",
        "Some words.",
        "",
        "<!-- graph:seed-forward -->",
        ...forward,
        "<!-- /graph -->",
        "",
        "More words.",
        "",
        "<!-- graph:seed-backward -->",
        ...backward,
        "<!-- /graph -->",
        "The end.",
        "",
      ].join("\n"),
    );
    assertEquals(forward.slice(0, 2), ["", "```mermaid"]);
    assertEquals(forward.slice(-2), ["```", ""]);
  },
});

Deno.test({
  name: "updateText() changes nothing in a lesson that is up to date",
  timeout: 20_000,
  fn() {
    const once = updateText(LESSON, "lesson.md").text;
    assertEquals(updateText(once, "lesson.md"), { text: once, changed: [] });
  },
});

Deno.test({
  name: "findRegions() rejects an unknown, unclosed, stray or nested marker, with its line",
  timeout: 20_000,
  fn() {
    const cases: [string, string][] = [
      ["a\n<!-- graph:seed -->\n<!-- /graph -->\n", "lesson.md:2: unknown diagram 'seed'"],
      ["<!-- graph:seed-forward -->\nx\n", "lesson.md:1: the graph marker 'seed-forward' is never"],
      ["a\nb\n<!-- /graph -->\n", "lesson.md:3: <!-- /graph --> closes no graph marker"],
      [
        "<!-- graph:seed-forward -->\n<!-- graph:seed-backward -->\n<!-- /graph -->\n",
        "lesson.md:2: a graph marker opens inside the one opened at line 1",
      ],
    ];
    for (const [text, message] of cases) {
      assertThrows(() => findRegions(text, "lesson.md"), SyntaxError, message);
    }
  },
});

Deno.test({
  name: "DIAGRAMS['seed-forward'] shows the seed page's values and no gradients",
  timeout: 20_000,
  fn() {
    const g = parseMermaid(DIAGRAMS["seed-forward"]());
    assertEquals(g.direction, "LR");
    assertEquals(g.nodes.map((n) => n.lines), [
      ["a", "data 2"],
      ["b", "data -3"],
      ["* → c", "data -6"],
      ["d", "data 10"],
      ["+ → e", "data 4"],
      ["relu → f", "data 4"],
    ]);
    assertEquals(g.edges.length, 5);
  },
});

Deno.test({
  name: "DIAGRAMS['seed-backward'] shows every gradient, arrows the way gradients flow",
  timeout: 20_000,
  fn() {
    const g = parseMermaid(DIAGRAMS["seed-backward"]());
    assertEquals(g.direction, "RL");
    // By hand: f = relu(a*b + d) with a*b + d = 4 > 0, so df/da = b, df/db = a, the rest 1
    const grads = ["a", "b", "* → c", "d", "+ → e", "relu → f"]
      .map((t) => nodeTitled(g, t).lines[2]);
    assertEquals(grads, ["grad -3", "grad 2", "grad 1", "grad 1", "grad 1", "grad 1"]);
    const c = nodeTitled(g, "* → c").id;
    const a = nodeTitled(g, "a").id;
    assertEquals(g.edges.find((e) => e.to === a), { from: c, to: a, label: "× -3" });
  },
});

Deno.test({
  name: "update_diagrams.ts --check reads the lessons, writes nothing and agrees with them",
  timeout: 60_000,
  async fn() {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-lock", "--allow-read=katas", "scripts/update_diagrams.ts", "--check"],
      cwd: fromFileUrl(ROOT),
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
      stdin: "null",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const total = LESSONS.reduce((n, { path, text }) => n + findRegions(text, path).length, 0);
    assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
    assertStringIncludes(stdout, `All ${total} diagrams are up to date`);
  },
});
