import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { fromFileUrl, join } from "./_path.ts";
import { MARKDOWN_HEADER, runGraph } from "./graph.ts";
import { type Mermaid, nodeTitled, parseMermaid } from "./_graph_test_utils.ts";

const ROOT = new URL("../", import.meta.url);

/** Runs `deno task graph ARGS` in this process against the repository at `root`. */
async function graph(args: string[], root = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const code = await runGraph(args, root, {
    print: (text) => out.push(text),
    printError: (text) => err.push(text),
    writeFile: (path, text) => {
      files.set(path, text);
      return Promise.resolve();
    },
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), files };
}

/** The number after `word ` on a box's label lines (`data -6` → -6). */
function field(lines: readonly string[], word: string): number {
  const line = lines.find((l) => l.startsWith(`${word} `));
  if (line === undefined) throw new Error(`No ${word} in ${lines.join(" / ")}`);
  return Number(line.slice(word.length + 1));
}

/** d/dx of `f` at `x` by central differences. */
function slope(f: (x: number) => number, x: number, h = 1e-6): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** True when `text` shows no stack frame of the scripts or of Deno itself. */
function noStackTrace(text: string): boolean {
  return !/scripts[/\\]\w+\.ts:\d+|ext:|at async |at runGraph/.test(text);
}

Deno.test({
  name: "runGraph() draws the seed page's graph: six boxes, five arrows, a … f",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graph(["--reference"]);
    assertEquals([code, stderr], [0, ""]);
    const g = parseMermaid(stdout);
    assertEquals(g.nodes.length, 6);
    assertEquals(g.edges.length, 5);
    assertEquals(g.nodes.map((n) => [n.lines[0], n.cls]), [
      ["a", "leaf"],
      ["b", "leaf"],
      ["* → c", "op"],
      ["d", "leaf"],
      ["+ → e", "op"],
      ["relu → f", "op"],
    ]);
    const id = (title: string) => nodeTitled(g, title).id;
    assertEquals(
      g.edges.map((e) => [e.from, e.to]),
      [["a", "* → c"], ["b", "* → c"], ["* → c", "+ → e"], ["d", "+ → e"], ["+ → e", "relu → f"]]
        .map(([from, to]) => [id(from), id(to)]),
    );
  },
});

Deno.test({
  name: "runGraph() shows the seed page's values and local gradients",
  timeout: 20_000,
  async fn() {
    const g = parseMermaid((await graph(["--reference"])).stdout);
    const data = (title: string) => field(nodeTitled(g, title).lines, "data");
    // The page's arithmetic: c = 2 * -3, e = c + 10, f = max(0, e)
    assertEquals(
      ["a", "b", "* → c", "d", "+ → e", "relu → f"].map(data),
      [2, -3, 2 * -3, 10, 2 * -3 + 10, Math.max(0, 2 * -3 + 10)],
    );
    // Local gradients on the arrows: d(a*b)/da = b, d(a*b)/db = a, then 1, 1 and 1 (e > 0)
    assertEquals(g.edges.map((e) => Number(e.label)), [-3, 2, 1, 1, 1]);
  },
});

Deno.test({
  name: "runGraph() shows the gradients backward gives, equal to finite differences",
  timeout: 20_000,
  async fn() {
    const g = parseMermaid((await graph(["--reference"])).stdout);
    const grad = (title: string) => field(nodeTitled(g, title).lines, "grad");
    const f = (a: number, b: number, d: number) => Math.max(0, a * b + d);
    const expected: [string, number][] = [
      ["a", slope((a) => f(a, -3, 10), 2)],
      ["b", slope((b) => f(2, b, 10), -3)],
      ["* → c", slope((c) => Math.max(0, c + 10), -6)],
      ["d", slope((d) => f(2, -3, d), 10)],
      ["+ → e", slope((e) => Math.max(0, e), 4)],
      ["relu → f", 1],
    ];
    for (const [title, value] of expected) assertAlmostEquals(grad(title), value, 1e-6, title);
  },
});

Deno.test({
  name: "runGraph() gives the same text on every run",
  timeout: 20_000,
  async fn() {
    const first = (await graph(["--reference"])).stdout;
    assertEquals((await graph(["--reference"])).stdout, first);
  },
});

/** The boxes and arrows of `--expr EXPR` with the reference solutions, as readable tuples. */
async function exprGraph(...args: string[]): Promise<Mermaid> {
  const { code, stdout, stderr } = await graph(["--reference", "--expr", ...args]);
  assertEquals([code, stderr], [0, ""]);
  return parseMermaid(stdout);
}

Deno.test({
  name: "runGraph() --expr draws a - b as microgpt.py builds it: a + (b * -1)",
  timeout: 20_000,
  async fn() {
    const g = await exprGraph("a - b", "--a=5", "--b=3");
    assertEquals(g.nodes.map((n) => n.lines), [
      ["a", "data 5", "grad 1"],
      ["b", "data 3", "grad -1"],
      ["constant", "data -1", "grad 3"],
      ["*", "data -3", "grad 1"],
      ["+", "data 2", "grad 1"],
    ]);
    assertEquals(g.edges.map((e) => [e.from, e.to, e.label]), [
      ["n1", "n3", "-1"],
      ["n2", "n3", "3"],
      ["n0", "n4", "1"],
      ["n3", "n4", "1"],
    ]);
  },
});

Deno.test({
  name: "runGraph() --expr draws the seed's expression with 10 as a constant",
  timeout: 20_000,
  async fn() {
    // `--b -3` (a separate negative value) is read as the value of --b
    const g = await exprGraph("relu(a*b + 10)", "--a=2", "--b", "-3");
    assertEquals(g.nodes.map((n) => n.lines), [
      ["a", "data 2", "grad -3"],
      ["b", "data -3", "grad 2"],
      ["*", "data -6", "grad 1"],
      ["constant", "data 10", "grad 1"],
      ["+", "data 4", "grad 1"],
      ["relu", "data 4", "grad 1"],
    ]);
  },
});

Deno.test({
  name: "runGraph() --expr draws division and powers with pow, and 2 * a as a * 2",
  timeout: 20_000,
  async fn() {
    const g = await exprGraph("2 * a / b ** 2", "--a=3", "--b=0.5");
    assertEquals(g.nodes.map((n) => [n.lines[0], field(n.lines, "data")]), [
      ["a", 3],
      ["constant", 2],
      ["*", 6],
      ["b", 0.5],
      ["pow", 0.25], // b ** 2
      ["pow", 4], // (b ** 2) ** -1, from the division
      ["*", 24],
    ]);
    // d(2a/b²)/db = -4a/b³
    assertAlmostEquals(
      field(nodeTitled(g, "b").lines, "grad"),
      slope((b) => 6 / b ** 2, 0.5),
      1e-4,
    );
  },
});

Deno.test({
  name: "runGraph() summarises a graph past --max-nodes instead of drawing it",
  timeout: 20_000,
  async fn() {
    const { code, stdout } = await graph(["--reference", "--max-nodes=5"]);
    assertEquals(code, 0);
    assert(!stdout.includes("flowchart"), stdout);
    assertStringIncludes(
      stdout,
      "The graph has 6 nodes (3 leaves, 3 operations: 1 *, 1 +, 1 relu)",
    );
    const big = await graph(["--reference", "--expr", "a" + " * 2".repeat(40), "--a=1"]);
    assertEquals(big.code, 0);
    assertStringIncludes(big.stdout, "The graph has 81 nodes");
    assertStringIncludes(big.stdout, "more than the limit of 60");
    assert(!big.stdout.includes("flowchart"));
  },
});

Deno.test({
  name: "runGraph() --expr with bad syntax points at the column and exits with 2",
  timeout: 20_000,
  async fn() {
    const cases: [string, string][] = [
      ["relu(a*b + )", "Unexpected ')' at column 12"],
      ["a ** b", "The power at column 6 uses the input 'b': a power must be a plain number"],
      ["(a", "Expected ')' at column 3"],
      ["a $ b", "Unexpected character '$' at column 3"],
    ];
    for (const [expr, message] of cases) {
      const { code, stdout, stderr } = await graph(["--expr", expr, "--a=1", "--b=2"]);
      assertEquals([code, stdout], [2, ""], expr);
      assertStringIncludes(stderr, `Cannot read --expr: ${message}`);
      assertStringIncludes(stderr, `\n  ${expr}\n`);
      assert(noStackTrace(stderr));
    }
  },
});

Deno.test({
  name: "runGraph() --expr with an unknown name lists the known ones and says how to add it",
  timeout: 20_000,
  async fn() {
    const { code, stderr } = await graph(["--expr", "a * weight", "--a=1"]);
    assertEquals(code, 2);
    assertStringIncludes(
      stderr,
      "Unknown name 'weight' at column 5: the inputs are a, and the functions are relu, log, exp",
    );
    assertStringIncludes(stderr, "Give an input its value with --weight=NUMBER.");
  },
});

Deno.test({
  name: "runGraph() refuses a bad command line with exit code 2",
  timeout: 20_000,
  async fn() {
    const cases: [string[], string][] = [
      [["--expr", "a", "--a=two"], "The input --a must be a number: got 'two'"],
      [["--a=2"], "Inputs (--a) need an expression that uses them: add --expr"],
      [["--out", "graph.txt"], "its name must end in .md: got 'graph.txt'"],
      [["--max-nodes=0"], "--max-nodes must be a positive whole number: got '0'"],
      [["--timeout=0"], "--timeout must be a positive number of seconds: got '0'"],
      [["--timeout", "soon"], "--timeout must be a positive number of seconds: got 'soon'"],
      [["--expr", "relu(2)", "--relu=1"], "--relu cannot be an input: relu is a function"],
      [["--max-node=5"], "Unknown flag --max-node"],
      [["extra"], "Unexpected argument 'extra'"],
      [["--expr"], "--expr needs a value"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await graph(args);
      assertEquals(code, 2, args.join(" "));
      assertStringIncludes(stderr, message);
      assertStringIncludes(stderr, "deno task graph --help");
    }
    const help = await graph(["--help"]);
    assertEquals(help.code, 0);
    assertStringIncludes(help.stdout, "Usage: deno task graph");
  },
});

Deno.test({
  name: "runGraph() --out writes Markdown with a caption and a mermaid block",
  timeout: 20_000,
  async fn() {
    const { code, stdout, files } = await graph(["--reference", "--out", "seed.md"]);
    assertEquals(code, 0);
    assertEquals(stdout, "Wrote seed.md: a graph of 6 nodes");
    const text = files.get("seed.md")!;
    const [header, caption, fence] = text.split("\n\n");
    assertEquals(header, MARKDOWN_HEADER);
    assertStringIncludes(caption, "The computation graph of the seed page's example");
    assertStringIncludes(caption, "with gradients from solutions/03/backward.ts");
    assertMatch(fence, /^```mermaid\nflowchart LR\n[^`]*\n```\n$/);
    assertEquals(parseMermaid(fence.slice("```mermaid\n".length, -4)).nodes.length, 6);
  },
});

// The learner's partial work, simulated in a temporary copy of the repository's kata layout.

const SOLUTIONS = {
  value: await Deno.readTextFile(new URL("solutions/01/value.ts", ROOT)),
  topo: await Deno.readTextFile(new URL("solutions/02/topological_order.ts", ROOT)),
  backward: await Deno.readTextFile(new URL("solutions/03/backward.ts", ROOT)),
};
const TODO = await Deno.readTextFile(new URL("lib/todo.ts", ROOT));

/** Stubs in the form of kata stubs: each body calls todo(). */
const STUBS = {
  value: `import { todo } from "../../lib/todo.ts";
export class Value {
  grad = 0;
  constructor(public data: number, public children: Value[] = [], public localGrads: number[] = [], public op = "") {}
  add(other: Value | number): Value { return todo("Value.add"); }
  mul(other: Value | number): Value { return todo("Value.mul"); }
  relu(): Value { return todo("Value.relu"); }
}
`,
  topo: `import type { Value } from "../01/value.ts";
import { todo } from "../../lib/todo.ts";
export function topologicalOrder(root: Value): Value[] { return todo("topologicalOrder"); }
`,
  backward: `import type { Value } from "../01/value.ts";
import { todo } from "../../lib/todo.ts";
export function backward(root: Value): void { return todo("backward"); }
`,
};

/** Makes a temporary repository holding `files` (path → text) and `lib/todo.ts`; returns its path. */
async function tempRepo(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "graph_test_" });
  const all: Record<string, string> = { "lib/todo.ts": TODO, ...files };
  for (const [path, text] of Object.entries(all)) {
    const file = join(dir, path);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
  return dir;
}

/** The scripts a temporary repository needs to run `deno task graph`. */
const SCRIPTS: Record<string, string> = {};
for (const name of ["graph.ts", "_expr.ts", "_mermaid.ts"]) {
  SCRIPTS[`scripts/${name}`] = await Deno.readTextFile(new URL(`scripts/${name}`, ROOT));
}

/**
 * Runs `deno task graph ARGS` on a temporary repository holding `files` (path → text), in a
 * child process with the task's permissions (plus `permissions`), as a learner runs it: the
 * kata files are not type-checked, as under `deno run`. Outputs lose their final newline.
 */
async function graphWith(
  files: Record<string, string>,
  args: string[] = [],
  permissions: string[] = [],
) {
  const dir = await tempRepo({ ...SCRIPTS, ...files });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-lock", READ, ...permissions, "scripts/graph.ts", ...args],
      cwd: dir,
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
      stdin: "null",
    }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/\n$/, "");
    return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "graph.ts draws values without gradients while kata 03 is not written, and says why",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": STUBS.topo,
      "katas/03/backward.ts": STUBS.backward,
    });
    assertEquals(code, 0);
    const g = parseMermaid(stdout);
    assertEquals(g.nodes.map((n) => n.lines.length), [2, 2, 2, 2, 2, 2]); // title and data only
    assertEquals(g.nodes.map((n) => field(n.lines, "data")), [2, -3, -6, 10, 4, 4]);
    assertEquals(
      stderr,
      "kata 03's backward is not written yet, so no gradients: " +
        "backward is not written yet: see katas/03/README.md",
    );
  },
});

Deno.test({
  name: "graph.ts says when backward waits for kata 02's topologicalOrder",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": STUBS.topo,
      "katas/03/backward.ts": SOLUTIONS.backward,
    });
    assertEquals(code, 0);
    assert(!stdout.includes("grad "));
    assertEquals(
      stderr,
      "kata 02's topologicalOrder is not written yet, so no gradients (backward needs it): " +
        "topologicalOrder is not written yet: see katas/02/README.md",
    );
  },
});

Deno.test({
  name: "graph.ts shows the learner's gradients once katas 01-03 are written",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith(
      {
        "katas/01/value.ts": SOLUTIONS.value,
        "katas/02/topological_order.ts": SOLUTIONS.topo,
        "katas/03/backward.ts": SOLUTIONS.backward,
      },
      ["--out", "mine.md"],
      ["--allow-write=mine.md"],
    );
    assertEquals([code, stderr, stdout], [0, "", "Wrote mine.md: a graph of 6 nodes"]);
    const md = (await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": SOLUTIONS.topo,
      "katas/03/backward.ts": SOLUTIONS.backward,
    })).stdout;
    assertEquals(parseMermaid(md).nodes.map((n) => field(n.lines, "grad")), [-3, 2, 1, 1, 1, 1]);
  },
});

Deno.test({
  name: "graph.ts reports a backward that throws, and still draws the values",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/03/backward.ts": `export function backward(root: { children: unknown[] }) {
  (root.children[5] as { grad: number }).grad = 1;
}
`,
    });
    assertEquals(code, 0);
    assertEquals(parseMermaid(stdout).nodes.length, 6);
    assertStringIncludes(stderr, "katas/03/backward.ts's backward failed, so no gradients: ");
    assertStringIncludes(stderr, "Cannot set properties of undefined");
    assert(noStackTrace(stderr));
  },
});

Deno.test({
  name: "graph.ts says kata 01 comes first while Value is not written, without a stack trace",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith({
      "katas/01/value.ts": STUBS.value,
      "katas/03/backward.ts": STUBS.backward,
    });
    assertEquals([code, stdout], [1, ""]);
    assertStringIncludes(
      stderr,
      "Kata 01 comes first: Value.mul is not written yet: see katas/01/README.md\n",
    );
    assertStringIncludes(stderr, "add --reference to see the reference solution's graph");
    assert(noStackTrace(stderr));
  },
});

Deno.test({
  name: "graph.ts says kata 01 comes first when value.ts does not even load",
  timeout: 20_000,
  async fn() {
    const broken = await graphWith({ "katas/01/value.ts": "export class Value {\n  data = \n" });
    assertEquals(broken.code, 1);
    assertMatch(
      broken.stderr,
      /^Kata 01 comes first: katas\/01\/value\.ts could not be loaded: .*\n[^]*at katas\/01\/value\.ts:2:/,
    );
    assert(noStackTrace(broken.stderr));

    const noClass = await graphWith({ "katas/01/value.ts": "export const value = 1;\n" });
    assertEquals(noClass.code, 1);
    assertStringIncludes(
      noClass.stderr,
      "Kata 01 comes first: katas/01/value.ts does not export a class named Value",
    );

    const buggy = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value.replace(
        /mul\(other: Value \| number\): Value \{/,
        "mul(other: Value | number): Value {\n    return (other as Value).children[9].mul(1);",
      ),
    });
    assertEquals(buggy.code, 1);
    assertStringIncludes(
      buggy.stderr,
      "Kata 01 comes first: building the graph with your Value failed: TypeError: Cannot read",
    );
    assert(noStackTrace(buggy.stderr));

    const noData = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value.replace(
        /relu\(\): Value \{/,
        "relu(): Value {\n    return undefined as unknown as Value;",
      ),
    });
    assertEquals(noData.code, 1);
    assertStringIncludes(noData.stderr, "has no number in .data (got undefined)");
  },
});

// Learner code that never finishes: a common bug, stopped after --timeout seconds.

/** Kata 02 with a classic bug: the explicit stack is peeked but never popped, so it spins forever. */
const TOPO_NEVER_POPS = `import type { Value } from "../01/value.ts";
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const done = new Set<Value>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    const next = node.children.find((c) => !done.has(c));
    if (next) {
      stack.push(next);
    } else if (!done.has(node)) {
      done.add(node);
      order.push(node);
    } // forgot: stack.pop()
  }
  return order;
}
`;

/** Kata 03 whose own loop never ends: the index walks the wrong way. */
const BACKWARD_NEVER_ENDS = `import type { Value } from "../01/value.ts";
import { topologicalOrder } from "../02/topological_order.ts";
export function backward(root: Value): void {
  const order = topologicalOrder(root);
  root.grad = 1;
  for (let n = order.length - 1; n < order.length; n--) {
    const node = order[((n % order.length) + order.length) % order.length];
    for (let i = 0; i < node.children.length; i++) {
      node.children[i].grad += node.localGrads[i] * node.grad;
    }
  }
}
`;

/** Kata 01 whose constructor never returns. */
const VALUE_NEVER_BUILDS = SOLUTIONS.value.replace(
  "    this.data = data;\n",
  "    let tries = 0;\n    while (tries >= 0) tries = (tries + 1) % 10;\n    this.data = data;\n",
);

/** The message for a backward that runs past one second. */
const BACKWARD_HANGS = "kata 03's backward (katas/03/backward.ts) did not finish within 1 s, " +
  "so no gradients: it may loop forever; deno task check-progress 03 shows which test hangs";

/** The message for a topologicalOrder, called by backward, that runs past one second. */
const TOPO_HANGS = "kata 02's topologicalOrder (katas/02/topological_order.ts), which backward " +
  "calls, did not finish within 1 s, so no gradients: it may loop forever; " +
  "deno task check-progress 02 shows which test hangs";

/** Runs `graphWith` and measures how long it took, in milliseconds. */
async function timedGraphWith(files: Record<string, string>, args: string[]) {
  const start = performance.now();
  const result = await graphWith(files, args);
  return { ...result, ms: performance.now() - start };
}

Deno.test({
  name: "graph.ts stops a backward that loops forever, says so, and still draws the values",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr, ms } = await timedGraphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": SOLUTIONS.topo,
      "katas/03/backward.ts": BACKWARD_NEVER_ENDS,
    }, ["--timeout=1"]);
    assertEquals([code, stderr], [0, BACKWARD_HANGS]);
    const g = parseMermaid(stdout);
    assertEquals(g.nodes.map((n) => field(n.lines, "data")), [2, -3, -6, 10, 4, 4]);
    assert(!stdout.includes("grad "), stdout);
    assert(ms >= 1000 && ms < 4000, `took ${ms} ms`);
  },
});

Deno.test({
  name: "graph.ts stops a topologicalOrder that loops forever under backward, and says so",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr, ms } = await timedGraphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": TOPO_NEVER_POPS,
      "katas/03/backward.ts": SOLUTIONS.backward,
    }, ["--timeout=1", "--expr", "relu(a*b + 10)", "--a=2", "--b=-3"]);
    assertEquals([code, stderr], [0, TOPO_HANGS]);
    assertEquals(parseMermaid(stdout).nodes.map((n) => n.lines), [
      ["a", "data 2"],
      ["b", "data -3"],
      ["*", "data -6"],
      ["constant", "data 10"],
      ["+", "data 4"],
      ["relu", "data 4"],
    ]);
    assert(ms < 4000, `took ${ms} ms`);
  },
});

Deno.test({
  name: "graph.ts stops a Value constructor that loops forever and says kata 01 hangs",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr, ms } = await timedGraphWith({
      "katas/01/value.ts": VALUE_NEVER_BUILDS,
      "katas/02/topological_order.ts": SOLUTIONS.topo,
      "katas/03/backward.ts": SOLUTIONS.backward,
    }, ["--timeout=1"]);
    assertEquals([code, stdout], [1, ""]);
    assertStringIncludes(
      stderr,
      "Kata 01 comes first: building the graph with your Value (katas/01/value.ts) did not " +
        "finish within 1 s: it may loop forever; deno task check-progress 01 shows which test hangs\n",
    );
    assert(noStackTrace(stderr));
    assert(ms < 4000, `took ${ms} ms`);
  },
});

Deno.test({
  name: "graph.ts stops a topologicalOrder that never pops and so fills memory, and says so",
  timeout: 20_000,
  async fn() {
    const { code, stdout, stderr } = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/02/topological_order.ts": `import type { Value } from "../01/value.ts";
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1]; // forgot: stack.pop()
    for (const child of node.children) stack.push(child);
    order.push(node);
  }
  return order;
}
`,
      "katas/03/backward.ts": SOLUTIONS.backward,
    }, ["--timeout=2"]);
    assertEquals(code, 0);
    assertEquals(parseMermaid(stdout).nodes.length, 6);
    assertMatch(
      stderr,
      /^kata 02's topologicalOrder \(katas\/02\/topological_order\.ts\), which backward calls, (did not finish within 2 s|ran out of memory \(the limit is 256 MB\)), so no gradients: it may loop forever; deno task check-progress 02 shows which test hangs$/,
    );
  },
});

Deno.test({
  name: "graph.ts stops a value.ts whose top level loops forever, as a hang of kata 01",
  timeout: 20_000,
  async fn() {
    const { code, stderr } = await graphWith({
      "katas/01/value.ts": "while (true) {}\n" + SOLUTIONS.value,
    }, ["--timeout=0.5"]);
    assertEquals(code, 1);
    assertStringIncludes(stderr, "(katas/01/value.ts) did not finish within 0.5 s");
  },
});

Deno.test({
  name: "graph.ts notes an error the kata code threw where nothing caught it, without a stack",
  timeout: 20_000,
  async fn() {
    const note = "The kata code threw an error that nothing caught (in a promise or a timer): ";
    const rejected = await graphWith({
      "katas/01/value.ts": 'Promise.reject(new RangeError("too soon"));\n' + SOLUTIONS.value,
      "katas/02/topological_order.ts": SOLUTIONS.topo,
      "katas/03/backward.ts": SOLUTIONS.backward,
    });
    assertEquals([rejected.code, rejected.stderr], [0, `${note}RangeError: too soon`]);
    assertEquals(parseMermaid(rejected.stdout).nodes.length, 6);

    const timer = await graphWith({
      "katas/01/value.ts": SOLUTIONS.value,
      "katas/03/backward.ts": `export function backward(root: { grad: number }): void {
  setTimeout(() => {
    throw new Error("late");
  });
  root.grad = 1;
}
`,
    });
    assertEquals([timer.code, timer.stderr], [0, `${note}Error: late`]);
    assert(noStackTrace(timer.stderr));
  },
});

// The command itself, in a child process with the permissions of its deno.json task.

/** The read permission of the deno.json task: the folders graph.ts imports kata files from. */
const READ = "--allow-read=katas,solutions,lib";

/** Runs scripts/graph.ts in a child Deno with `permissions` and `args`, in the repository. */
async function graphProcess(permissions: string[], args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", ...permissions, "scripts/graph.ts", ...args],
    cwd: fromFileUrl(ROOT),
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
    stdin: "null",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test({
  name: "graph.ts runs with read permission of katas/, solutions/ and lib/ alone",
  timeout: 60_000,
  async fn() {
    const { code, stdout, stderr } = await graphProcess([READ], ["--reference"]);
    assertEquals([code, stderr], [0, ""]);
    assertEquals(parseMermaid(stdout).nodes.length, 6);
  },
});

Deno.test({
  name: "graph.ts --out writes only the file it was allowed to, and never a file it did not write",
  timeout: 60_000,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "graph_out_" });
    try {
      const out = join(dir, "seed.md");
      const allow = [`${READ},${out}`, `--allow-write=${out}`];
      const first = await graphProcess(allow, ["--reference", "--out", out]);
      assertEquals([first.code, first.stderr], [0, ""]);
      assertEquals(first.stdout, `Wrote ${out}: a graph of 6 nodes\n`);
      const text = await Deno.readTextFile(out);
      assert(text.startsWith(`${MARKDOWN_HEADER}\n\n`));
      // A second run replaces a file the script wrote
      const again = await graphProcess(allow, ["--reference", "--out", out, "--max-nodes=3"]);
      assertEquals(again.code, 0);
      assertStringIncludes(await Deno.readTextFile(out), "The graph has 6 nodes");

      // Without write permission (and no terminal to ask on) nothing is written
      const other = join(dir, "other.md");
      const denied = await graphProcess([READ], ["--reference", "--out", other]);
      assertEquals(denied.code, 1);
      assertStringIncludes(denied.stderr, `Cannot write ${other}: permission to write it`);
      assert(noStackTrace(denied.stderr));

      // A file the script did not write is left alone
      await Deno.writeTextFile(other, "# My notes\n");
      const mine = await graphProcess(
        [`${READ},${other}`, `--allow-write=${other}`],
        ["--reference", "--out", other],
      );
      assertEquals(mine.code, 1);
      assertStringIncludes(mine.stderr, "the file exists and was not written by deno task graph");
      assertEquals(await Deno.readTextFile(other), "# My notes\n");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
