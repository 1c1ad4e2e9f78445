/**
 * A small expression language for `deno task graph --expr`: numbers, named
 * inputs, `+ - * /`, `**` (a power by a number), unary `-`, parentheses and
 * the functions `relu`, `log`, `exp`. A recursive-descent parser turns the
 * text into a tree (no `eval`, no `Function`), and {@linkcode evaluate} maps
 * the tree onto a `Value`'s methods the way Python maps microgpt.py's
 * operators onto `Value`'s dunder methods, so the graph is the one
 * microgpt.py would build: `a - b` is `a + (b * -1)`, `2 * a` is `a * 2`, and
 * arithmetic on plain numbers is done before it reaches a `Value`.
 *
 * @module
 */

/** The functions an expression may call, each a `Value` method of the same name. */
export const FUNCTIONS = ["relu", "log", "exp"] as const;

/** One of {@linkcode FUNCTIONS}. */
export type FunctionName = typeof FUNCTIONS[number];

/** A binary operator of the language. */
export type BinaryOp = "+" | "-" | "*" | "/" | "**";

/** A parsed expression. `column` is where it starts in the text, counting from 1. */
export type Expr =
  | { readonly kind: "number"; readonly value: number; readonly column: number }
  | { readonly kind: "name"; readonly name: string; readonly column: number }
  | {
    readonly kind: "call";
    readonly fn: FunctionName;
    readonly arg: Expr;
    readonly column: number;
  }
  | { readonly kind: "neg"; readonly arg: Expr; readonly column: number }
  | {
    readonly kind: "binary";
    readonly op: BinaryOp;
    readonly left: Expr;
    readonly right: Expr;
    readonly column: number;
  };

/** The longest expression accepted, in characters. */
export const MAX_LENGTH = 10_000;
/** The deepest nesting of parentheses, calls, minus signs and powers accepted. */
export const MAX_DEPTH = 100;

/**
 * A problem with an expression, pointing at the column where it is. The
 * message's first line says what is wrong; the next two show the expression
 * and a caret under the column.
 */
export class ExprError extends SyntaxError {
  /** Where the problem is, counting from 1. */
  readonly column: number;
  /** The unknown name, when that is the problem. */
  readonly unknownName: string | undefined;

  /**
   * @param problem What is wrong, e.g. `"Unexpected ')' at column 9: expected a number"`.
   * @param text The whole expression.
   * @param column Where the problem is, counting from 1.
   * @param unknownName The unknown name, when that is the problem.
   */
  constructor(problem: string, text: string, column: number, unknownName?: string) {
    super(`${problem}\n  ${text}\n  ${" ".repeat(column - 1)}^`);
    this.name = "ExprError";
    this.column = column;
    this.unknownName = unknownName;
  }
}

type TokenKind = "number" | "name" | "op" | "(" | ")" | "end";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly column: number;
}

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits `text` into tokens, ending with an `"end"` token. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    const name = NAME.exec(rest);
    if (number) {
      tokens.push({ kind: "number", text: number[0], column: i + 1 });
      i += number[0].length;
    } else if (name) {
      tokens.push({ kind: "name", text: name[0], column: i + 1 });
      i += name[0].length;
    } else if (rest.startsWith("**")) {
      tokens.push({ kind: "op", text: "**", column: i + 1 });
      i += 2;
    } else if ("+-*/".includes(ch)) {
      tokens.push({ kind: "op", text: ch, column: i + 1 });
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch, text: ch, column: i + 1 });
      i++;
    } else {
      const hint = ch === "^"
        ? ": write a power as a ** 2"
        : ": use numbers, names, + - * / ** and ( )";
      throw new ExprError(`Unexpected character '${ch}' at column ${i + 1}${hint}`, text, i + 1);
    }
  }
  tokens.push({ kind: "end", text: "", column: text.length + 1 });
  return tokens;
}

/** How a token is named in a message. */
function describe(token: Token): string {
  return token.kind === "end" ? "the end of the expression" : `'${token.text}'`;
}

/**
 * Parses an expression over the named inputs `names`.
 *
 * @param text The expression, e.g. `"relu(a*b + 10)"`.
 * @param names The input names it may use (not the function names).
 * @returns The expression's tree.
 * @throws {ExprError} On bad syntax, an unknown name, or an expression too long or deep.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseExpr } from "./_expr.ts";
 *
 * assertEquals(parseExpr("-a", ["a"]), {
 *   kind: "neg",
 *   arg: { kind: "name", name: "a", column: 2 },
 *   column: 1,
 * });
 * ```
 */
export function parseExpr(text: string, names: readonly string[]): Expr {
  if (text.length > MAX_LENGTH) {
    throw new RangeError(
      `Cannot parse an expression of ${text.length} characters: the limit is ${MAX_LENGTH}`,
    );
  }
  const tokens = tokenize(text);
  const known = new Set(names);
  let pos = 0;
  let depth = 0;

  const peek = (): Token => tokens[pos];
  const fail = (problem: string, token: Token, unknownName?: string): never => {
    throw new ExprError(problem, text, token.column, unknownName);
  };
  const enter = (token: Token): void => {
    if (++depth > MAX_DEPTH) {
      fail(`The expression is nested more than ${MAX_DEPTH} deep at column ${token.column}`, token);
    }
  };
  const isOp = (token: Token, ...ops: string[]): boolean =>
    token.kind === "op" && ops.includes(token.text);

  // sum := product (("+" | "-") product)*
  function sum(): Expr {
    let left = product();
    while (isOp(peek(), "+", "-")) {
      const op = tokens[pos++];
      const right = product();
      left = { kind: "binary", op: op.text as BinaryOp, left, right, column: op.column };
    }
    return left;
  }

  // product := unary (("*" | "/") unary)*
  function product(): Expr {
    let left = unary();
    while (isOp(peek(), "*", "/")) {
      const op = tokens[pos++];
      const right = unary();
      left = { kind: "binary", op: op.text as BinaryOp, left, right, column: op.column };
    }
    return left;
  }

  // unary := "-" unary | power   (so -a ** 2 is -(a ** 2), as in Python)
  function unary(): Expr {
    const token = peek();
    if (isOp(token, "-")) {
      pos++;
      enter(token);
      const arg = unary();
      depth--;
      return { kind: "neg", arg, column: token.column };
    }
    return power();
  }

  // power := primary ("**" unary)?   (right-associative: a ** b ** c is a ** (b ** c))
  function power(): Expr {
    const base = primary();
    const token = peek();
    if (!isOp(token, "**")) return base;
    pos++;
    enter(token);
    const exponent = unary();
    depth--;
    const input = firstName(exponent);
    if (input) {
      throw new ExprError(
        `The power at column ${input.column} uses the input '${input.name}': ` +
          "a power must be a plain number, as Value.pow takes in microgpt.py",
        text,
        input.column,
      );
    }
    return { kind: "binary", op: "**", left: base, right: exponent, column: token.column };
  }

  // primary := number | name | function "(" sum ")" | "(" sum ")"
  function primary(): Expr {
    const token = tokens[pos++];
    if (token.kind === "number") {
      const value = Number(token.text);
      if (!Number.isFinite(value)) fail(`The number ${token.text} is too large`, token);
      return { kind: "number", value, column: token.column };
    }
    if (token.kind === "name") {
      const fn = (FUNCTIONS as readonly string[]).includes(token.text);
      const call = peek().kind === "(";
      if (fn && !call) {
        fail(
          `'${token.text}' at column ${token.column} is a function: write ${token.text}(...)`,
          token,
        );
      }
      if (fn) {
        pos++;
        enter(token);
        const arg = inner();
        depth--;
        return { kind: "call", fn: token.text as FunctionName, arg, column: token.column };
      }
      if (!known.has(token.text)) {
        const inputs = names.length > 0
          ? `the inputs are ${[...names].sort().join(", ")}`
          : "no inputs are given";
        fail(
          `Unknown name '${token.text}' at column ${token.column}: ${inputs},` +
            ` and the functions are ${FUNCTIONS.join(", ")}`,
          token,
          token.text,
        );
      }
      if (call) {
        fail(
          `'${token.text}' at column ${token.column} is an input, not a function: ` +
            `the functions are ${FUNCTIONS.join(", ")}`,
          token,
        );
      }
      return { kind: "name", name: token.text, column: token.column };
    }
    if (token.kind === "(") {
      enter(token);
      const e = inner();
      depth--;
      return e;
    }
    const found = token.kind === "end"
      ? `The expression ends at column ${token.column}`
      : `Unexpected ${describe(token)} at column ${token.column}`;
    return fail(`${found}: expected a number, a name or '('`, token);
  }

  // The inside of parentheses, after the "(": a sum, then ")".
  function inner(): Expr {
    const open = tokens[pos - 1];
    const e = sum();
    const close = peek();
    if (close.kind !== ")") {
      fail(
        `Expected ')' at column ${close.column} to close the '(' at column ${open.column}, ` +
          `but found ${describe(close)}`,
        close,
      );
    }
    pos++;
    return e;
  }

  if (peek().kind === "end") {
    fail("The expression is empty: write one such as relu(a*b + 10)", peek());
  }
  const tree = sum();
  const rest = peek();
  if (rest.kind !== "end") {
    const what = rest.kind === ")"
      ? "it has no matching '('"
      : "expected an operator (+ - * / **) or the end";
    fail(`Unexpected ${describe(rest)} at column ${rest.column}: ${what}`, rest);
  }
  return tree;
}

/** The first input name used in `expr`, if any: an expression without one is a plain number. */
function firstName(expr: Expr): Expr & { kind: "name" } | undefined {
  switch (expr.kind) {
    case "number":
      return undefined;
    case "name":
      return expr;
    case "neg":
    case "call":
      return firstName(expr.arg);
    case "binary":
      return firstName(expr.left) ?? firstName(expr.right);
  }
}

/** What {@linkcode evaluate} needs of a `Value`: the methods of kata 01. */
export interface ValueMethods<V> {
  add(other: V | number): V;
  mul(other: V | number): V;
  sub(other: V | number): V;
  div(other: V | number): V;
  pow(n: number): V;
  neg(): V;
  log(): V;
  exp(): V;
  relu(): V;
}

/**
 * Computes `expr` with `Value`s, calling their methods as Python calls
 * microgpt.py's operators: `v op x` is `v.add(x)`, `v.sub(x)`, `v.mul(x)`,
 * `v.div(x)` or `v.pow(x)`; `n + v` is `v.add(n)` and `n * v` is `v.mul(n)`
 * (`__radd__`, `__rmul__`); `n - v` is `v.neg().add(n)` (`__rsub__`);
 * `n / v` is `v.pow(-1).mul(n)` (`__rtruediv__`); `-v` is `v.neg()`.
 * Arithmetic on two plain numbers is done on the numbers. A function of a
 * plain number, or a whole expression that is a plain number, becomes a leaf.
 *
 * @param expr The tree from {@linkcode parseExpr}.
 * @param inputs The `Value` for each input name (the same one at each use).
 * @param leaf Makes a leaf `Value` from a number (`(n) => new Value(n)`).
 * @returns The `Value` at the root of the expression.
 * @throws {TypeError} For a power that is not a plain number, which `Value.pow` cannot take.
 */
export function evaluate<V extends ValueMethods<V>>(
  expr: Expr,
  inputs: ReadonlyMap<string, V>,
  leaf: (n: number) => V,
): V {
  const result = evalNode(expr, inputs, leaf);
  return typeof result === "number" ? leaf(result) : result;
}

function evalNode<V extends ValueMethods<V>>(
  expr: Expr,
  inputs: ReadonlyMap<string, V>,
  leaf: (n: number) => V,
): V | number {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "name": {
      const v = inputs.get(expr.name);
      if (v === undefined) throw new TypeError(`No value was given for the input '${expr.name}'`);
      return v;
    }
    case "neg": {
      const x = evalNode(expr.arg, inputs, leaf);
      return typeof x === "number" ? -x : x.neg();
    }
    case "call": {
      const x = evalNode(expr.arg, inputs, leaf);
      const v = typeof x === "number" ? leaf(x) : x;
      return expr.fn === "relu" ? v.relu() : expr.fn === "log" ? v.log() : v.exp();
    }
    case "binary": {
      const l = evalNode(expr.left, inputs, leaf);
      const r = evalNode(expr.right, inputs, leaf);
      return binary(expr.op, l, r, expr.column);
    }
  }
}

function binary<V extends ValueMethods<V>>(
  op: BinaryOp,
  l: V | number,
  r: V | number,
  column: number,
): V | number {
  if (typeof l === "number" && typeof r === "number") {
    switch (op) {
      case "+":
        return l + r;
      case "-":
        return l - r;
      case "*":
        return l * r;
      case "/":
        return l / r;
      case "**":
        return l ** r;
    }
  }
  if (op === "**") {
    if (typeof r !== "number") {
      throw new TypeError(
        `The power at column ${column} must be a plain number, not an expression with inputs: ` +
          "Value.pow takes a number, as in microgpt.py",
      );
    }
    return (l as V).pow(r);
  }
  if (typeof l !== "number") {
    if (op === "+") return l.add(r);
    if (op === "-") return l.sub(r);
    if (op === "*") return l.mul(r);
    return l.div(r);
  }
  const v = r as V;
  if (op === "+") return v.add(l); // __radd__
  if (op === "*") return v.mul(l); // __rmul__
  if (op === "-") return v.neg().add(l); // __rsub__: other + (-self)
  return v.pow(-1).mul(l); // __rtruediv__: other * self ** -1
}
