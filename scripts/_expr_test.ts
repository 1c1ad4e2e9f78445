import { assertEquals, assertInstanceOf, assertStringIncludes, assertThrows } from "@std/assert";
import {
  evaluate,
  type Expr,
  ExprError,
  MAX_DEPTH,
  parseExpr,
  type ValueMethods,
} from "./_expr.ts";

/** A stand-in Value that records each method call, to check what evaluate() builds. */
class Node implements ValueMethods<Node> {
  constructor(readonly text: string) {}
  #op(name: string, ...args: (Node | number)[]): Node {
    const shown = args.map((a) => a instanceof Node ? a.text : `#${a}`);
    return new Node(`${this.text}.${name}(${shown.join(", ")})`);
  }
  add(o: Node | number) {
    return this.#op("add", o);
  }
  mul(o: Node | number) {
    return this.#op("mul", o);
  }
  sub(o: Node | number) {
    return this.#op("sub", o);
  }
  div(o: Node | number) {
    return this.#op("div", o);
  }
  pow(n: number) {
    return this.#op("pow", n);
  }
  neg() {
    return this.#op("neg");
  }
  log() {
    return this.#op("log");
  }
  exp() {
    return this.#op("exp");
  }
  relu() {
    return this.#op("relu");
  }
}

/** What `text` builds, as a chain of method calls on the inputs a, b, c. */
function build(text: string): string {
  const inputs = new Map(["a", "b", "c"].map((n) => [n, new Node(n)]));
  return evaluate(parseExpr(text, [...inputs.keys()]), inputs, (n) => new Node(`leaf(${n})`)).text;
}

/** The error parseExpr gives for `text` (with the inputs a and b). */
function parseError(text: string): ExprError {
  const err = assertThrows(() => parseExpr(text, ["a", "b"]));
  assertInstanceOf(err, ExprError);
  return err;
}

Deno.test({
  name: "parseExpr() follows Python's precedence: ** over unary minus over * / over + -",
  timeout: 10_000,
  fn() {
    const strip = (e: Expr): unknown => {
      switch (e.kind) {
        case "number":
          return e.value;
        case "name":
          return e.name;
        case "neg":
          return ["neg", strip(e.arg)];
        case "call":
          return [e.fn, strip(e.arg)];
        case "binary":
          return [e.op, strip(e.left), strip(e.right)];
      }
    };
    const p = (text: string) => strip(parseExpr(text, ["a", "b"]));
    assertEquals(p("a + b * 2"), ["+", "a", ["*", "b", 2]]);
    assertEquals(p("a - b - 1"), ["-", ["-", "a", "b"], 1]);
    assertEquals(p("a / b / 2"), ["/", ["/", "a", "b"], 2]);
    assertEquals(p("-a ** 2"), ["neg", ["**", "a", 2]]);
    assertEquals(p("a ** 2 ** 3"), ["**", "a", ["**", 2, 3]]);
    assertEquals(p("a ** -0.5"), ["**", "a", ["neg", 0.5]]);
    assertEquals(p("relu((a + b) * 1e-3)"), ["relu", ["*", ["+", "a", "b"], 0.001]]);
    assertEquals(p("  exp( log(a) )"), ["exp", ["log", "a"]]);
    assertEquals(p(".5 + 2."), ["+", 0.5, 2]);
  },
});

Deno.test({
  name: "parseExpr() records the column where each part starts",
  timeout: 10_000,
  fn() {
    const e = parseExpr("relu(a*b + 10)", ["a", "b"]);
    assertEquals(e.kind === "call" && e.column, 1);
    const sum = e.kind === "call" ? e.arg : e;
    assertEquals(sum.kind === "binary" && [sum.op, sum.column], ["+", 10]);
  },
});

Deno.test({
  name: "parseExpr() rejects bad syntax with the column and a caret under it",
  timeout: 10_000,
  fn() {
    const cases: [string, number, string][] = [
      ["a +", 4, "The expression ends at column 4: expected a number, a name or '('"],
      ["a * * b", 5, "Unexpected '*' at column 5"],
      ["(a + b", 7, "Expected ')' at column 7 to close the '(' at column 1"],
      ["a + b)", 6, "Unexpected ')' at column 6: it has no matching '('"],
      ["a b", 3, "Unexpected 'b' at column 3: expected an operator"],
      ["a % 2", 3, "Unexpected character '%' at column 3"],
      ["a ^ 2", 3, "write a power as a ** 2"],
      ["relu a", 1, "'relu' at column 1 is a function: write relu(...)"],
      ["a(2)", 1, "'a' at column 1 is an input, not a function"],
      ["1.2.3", 4, "Unexpected '.3' at column 4"],
      ["", 1, "The expression is empty"],
      ["relu()", 6, "Unexpected ')' at column 6"],
    ];
    for (const [text, column, message] of cases) {
      const err = parseError(text);
      assertEquals(err.column, column, text);
      assertStringIncludes(err.message, message);
      const [, shown, caret] = err.message.split("\n");
      assertEquals(shown, `  ${text}`);
      assertEquals(caret, `  ${" ".repeat(column - 1)}^`);
    }
  },
});

Deno.test({
  name: "parseExpr() names an unknown name, the known inputs and the functions",
  timeout: 10_000,
  fn() {
    const err = parseError("relu(a * x)");
    assertEquals(err.column, 10);
    assertEquals(err.unknownName, "x");
    assertStringIncludes(
      err.message,
      "Unknown name 'x' at column 10: the inputs are a, b, and the functions are relu, log, exp",
    );
    const none = assertThrows(() => parseExpr("y", []), ExprError);
    assertStringIncludes(none.message, "no inputs are given");
  },
});

Deno.test({
  name: "parseExpr() refuses a power that uses an input, as Value.pow takes a number",
  timeout: 10_000,
  fn() {
    const err = parseError("a ** (b + 1)");
    assertEquals(err.column, 7);
    assertStringIncludes(err.message, "uses the input 'b': a power must be a plain number");
    assertEquals(parseError("2 ** a").column, 6);
  },
});

Deno.test({
  name: "parseExpr() limits the nesting depth and the length instead of overflowing the stack",
  timeout: 10_000,
  fn() {
    const deep = "(".repeat(MAX_DEPTH + 1) + "a" + ")".repeat(MAX_DEPTH + 1);
    assertStringIncludes(parseError(deep).message, `nested more than ${MAX_DEPTH} deep`);
    parseExpr("(".repeat(MAX_DEPTH) + "a" + ")".repeat(MAX_DEPTH), ["a"]);
    assertThrows(() => parseExpr("a+".repeat(6000) + "a", ["a"]), RangeError, "the limit is");
  },
});

Deno.test({
  name: "evaluate() calls the Value methods microgpt.py's operators call",
  timeout: 10_000,
  fn() {
    assertEquals(build("a + b"), "a.add(b)");
    assertEquals(build("a - b"), "a.sub(b)");
    assertEquals(build("a * b"), "a.mul(b)");
    assertEquals(build("a / b"), "a.div(b)");
    assertEquals(build("a ** 2"), "a.pow(#2)");
    assertEquals(build("-a"), "a.neg()");
    assertEquals(build("relu(a) + exp(b) * log(c)"), "a.relu().add(b.exp().mul(c.log()))");
    assertEquals(build("a * a"), "a.mul(a)");
  },
});

Deno.test({
  name: "evaluate() puts a number on the left the way Python's reflected operators do",
  timeout: 10_000,
  fn() {
    assertEquals(build("2 + a"), "a.add(#2)"); // __radd__: self + other
    assertEquals(build("2 * a"), "a.mul(#2)"); // __rmul__: self * other
    assertEquals(build("2 - a"), "a.neg().add(#2)"); // __rsub__: other + (-self)
    assertEquals(build("2 / a"), "a.pow(#-1).mul(#2)"); // __rtruediv__: other * self**-1
  },
});

Deno.test({
  name: "evaluate() does arithmetic on plain numbers before it reaches a Value",
  timeout: 10_000,
  fn() {
    assertEquals(build("a * (2 * 3 - 1)"), "a.mul(#5)");
    assertEquals(build("a + -3"), "a.add(#-3)");
    assertEquals(build("a ** (1 / 2)"), "a.pow(#0.5)");
    assertEquals(build("relu(-2)"), "leaf(-2).relu()");
    assertEquals(build("2 ** 3"), "leaf(8)");
  },
});
