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
 * The learner's code (their `Value`, `backward` and the `topologicalOrder` it
 * calls) runs in a worker thread, never in this process, under a time limit
 * (`--timeout=SECONDS`, default 5) and a heap limit: a kata that loops
 * forever is stopped and named, and what is known is still drawn (the
 * values, when only `backward` hung). The worker sends back plain data (each
 * node's data, gradient, operation, operands and local gradients), which is
 * drawn here. It is a `node:worker_threads` Worker because only that kind
 * takes a heap limit (`resourceLimits`); a web `Worker` that fills its heap
 * ends the whole process. Before `backward`, a second worker runs
 * `topologicalOrder` alone on a graph of its own, to tell which kata hangs.
 *
 * Permissions: read of `katas/`, `solutions/` and `lib/` (the kata files are
 * imported at run time, and import `lib/todo.ts`), nothing else; the worker
 * has the same (its code is given as text, which needs no permission, and
 * narrowing a worker's permissions needs `--unstable-worker-options`); `--out`
 * asks Deno for permission to write that one file when it is needed (Deno
 * asks the person at the terminal; give `--allow-write=FILE` to skip that).
 *
 * @module
 */

import {
  evaluate,
  type Expr,
  ExprError,
  FUNCTIONS,
  parseExpr,
  type ValueMethods,
} from "./_expr.ts";
import { Worker } from "node:worker_threads";
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

/** A method of kata 01's `Value` that building a graph calls. */
type MethodName = keyof ValueMethods<unknown>;

/**
 * One step of building a graph, as plain data: make a leaf from a number, or
 * call a method on the `Value` of an earlier step (by its index), with a
 * number or another step's `Value` as the argument, if any.
 */
export type BuildStep =
  | { readonly leaf: number }
  | {
    readonly on: number;
    readonly method: MethodName;
    readonly number?: number;
    readonly step?: number;
  };

/** How to build a graph: its steps, the step that is the output, and names for some steps. */
export interface Recipe {
  readonly steps: readonly BuildStep[];
  readonly root: number;
  readonly labels: readonly (readonly [number, string])[];
}

/** A stand-in `Value` that records the calls made on it, so the learner's can replay them. */
class Recorder implements ValueMethods<Recorder> {
  constructor(private readonly steps: BuildStep[], readonly index: number) {}

  private call(method: MethodName, arg?: Recorder | number): Recorder {
    const on = this.index;
    this.steps.push(
      arg === undefined
        ? { on, method }
        : typeof arg === "number"
        ? { on, method, number: arg }
        : { on, method, step: arg.index },
    );
    return new Recorder(this.steps, this.steps.length - 1);
  }

  add(other: Recorder | number): Recorder {
    return this.call("add", other);
  }
  mul(other: Recorder | number): Recorder {
    return this.call("mul", other);
  }
  sub(other: Recorder | number): Recorder {
    return this.call("sub", other);
  }
  div(other: Recorder | number): Recorder {
    return this.call("div", other);
  }
  pow(n: number): Recorder {
    return this.call("pow", n);
  }
  neg(): Recorder {
    return this.call("neg");
  }
  log(): Recorder {
    return this.call("log");
  }
  exp(): Recorder {
    return this.call("exp");
  }
  relu(): Recorder {
    return this.call("relu");
  }
}

/**
 * The steps that build the seed page's example (no `tree`) or the expression
 * `tree` over `inputs`: the calls {@linkcode seedGraph} or `evaluate` make on
 * a `Value`, in order. No learner code runs here.
 *
 * @param tree The parsed `--expr`, if any.
 * @param inputs The value of each input name.
 * @returns The steps, the output's step and the names of the labelled steps.
 */
export function recipeOf(tree: Expr | undefined, inputs: ReadonlyMap<string, number>): Recipe {
  const steps: BuildStep[] = [];
  const leaf = (n: number): Recorder => {
    steps.push({ leaf: n });
    return new Recorder(steps, steps.length - 1);
  };
  let graph: LabelledGraph<Recorder>;
  if (tree === undefined) {
    graph = seedGraph(leaf);
  } else {
    const values = new Map<string, Recorder>();
    const labels = new Map<Recorder, string>();
    for (const [name, n] of inputs) {
      const v = leaf(n);
      values.set(name, v);
      labels.set(v, name);
    }
    graph = { root: evaluate(tree, values, leaf), labels };
  }
  return {
    steps,
    root: graph.root.index,
    labels: [...graph.labels].map(([v, label]) => [v.index, label] as const),
  };
}

/** What the worker is asked to do: the kata files to import, and the graph to build. */
interface WorkerJob {
  readonly valueUrl: string;
  readonly backwardUrl: string;
  readonly recipe: Recipe;
  /**
   * Kata 02's file, for a probe: a second worker that builds its own graph and runs
   * `topologicalOrder` on it alone (not `backward`), so that a `backward` that does not finish
   * can be told from a `topologicalOrder` that does not.
   */
  readonly topologicalOrderUrl?: string;
}

/** An error thrown by the learner's code, as plain data. */
interface PlainError {
  /** Whether it was an `Error` (or a subclass); otherwise `message` is the thrown value as text. */
  readonly isError: boolean;
  readonly name: string;
  readonly message: string;
  /** A `NotWrittenYet`'s `what`. */
  readonly what?: string;
}

/** A node as the worker sends it: numbers or text for the fields, operands by index. */
interface PlainNode {
  readonly data: number | string | undefined;
  readonly grad: number | string | undefined;
  readonly op: string;
  readonly children: readonly number[];
  readonly localGrads: readonly (number | string | undefined)[];
}

/** A graph as the worker sends it: its nodes in `collectNodes`'s order (the output last). */
interface PlainGraph {
  readonly nodes: readonly PlainNode[];
  readonly labels: readonly (readonly [number, string])[];
}

/** What the worker tells: in order, `ready`, one forward message, then one backward message. */
type WorkerMessage =
  | { readonly kind: "ready" }
  | { readonly kind: "valueNotLoaded"; readonly error: PlainError }
  | { readonly kind: "noValueClass" }
  | { readonly kind: "buildFailed"; readonly error: PlainError }
  | { readonly kind: "built"; readonly rootData: number | string | undefined } & PlainGraph
  | { readonly kind: "backwardFailed"; readonly error: PlainError }
  | { readonly kind: "noBackward" }
  | { readonly kind: "backwardDone" } & PlainGraph
  | { readonly kind: "probed" }
  // From the worker's owner, not from the worker: its heap is full, or it has stopped.
  | { readonly kind: "outOfMemory" }
  | { readonly kind: "ended" }
  | { readonly kind: "uncaught"; readonly error: PlainError };

/**
 * The worker's program. It runs in the worker from its source text
 * (`String(graphWorker)`), so it uses nothing from outside its own body
 * except types: it imports the kata files, replays the recipe with the
 * learner's `Value`, runs their `backward`, and posts plain data back.
 */
function graphWorker(port: {
  on(event: "message", listener: (message: unknown) => void): void;
  postMessage(message: WorkerMessage): void;
}): void {
  type Obj = Record<string, unknown>;
  let onMessage = (_message: unknown): void => {};
  port.on("message", (message) => onMessage(message));
  const post = (message: WorkerMessage): void => port.postMessage(message);
  // Posts the last message after a turn of the event loop, so that an error nothing caught so far
  // (a promise rejected while the kata files loaded) is reported before the worker is stopped.
  const settled = async (message: WorkerMessage): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    post(message);
  };
  const plain = (x: unknown): number | string | undefined => {
    if (typeof x === "number" || x === undefined) return x;
    try {
      return String(x);
    } catch {
      return Object.prototype.toString.call(x);
    }
  };
  const plainError = (err: unknown): PlainError => {
    if (err instanceof Error) {
      const what = (err as Error & { what?: unknown }).what;
      return {
        isError: true,
        name: String(err.name),
        message: String(err.message),
        ...(typeof what === "string" ? { what } : {}),
      };
    }
    return { isError: false, name: "", message: String(plain(err)) };
  };
  // The operands of a node, as _mermaid.ts's childrenOf takes them.
  const childrenOf = (node: Obj): Obj[] => {
    const children: unknown = node.children;
    return Array.isArray(children)
      ? children.filter((c): c is Obj => typeof c === "object" && c !== null)
      : [];
  };
  // The graph under root in _mermaid.ts's collectNodes order, as plain data.
  const snapshot = (root: Obj, labelled: ReadonlyMap<unknown, string>): PlainGraph => {
    const order: Obj[] = [];
    const operands = new Map<Obj, Obj[]>([[root, childrenOf(root)]]);
    const stack = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const children = operands.get(top.node)!;
      if (top.next < children.length) {
        const child = children[top.next++];
        if (!operands.has(child)) {
          operands.set(child, childrenOf(child));
          stack.push({ node: child, next: 0 });
        }
      } else {
        stack.pop();
        order.push(top.node);
      }
    }
    const index = new Map(order.map((node, i) => [node, i]));
    const nodes = order.map((node): PlainNode => {
      const children = operands.get(node)!;
      const localGrads: unknown = node.localGrads;
      return {
        data: plain(node.data),
        grad: plain(node.grad),
        op: typeof node.op === "string" ? node.op : "",
        children: children.map((c) => index.get(c)!),
        localGrads: Array.isArray(localGrads) ? children.map((_, i) => plain(localGrads[i])) : [],
      };
    });
    const labels = [...labelled].flatMap(([v, label]) => {
      const i = index.get(v as Obj);
      return i === undefined ? [] : [[i, label] as const];
    });
    return { nodes, labels };
  };

  // An error no one catches (a rejected promise, a throw in a timer) cannot be tied to a step:
  // it is sent as a note, not printed with its stack by Deno.
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    post({ kind: "uncaught", error: plainError(event.error ?? event.message) });
  });
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    post({ kind: "uncaught", error: plainError(event.reason) });
  });

  onMessage = async (message) => {
    const job = message as WorkerJob;
    let mod: Obj;
    try {
      mod = await import(job.valueUrl);
    } catch (err) {
      return post({ kind: "valueNotLoaded", error: plainError(err) });
    }
    const ValueClass = mod.Value;
    if (typeof ValueClass !== "function") return post({ kind: "noValueClass" });
    const values: unknown[] = [];
    let root: Obj;
    let labelled: Map<unknown, string>;
    try {
      for (const step of job.recipe.steps) {
        if ("leaf" in step) {
          values.push(new (ValueClass as new (n: number) => unknown)(step.leaf));
          continue;
        }
        const self = values[step.on] as Obj | null | undefined;
        const made = job.recipe.steps[step.on];
        const from = "leaf" in made ? `new Value(${made.leaf})` : `Value.${made.method}`;
        if (typeof self !== "object" || self === null) {
          throw new TypeError(`${from} gave ${String(plain(self))}, not a Value`);
        }
        const method = self[step.method];
        if (typeof method !== "function") {
          throw new TypeError(`Value.${step.method} is not a method of what ${from} gave`);
        }
        const arg = step.step !== undefined
          ? [values[step.step]]
          : "number" in step
          ? [step.number]
          : [];
        values.push(method.apply(self, arg));
      }
      const output = values[job.recipe.root];
      const rootData: unknown = output === null || output === undefined
        ? undefined
        : (output as Obj).data;
      if (typeof rootData !== "number") {
        return post({ kind: "built", rootData: plain(rootData), nodes: [], labels: [] });
      }
      root = output as Obj;
      labelled = new Map(job.recipe.labels.map(([i, label]) => [values[i], label]));
      if (job.topologicalOrderUrl === undefined) {
        post({ kind: "built", rootData, ...snapshot(root, labelled) });
      }
    } catch (err) {
      return post({ kind: "buildFailed", error: plainError(err) });
    }
    if (job.topologicalOrderUrl !== undefined) {
      try {
        const topologicalOrder: unknown = (await import(job.topologicalOrderUrl)).topologicalOrder;
        if (typeof topologicalOrder === "function") topologicalOrder(root);
      } catch {
        // It finished, which is all the probe asks.
      }
      return post({ kind: "probed" });
    }
    // Wait for the word to go on: the probe of topologicalOrder runs first, alone.
    await new Promise<void>((resolve) => {
      onMessage = () => resolve();
    });
    try {
      const backward: unknown = (await import(job.backwardUrl)).backward;
      if (typeof backward !== "function") return await settled({ kind: "noBackward" });
      backward(root);
      await settled({ kind: "backwardDone", ...snapshot(root, labelled) });
    } catch (err) {
      await settled({ kind: "backwardFailed", error: plainError(err) });
    }
  };
  post({ kind: "ready" });
}

/** A running worker, read one message at a time with a time limit. */
interface LearnerRun {
  /** Gives the worker its job (once it has said it is ready). */
  start(job: WorkerJob): void;
  /** The worker's next message (not an `uncaught` one), or `undefined` when `ms` pass first. */
  next(ms: number): Promise<WorkerMessage | undefined>;
  /** Tells the worker to go on from building the graph to running backward. */
  go(): void;
  /** The errors the kata code threw where nothing caught them, so far. */
  readonly uncaught: PlainError[];
  /** Stops the worker, whatever it is doing. */
  stop(): Promise<void>;
}

/** Starts the worker that runs the learner's code. */
function startLearnerRun(): LearnerRun {
  // A worker_threads Worker, as Deno gives it, for its heap limit: a loop that makes ever more
  // objects fills the worker's heap, and the worker stops, not the whole process.
  const source = "(async () => {\n" +
    '  const { parentPort } = await import("node:worker_threads");\n' +
    `  (${String(graphWorker)})(parentPort);\n` +
    "})();\n";
  const worker = new Worker(source, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const queue: WorkerMessage[] = [];
  const uncaught: PlainError[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: WorkerMessage) => {
    if (message.kind === "uncaught") {
      uncaught.push(message.error);
      return;
    }
    queue.push(message);
    wake?.();
  };
  worker.on("message", (message: WorkerMessage) => deliver(message));
  worker.on("error", (err: Error & { code?: unknown }) => {
    if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
      deliver({ kind: "outOfMemory" });
    } else {
      deliver({ kind: "uncaught", error: { isError: false, name: "", message: err.message } });
    }
  });
  worker.on("exit", () => deliver({ kind: "ended" }));
  return {
    async next(ms) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        while (queue.length === 0) {
          const woken = await new Promise<boolean>((resolve) => {
            wake = () => resolve(true);
            timer = setTimeout(() => resolve(false), ms);
          });
          clearTimeout(timer);
          wake = undefined;
          if (!woken) return undefined;
        }
        return queue.shift();
      } finally {
        clearTimeout(timer);
      }
    },
    uncaught,
    go: () => worker.postMessage("go"),
    start: (job) => worker.postMessage(job),
    stop: async () => {
      worker.removeAllListeners();
      await worker.terminate();
    },
  };
}

/** An error from the worker as an `Error` again (or the thrown text), for the messages. */
function errorFrom(plain: PlainError): unknown {
  if (!plain.isError) return plain.message;
  const err = new Error(plain.message);
  err.name = plain.name;
  if (plain.what !== undefined) Object.assign(err, { what: plain.what });
  return err;
}

/** The graph the worker sent, as objects to draw, with the labels keyed by them. */
function graphFrom(plain: PlainGraph): LabelledGraph<GraphNode> {
  const nodes = plain.nodes.map((n) => ({
    data: n.data as number,
    grad: n.grad as number,
    op: n.op,
    children: [] as GraphNode[],
    localGrads: n.localGrads as number[],
  }));
  plain.nodes.forEach((n, i) => nodes[i].children.push(...n.children.map((c) => nodes[c])));
  return {
    root: nodes[nodes.length - 1],
    labels: new Map(plain.labels.map(([i, label]) => [nodes[i], label])),
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
  /** The time limit for each step of the learner's code, in seconds. */
  readonly timeout: number;
}

/** The largest heap the worker running the learner's code may use, in megabytes. */
const WORKER_HEAP_MB = 256;

/** The default time limit for each step of the learner's code, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 5;

/** A mistake on the command line. */
class UsageError extends Error {}

const USAGE = `Usage: deno task graph [--reference] [--expr EXPR --NAME=NUMBER ...] [--out FILE.md]
                       [--max-nodes=N] [--timeout=SECONDS]

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
  --timeout=SECONDS    stop your code if building the graph, or backward, takes
                       longer than this (default ${DEFAULT_TIMEOUT_SECONDS}): it may loop forever
  --help               this text

Paste the flowchart into https://mermaid.live or a Markdown file to see it.`;

const RESERVED = new Set(["help", "reference", "expr", "out", "max-nodes", "timeout"]);

/** Reads the command line. */
function parseGraphArgs(args: readonly string[]): GraphArgs {
  let help = false;
  let reference = false;
  let expr: string | undefined;
  let out: string | undefined;
  let maxNodes = DEFAULT_MAX_NODES;
  let timeout = DEFAULT_TIMEOUT_SECONDS;
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
    } else if (name === "timeout") {
      timeout = value.trim() === "" ? NaN : Number(value);
      if (!Number.isFinite(timeout) || timeout <= 0) {
        throw new UsageError(`--timeout must be a positive number of seconds: got '${value}'`);
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
  return { help, reference, expr, inputs, out, maxNodes, timeout };
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
  const topologicalOrderFile = `${folder}/02/topological_order.ts`;
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

  // The steps that build the graph, recorded from the expression: no learner code runs here.
  let recipe: Recipe;
  try {
    recipe = recipeOf(tree, options.inputs);
  } catch (err) {
    const name = err instanceof Error ? `${err.name}: ` : "";
    return kata01First(`building the graph failed: ${name}${messageOf(err, repoRoot)}`);
  }

  // The learner's code runs in a worker, one step at a time, each within the time limit.
  const limit = options.timeout * 1000;
  const seconds = `${options.timeout} s`;
  const hangs = (kata: string) =>
    `it may loop forever; deno task check-progress ${kata} shows which test hangs`;
  /** How a step's code failed to finish, from its worker's next message, if it did. */
  const stuck = (message: WorkerMessage | undefined): string | undefined =>
    message === undefined
      ? `did not finish within ${seconds}`
      : message.kind === "outOfMemory"
      ? `ran out of memory (the limit is ${WORKER_HEAP_MB} MB)`
      : message.kind === "ended"
      ? "stopped its worker before finishing"
      : undefined;
  const run = startLearnerRun();
  let probe: LearnerRun | undefined;
  let graph: LabelledGraph<GraphNode>;
  let noGradients: string | undefined;
  try {
    if ((await run.next(Math.max(limit, 30_000)))?.kind !== "ready") {
      io.printError("Cannot draw the graph: the worker that runs the kata code did not start");
      return 1;
    }
    const job: WorkerJob = {
      valueUrl: new URL(valueFile, repoRoot).href,
      backwardUrl: new URL(backwardFile, repoRoot).href,
      recipe,
    };
    run.start(job);

    // The forward pass, with the learner's Value.
    const forward = await run.next(limit);
    const forwardStuck = stuck(forward);
    if (forward === undefined || forwardStuck !== undefined) {
      return kata01First(
        `building the graph with ${options.reference ? "the reference" : "your"} Value ` +
          `(${valueFile}) ${forwardStuck}: ${hangs("01")}`,
      );
    }
    switch (forward.kind) {
      case "valueNotLoaded":
        return kata01First(
          `${valueFile} could not be loaded: ${messageOf(errorFrom(forward.error), repoRoot)}`,
        );
      case "noValueClass":
        return kata01First(`${valueFile} does not export a class named Value`);
      case "buildFailed": {
        const err = errorFrom(forward.error);
        if (isNotWrittenYet(err)) return kata01First(err.message);
        const name = err instanceof Error ? `${err.name}: ` : "";
        return kata01First(
          `building the graph with your Value failed: ${name}${messageOf(err, repoRoot)}`,
        );
      }
      case "built":
        break;
      default:
        throw new Error(`Unexpected message from the worker: ${forward.kind}`);
    }
    if (typeof forward.rootData !== "number") {
      return kata01First(
        `the output of your Value's operations has no number in .data (got ${
          String(forward.rootData)
        })`,
      );
    }
    graph = graphFrom(forward);

    // First a probe: kata 02's topologicalOrder alone, on a graph of its own in a worker of its
    // own (so nothing it leaves behind touches the real run), to tell a topologicalOrder that
    // does not finish from a backward that does not.
    probe = startLearnerRun();
    const probeReady = await probe.next(Math.max(limit, 30_000));
    probe.start({ ...job, topologicalOrderUrl: new URL(topologicalOrderFile, repoRoot).href });
    const probed = probeReady?.kind === "ready" ? await probe.next(limit) : probeReady;
    await probe.stop();
    const probeStuck = stuck(probed);
    if (probeStuck !== undefined) {
      // backward, which calls it, is not run
      noGradients = `kata 02's topologicalOrder (${topologicalOrderFile}), which backward calls, ` +
        `${probeStuck}, so no gradients: ${hangs("02")}`;
    } else {
      // The backward pass, once kata 03 is written.
      run.go();
      const back = await run.next(limit);
      const backStuck = stuck(back);
      if (back === undefined || backStuck !== undefined) {
        noGradients = `kata 03's backward (${backwardFile}) ${backStuck}, so no gradients: ` +
          hangs("03");
      } else if (back.kind === "backwardDone") {
        graph = graphFrom(back);
      } else if (back.kind === "noBackward") {
        noGradients = `${backwardFile} does not export a function named backward, so no gradients`;
      } else if (back.kind === "backwardFailed") {
        noGradients = noGradientsReason(errorFrom(back.error), backwardFile, repoRoot);
      } else {
        throw new Error(`Unexpected message from the worker: ${back.kind}`);
      }
    }
  } finally {
    await run.stop();
    await probe?.stop();
    const [first, ...more] = run.uncaught;
    if (first !== undefined) {
      const err = errorFrom(first);
      const name = err instanceof Error ? `${err.name}: ` : "";
      io.printError(
        `The kata code threw an error that nothing caught (in a promise or a timer): ` +
          name + messageOf(err, repoRoot) +
          (more.length > 0 ? ` (and ${more.length} more)` : ""),
      );
    }
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
