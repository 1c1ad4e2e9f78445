import { assertEquals } from "../assert/mod.ts";
import { type Args, parseArgs } from "./mod.ts";

/** True when A and B are the same type. */
type IsExact<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
function assertType<T extends true>(_: T): void {}

Deno.test({
  name: "parseArgs() reads --seed -1 as a flag named 1 and --seed=-1 as a negative number",
  fn() {
    assertEquals(parseArgs(["--seed", "-1"]), { _: [], seed: true, 1: true });
    assertEquals(parseArgs(["--seed", "-1"], { string: ["seed"] }), { _: [], seed: "", 1: true });
    assertEquals(parseArgs(["--seed=-1"]), { _: [], seed: -1 });
    assertEquals(parseArgs(["-5"]), { _: [], 5: true });
    assertEquals(parseArgs(["-5", "x"]), { _: [], 5: "x" });
  },
});

Deno.test({
  name: "parseArgs() converts finite-looking values and positionals to numbers, except string keys",
  fn() {
    assertEquals(parseArgs(["7", "0x10", "1e3", "-", "Infinity", " ", "1.5"]), {
      _: [7, 16, 1000, "-", "Infinity", " ", 1.5],
    });
    assertEquals(parseArgs(["--n", "3", "--s", "3"], { string: ["s"] }), { _: [], n: 3, s: "3" });
    assertEquals<unknown>(parseArgs(["7"], { string: ["_"] })._, ["7"]);
  },
});

Deno.test({
  name: "parseArgs() takes the value after = and reads booleans as false only for 'false'",
  fn() {
    assertEquals(parseArgs(["--a=b=c", "--e="]), { _: [], a: "b=c", e: "" });
    assertEquals(parseArgs(["--r=0", "--s=false"], { boolean: ["r", "s"] }), {
      _: [],
      r: true,
      s: false,
    });
  },
});

Deno.test({
  name: "parseArgs() consumes the next argument for a long flag unless the flag is boolean",
  fn() {
    assertEquals(parseArgs(["--name", "ada", "x"]), { _: ["x"], name: "ada" });
    assertEquals(parseArgs(["--v", "x"], { boolean: ["v"] }), { _: ["x"], v: true });
    assertEquals(parseArgs(["--v", "false"], { boolean: ["v"] }), { _: [], v: false });
    assertEquals(parseArgs(["--a", "false"]), { _: [], a: "false" });
    assertEquals(parseArgs(["--s"], { string: ["s"] }), { _: [], s: "" });
    assertEquals(parseArgs(["--t"]), { _: [], t: true });
  },
});

Deno.test({
  name: "parseArgs() with boolean: true affects long flags without = only",
  fn() {
    assertEquals(parseArgs(["--a", "x", "-b", "y", "--c=1"], { boolean: true }), {
      _: ["x"],
      a: true,
      b: "y",
      c: 1,
    });
  },
});

Deno.test({
  name: "parseArgs() negates only negatable flags, otherwise keeps the no- name",
  fn() {
    assertEquals(parseArgs(["--no-color"]), { _: [], "no-color": true });
    assertEquals(parseArgs(["--no-color"], { boolean: ["color"], negatable: ["color"] }), {
      _: [],
      color: false,
    });
  },
});

Deno.test({
  name: "parseArgs() splits short flag clusters and lets letters take inline values",
  fn() {
    assertEquals(parseArgs(["-abc", "val"]), { _: [], a: true, b: true, c: "val" });
    assertEquals(parseArgs(["-n5", "-m=7", "-a.b", "-x-"]), {
      _: [],
      n: 5,
      m: 7,
      a: ".b",
      x: "-",
    });
    assertEquals(parseArgs(["-v", "-"], { boolean: ["v"] }), { _: ["-"], v: true });
  },
});

Deno.test({
  name: "parseArgs() overwrites repeated flags unless collected",
  fn() {
    assertEquals(parseArgs(["--c", "1", "--c", "2"]), { _: [], c: 2 });
    assertEquals(parseArgs(["--c", "1", "--c", "2"], { collect: ["c"] }), { _: [], c: [1, 2] });
    assertEquals(parseArgs(["--c", "1", "--c", "2"], { collect: ["c"], string: ["c"] }), {
      _: [],
      c: ["1", "2"],
    });
  },
});

Deno.test({
  name: "parseArgs() nests dotted keys and drops __proto__ and constructor paths",
  fn() {
    assertEquals(parseArgs(["--a.b=1", "--a.c", "x"]), { _: [], a: { b: 1, c: "x" } });
    const parsed = parseArgs(["--constructor=x", "--__proto__.polluted=1"]);
    assertEquals(parsed, { _: [] });
    assertEquals(({} as Record<string, unknown>).polluted, undefined);
  },
});

Deno.test({
  name: "parseArgs() sets every name of an alias group and spreads option membership",
  fn() {
    assertEquals(parseArgs(["-h"], { alias: { help: ["h", "?"] }, boolean: ["help"] }), {
      _: [],
      h: true,
      help: true,
      "?": true,
    });
    assertEquals(parseArgs(["-h", "x"], { alias: { h: "help" }, boolean: ["help"] }), {
      _: ["x"],
      h: true,
      help: true,
    });
  },
});

Deno.test({
  name:
    "parseArgs() applies defaults, then false for booleans and [] for collected booleans and strings",
  fn() {
    assertEquals(
      parseArgs([], {
        boolean: ["v", "w"],
        string: ["s", "t"],
        collect: ["w", "t"],
        default: { "d.e": 1, name: "anon" },
        alias: { name: "n" },
      }),
      { _: [], d: { e: 1 }, name: "anon", n: "anon", v: false, w: [], t: [] },
    );
    assertEquals(parseArgs(["--name=bo"], { default: { name: "anon" } }), { _: [], name: "bo" });
  },
});

Deno.test({
  name: "parseArgs() keeps everything after the first -- as raw strings",
  fn() {
    assertEquals(parseArgs(["--x", "1", "--", "2", "--y", "--"]), { _: ["2", "--y", "--"], x: 1 });
    assertEquals(parseArgs(["a", "--", "2"], { "--": true }), { _: ["a"], "--": ["2"] });
    assertEquals(parseArgs(["a"], { "--": true }), { _: ["a"], "--": [] });
  },
});

Deno.test({
  name: "parseArgs() with stopEarly appends everything after the first positional raw",
  fn() {
    assertEquals(parseArgs(["--a", "-b", "7", "pos", "--c", "8"], { stopEarly: true }), {
      _: ["pos", "--c", "8"],
      a: true,
      b: 7,
    });
    assertEquals(parseArgs(["5", "--c", "8"], { stopEarly: true }), { _: [5, "--c", "8"] });
  },
});

Deno.test({
  name: "parseArgs() asks unknown() about undeclared flags and positionals; false drops them",
  fn() {
    const seen: unknown[][] = [];
    const parsed = parseArgs(["--drop", "val", "--keep=1", "pos", "--b"], {
      boolean: ["b"],
      unknown: (arg, key, value) => {
        seen.push([arg, key, value]);
        return key === "keep";
      },
    });
    assertEquals(parsed, { _: [], keep: 1, b: true });
    assertEquals(seen, [
      ["--drop", "drop", "val"],
      ["--keep=1", "keep", "1"],
      ["pos", undefined, undefined],
    ]);
  },
});

Deno.test({
  name: "parseArgs() types results: any when untyped, declared keys otherwise",
  fn() {
    const untyped = parseArgs(["--x", "1"]);
    // deno-lint-ignore no-explicit-any -- the real untyped result has `any` values
    assertType<IsExact<typeof untyped, { [x: string]: any; _: Array<string | number> }>>(true);

    const typed = parseArgs([], {
      boolean: ["help"],
      string: ["name", "out", "tag"],
      collect: ["tag"],
      negatable: ["out"],
      default: { name: "anon" },
      alias: { help: "h" },
    });
    assertType<IsExact<typeof typed.help, boolean>>(true);
    assertType<IsExact<typeof typed.h, boolean>>(true);
    assertType<IsExact<typeof typed.name, string>>(true);
    assertType<IsExact<typeof typed.out, string | false | undefined>>(true);
    assertType<IsExact<typeof typed.tag, string[]>>(true);
    assertType<IsExact<typeof typed.other, unknown>>(true);
    assertType<IsExact<typeof typed._, Array<string | number>>>(true);

    const reversed = parseArgs([], { boolean: ["verbose"], alias: { v: "verbose" } });
    assertType<IsExact<typeof reversed.v, unknown>>(true);

    const nested = parseArgs([], { string: ["a.b"] });
    assertType<IsExact<typeof nested.a, { b?: string } | undefined>>(true);

    const dashed = parseArgs([], { "--": true });
    assertType<IsExact<typeof dashed["--"], string[]>>(true);

    const plain: Args = parseArgs([]);
    assertEquals(plain, { _: [] });
  },
});
