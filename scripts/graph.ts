/**
 * `deno task graph`: draws the computation graph that YOUR `Value` builds,
 * as a Mermaid flowchart. With no expression it draws the seed page's
 * example (`a = 2, b = -3, c = a*b, d = 10, e = c + d, f = relu(e)`); once
 * kata 03's `backward` is written it runs it and shows every gradient.
 *
 * ```sh
 * deno task graph                               # the seed example, with katas/
 * deno task graph --reference                   # the same, with solutions/
 * deno task graph --expr "relu(a*b + 10)" --a=2 --b=-3
 * deno task graph --expr "a - b" --a=1 --b=2 --out graph.md
 * ```
 *
 * Permissions: read of `katas/`, `solutions/` and `lib/` (the kata files are
 * imported at run time, and import `lib/todo.ts`), nothing else; `--out`
 * asks Deno for permission to write that one file when it is needed (Deno
 * asks the person at the terminal; give `--allow-write=FILE` to skip that).
 *
 * @module
 */

import { evaluate, ExprError, FUNCTIONS, parseExpr, type ValueMethods } from "./_expr.ts";
import { DEFAULT_MAX_NODES, drawGraph, type GraphNode } from "./_mermaid.ts";

/** What the graph needs of a `Value`: kata 01's fields and methods. */
export interface GraphValue extends GraphNode, ValueMethods<GraphValue> {}

/** A graph to draw: its output, and names for some of its nodes. */
export interface LabelledGraph<V> {
  readonly root: V;
  readonly labels: ReadonlyMap<V, string>;
}

/**
 * Builds the seed page's forward pass with the given `Value` class, node for
 * node: `a = 2`, `b = -3`, `c = a * b`, `d = 10`, `e = c + d`, `f = relu(e)`.
 *
 * @param leaf Makes a leaf from a number (`(n) => new Value(n)`).
 * @returns `f`, and the names `a` … `f` of its nodes.
 */
export function seedGraph<V extends ValueMethods<V>>(leaf: (n: number) => V): LabelledGraph<V> {
  const a = leaf(2);
  const b = leaf(-3);
  const c = a.mul(b);
  const d = leaf(10);
  const e = c.add(d);
  const f = e.relu();
  return {
    root: f,
    labels: new Map([[a, "a"], [b, "b"], [c, "c"], [d, "d"], [e, "e"], [f, "f"]]),
  };
}

/** The command line, read. */
interface GraphArgs {
  readonly help: boolean;
  readonly reference: boolean;
  readonly expr: string | undefined;
  readonly inputs: ReadonlyMap<string, number>;
  readonly out: string | undefined;
  readonly maxNodes: number;
}

/** A mistake on the command line. */
class UsageError extends Error {}

const USAGE = `Usage: deno task graph [--reference] [--expr EXPR --NAME=NUMBER ...] [--out FILE.md]
                       [--max-nodes=N]

Draws the computation graph your Value (katas/01/value.ts) builds, as a Mermaid
flowchart, with the gradients from your backward (katas/03/backward.ts) once it
is written.

  (no --expr)          the seed page's example: a = 2, b = -3, c = a*b, d = 10,
                       e = c + d, f = relu(e)
  --expr EXPR          an expression over named inputs: numbers, names,
                       + - * / ** (a power by a number), unary -, ( ), and the
                       functions ${FUNCTIONS.join(", ")}; e.g. --expr "relu(a*b + 10)"
  --NAME=NUMBER        the value of an input, e.g. --a=2 --b=-3 (write negative
                       numbers with =)
  --reference          use the reference solutions (solutions/) instead of katas/
  --out FILE.md        write Markdown (a mermaid block that GitHub renders), not
                       the bare flowchart, to FILE.md (a path from the repository's
                       root); Deno asks before writing the file
  --max-nodes=N        summarise graphs larger than N nodes (default ${DEFAULT_MAX_NODES})
  --help               this text

Paste the flowchart into https://mermaid.live or a Markdown file to see it.`;

const RESERVED = new Set(["help", "reference", "expr", "out", "max-nodes"]);

/** Reads the command line. */
function parseGraphArgs(args: readonly string[]): GraphArgs {
  let help = false;
  let reference = false;
  let expr: string | undefined;
  let out: string | undefined;
  let maxNodes = DEFAULT_MAX_NODES;
  const inputs = new Map<string, number>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    const match = /^--([A-Za-z_][A-Za-z0-9_-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      throw new UsageError(
        `Unexpected argument '${arg}': flags are written --name or --name=value`,
      );
    }
    const [, name, inline] = match;
    if (name === "reference") {
      if (inline !== undefined) throw new UsageError("--reference takes no value");
      reference = true;
      continue;
    }
    // The value: after "=", or the next argument (which may start with "-", e.g. -3 or -a).
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= args.length) throw new UsageError(`--${name} needs a value`);
      value = args[++i];
    }
    if (name === "expr") {
      expr = value;
    } else if (name === "out") {
      if (!value.endsWith(".md")) {
        throw new UsageError(`--out writes Markdown, so its name must end in .md: got '${value}'`);
      }
      out = value;
    } else if (name === "max-nodes") {
      maxNodes = Number(value);
      if (!Number.isInteger(maxNodes) || maxNodes < 1) {
        throw new UsageError(`--max-nodes must be a positive whole number: got '${value}'`);
      }
    } else if (name.includes("-") || RESERVED.has(name)) {
      throw new UsageError(`Unknown flag --${name}`);
    } else if ((FUNCTIONS as readonly string[]).includes(name)) {
      throw new UsageError(`--${name} cannot be an input: ${name} is a function`);
    } else {
      const n = value.trim() === "" ? NaN : Number(value);
      if (!Number.isFinite(n)) {
        throw new UsageError(`The input --${name} must be a number: got '${value}'`);
      }
      inputs.set(name, n);
    }
  }
  if (inputs.size > 0 && expr === undefined) {
    const names = [...inputs.keys()].map((n) => `--${n}`).join(", ");
    throw new UsageError(`Inputs (${names}) need an expression that uses them: add --expr`);
  }
  return { help, reference, expr, inputs, out, maxNodes };
}

/** Where the output goes; tests give their own. */
export interface GraphIo {
  /** Prints a line of the result (stdout). */
  print(text: string): void;
  /** Prints a line about what went wrong or is missing (stderr). */
  printError(text: string): void;
  /** Writes the `--out` file. */
  writeFile(path: string, text: string): Promise<void>;
}

/** The first line of a Markdown file this script writes; only such a file is overwritten. */
export const MARKDOWN_HEADER = "<!-- drawn by `deno task graph`: run it again to redraw -->";

/**
 * An error's message, never its stack (a learner needs the message, not the
 * trace), with the repository's `file:` URL left out of any location in it
 * (a syntax error says `at katas/01/value.ts:2:9`).
 */
function messageOf(err: unknown, repoRoot?: URL): string {
  const text = err instanceof Error ? err.message : String(err);
  return (repoRoot ? text.replaceAll(repoRoot.href, "") : text).trim();
}

/** True for the error a kata stub throws (by name, so a copy of lib/todo.ts counts too). */
function isNotWrittenYet(err: unknown): err is Error {
  return err instanceof Error && err.name === "NotWrittenYet";
}

/** Why there are no gradients, when `backward` failed. */
function noGradientsReason(err: unknown, file: string, repoRoot: URL): string {
  if (isNotWrittenYet(err)) {
    const kata = /katas[/\\](\d\d)[/\\]/.exec(err.message)?.[1];
    const what = (err as Error & { what?: unknown }).what;
    const name = typeof what === "string" ? what : err.message.split(" ")[0];
    if (kata === undefined || kata === "03") {
      return `kata 03's ${name} is not written yet, so no gradients: ${err.message}`;
    }
    return `kata ${kata}'s ${name} is not written yet, so no gradients (backward needs it): ` +
      err.message;
  }
  return `${file}'s backward failed, so no gradients: ${messageOf(err, repoRoot)}`;
}

/**
 * Runs `deno task graph` with `args`, reading kata files under `repoRoot`.
 *
 * @param args The command-line arguments.
 * @param repoRoot The repository's root folder (a `file:` URL ending in `/`).
 * @param io Where to print and how to write the `--out` file.
 * @returns The exit code: 0 when something was drawn (even without
 *   gradients), 1 when kata 01 is not ready or a file cannot be written, 2 for a
 *   mistake on the command line.
 */
export async function runGraph(
  args: readonly string[],
  repoRoot: URL,
  io: GraphIo,
): Promise<number> {
  let options: GraphArgs;
  try {
    options = parseGraphArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.printError(`${err.message}\nRun deno task graph --help for the usage.`);
    return 2;
  }
  if (options.help) {
    io.print(USAGE);
    return 0;
  }

  // The expression is read before any kata code runs: its mistakes are the user's typing.
  const expr = options.expr;
  let tree: ReturnType<typeof parseExpr> | undefined;
  if (expr !== undefined) {
    try {
      tree = parseExpr(expr, [...options.inputs.keys()]);
    } catch (err) {
      if (!(err instanceof ExprError || err instanceof RangeError)) throw err;
      const hint = err instanceof ExprError && err.unknownName !== undefined
        ? `\nGive an input its value with --${err.unknownName}=NUMBER.`
        : "";
      io.printError(`Cannot read --expr: ${err.message}${hint}`);
      return 2;
    }
  }

  const folder = options.reference ? "solutions" : "katas";
  const valueFile = `${folder}/01/value.ts`;
  const backwardFile = `${folder}/03/backward.ts`;
  const kata01First = (why: string): number => {
    if (options.reference) {
      io.printError(`The reference solution ${valueFile} does not work: ${why}`);
    } else {
      io.printError(
        `Kata 01 comes first: ${why}\n` +
          `The graph is built with your Value from ${valueFile}: write it (see katas/01/README.md),` +
          " then run this again, or add --reference to see the reference solution's graph.",
      );
    }
    return 1;
  };

  // The forward pass, with the learner's Value.
  let mod;
  try {
    mod = await import(new URL(valueFile, repoRoot).href);
  } catch (err) {
    return kata01First(`${valueFile} could not be loaded: ${messageOf(err, repoRoot)}`);
  }
  let graph: LabelledGraph<GraphValue>;
  try {
    const ValueClass: unknown = mod.Value;
    if (typeof ValueClass !== "function") {
      return kata01First(`${valueFile} does not export a class named Value`);
    }
    const leaf = (n: number) => new (ValueClass as new (n: number) => GraphValue)(n);
    if (tree === undefined) {
      graph = seedGraph(leaf);
    } else {
      const inputs = new Map<string, GraphValue>();
      const labels = new Map<GraphValue, string>();
      for (const [name, n] of options.inputs) {
        const v = leaf(n);
        inputs.set(name, v);
        labels.set(v, name);
      }
      graph = { root: evaluate(tree, inputs, leaf), labels };
    }
  } catch (err) {
    if (isNotWrittenYet(err)) return kata01First(err.message);
    const name = err instanceof Error ? `${err.name}: ` : "";
    return kata01First(
      `building the graph with your Value failed: ${name}${messageOf(err, repoRoot)}`,
    );
  }
  const rootData: unknown = (graph.root as { data?: unknown } | undefined)?.data;
  if (typeof rootData !== "number") {
    return kata01First(
      `the output of your Value's operations has no number in .data (got ${String(rootData)})`,
    );
  }

  // The backward pass, once kata 03 is written.
  let noGradients: string | undefined;
  try {
    const mod = await import(new URL(backwardFile, repoRoot).href);
    if (typeof mod.backward !== "function") {
      noGradients = `${backwardFile} does not export a function named backward, so no gradients`;
    } else {
      mod.backward(graph.root);
    }
  } catch (err) {
    noGradients = noGradientsReason(err, backwardFile, repoRoot);
  }

  const drawing = drawGraph(graph.root, {
    labels: graph.labels,
    showGrad: noGradients === undefined,
    maxNodes: options.maxNodes,
  });
  if (options.out === undefined) {
    io.print(drawing.text.trimEnd());
  } else {
    const what = expr === undefined
      ? "the seed page's example (`f = relu(a*b + d)` with a = 2, b = -3, d = 10)"
      : `\`${expr.replaceAll("`", "'")}\`` +
        (options.inputs.size > 0
          ? ` with ${[...options.inputs].map(([k, v]) => `${k} = ${v}`).join(", ")}`
          : "");
    const grads = noGradients === undefined ? ` with gradients from ${backwardFile}` : "";
    const caption = `The computation graph of ${what}, built by ${valueFile}${grads}. ` +
      "Each arrow goes from an operand to the node made from it and carries the local " +
      "gradient; inputs are light, operations dark." +
      (noGradients === undefined ? "" : `\n\nNo gradients are shown: ${noGradients}.`);
    const body = drawing.kind === "mermaid"
      ? "```mermaid\n" + drawing.text + "```\n"
      : drawing.text;
    try {
      await io.writeFile(options.out, `${MARKDOWN_HEADER}\n\n${caption}\n\n${body}`);
    } catch (err) {
      io.printError(messageOf(err));
      return 1;
    }
    io.print(
      `Wrote ${options.out}: ` +
        (drawing.kind === "mermaid" ? `a graph of ${drawing.nodeCount} nodes` : "a summary"),
    );
  }
  if (noGradients !== undefined) io.printError(noGradients);
  return 0;
}

/**
 * Writes the `--out` file, asking Deno for permission to write that one path
 * (Deno asks the person at the terminal), and refusing to replace a file
 * this script did not write.
 */
async function writeOutFile(path: string, text: string): Promise<void> {
  const howTo =
    `run: deno run --allow-read=katas,solutions,lib --allow-write=${path} scripts/graph.ts ...`;
  const write = await Deno.permissions.request({ name: "write", path });
  if (write.state !== "granted") {
    throw new Error(`Cannot write ${path}: permission to write it was not given; ${howTo}`);
  }
  try {
    await Deno.writeTextFile(path, text, { createNew: true });
    return;
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  const read = await Deno.permissions.request({ name: "read", path });
  if (read.state !== "granted") {
    throw new Error(
      `Cannot write ${path}: the file exists, and without permission to read it there is no ` +
        "knowing whether deno task graph wrote it; choose another name or remove it first",
    );
  }
  if (!(await Deno.readTextFile(path)).startsWith(MARKDOWN_HEADER)) {
    throw new Error(
      `Cannot write ${path}: the file exists and was not written by deno task graph; ` +
        "choose another name or remove it first",
    );
  }
  await Deno.writeTextFile(path, text);
}

if (import.meta.main) {
  const code = await runGraph(Deno.args, new URL("../", import.meta.url), {
    print: (text) => console.log(text),
    printError: (text) => console.error(text),
    writeFile: writeOutFile,
  });
  Deno.exit(code);
}
