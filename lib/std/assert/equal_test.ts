import { assert, assertFalse, assertThrows, equal } from "./mod.ts";

Deno.test({
  name: "equal() treats 0 and -0 as equal, and NaN as equal to NaN",
  fn() {
    assert(equal(0, -0));
    assert(equal(NaN, NaN));
    assert(equal([0, NaN], [-0, NaN]));
    assert(equal({ x: -0 }, { x: 0 }));
  },
});

Deno.test({
  name: "equal() never equates different primitive types",
  fn() {
    assertFalse(equal(1, 1n));
    assertFalse(equal(1, "1"));
    assertFalse(equal(null, undefined));
    assertFalse(equal(0, false));
  },
});

Deno.test({
  name: "equal() compares dates by time, before the prototype check",
  fn() {
    assert(equal(new Date(5), new Date(5)));
    assertFalse(equal(new Date(5), new Date(6)));
    assert(equal(new Date(NaN), new Date("nonsense")));
    class Day extends Date {}
    assert(equal(new Day(5), new Date(5)));
  },
});

Deno.test({
  name: "equal() requires the same prototype, except Object.prototype and null",
  fn() {
    class Point {
      constructor(public x: number) {}
    }
    assertFalse(equal(new Point(1), { x: 1 }));
    const bare = Object.assign(Object.create(null), { a: 1 });
    assert(equal(bare, { a: 1 }));
    assertFalse(equal(new Uint8Array([1]), new Int8Array([1])));
    assertFalse(equal(() => 1, () => 1));
  },
});

Deno.test({
  name: "equal() compares typed arrays element-wise with SameValueZero and buffers byte-wise",
  fn() {
    assert(equal(new Float64Array([NaN, -0]), new Float64Array([NaN, 0])));
    assertFalse(equal(new Float64Array([1, 2]), new Float64Array([1, 2, 3])));
    assert(equal(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer));
    assertFalse(equal(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 3]).buffer));
  },
});

Deno.test({
  name: "equal() throws a TypeError for WeakMap and WeakSet",
  fn() {
    assertThrows(
      () => equal(new WeakMap(), new WeakMap()),
      TypeError,
      "Cannot compare WeakMap instances",
    );
    assertThrows(
      () => equal(new WeakSet(), new WeakSet()),
      TypeError,
      "Cannot compare WeakSet instances",
    );
  },
});

Deno.test({
  name: "equal() counts own enumerable keys: undefined values, holes and extra properties matter",
  fn() {
    assertFalse(equal({ a: undefined }, {}));
    // deno-lint-ignore no-sparse-arrays
    assertFalse(equal([, 1], [undefined, 1]));
    const tagged = Object.assign([1, 2], { extra: true });
    assertFalse(equal(tagged, [1, 2]));
  },
});

Deno.test({
  name: "equal() ignores insertion order in Sets and Maps, including object keys",
  fn() {
    assert(equal(new Set([1, 2, 3]), new Set([3, 2, 1])));
    assertFalse(equal(new Set([1, 2]), new Set([1, 3])));
    assert(equal(new Map([["a", 1], ["b", 2]]), new Map([["b", 2], ["a", 1]])));
    assertFalse(equal(new Map([["a", 1]]), new Map([["a", 2]])));
    assert(equal(new Map([[{ k: 1 }, [1]]]), new Map([[{ k: 1 }, [1]]])));
    assert(equal(new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])));
  },
});

Deno.test({
  name: "equal() on plain objects compares enumerable string and symbol keys only",
  fn() {
    const s = Symbol("s");
    assert(equal({ [s]: 1 }, { [s]: 1 }));
    assertFalse(equal({ [s]: 1 }, { [s]: 2 }));
    const hidden = {};
    Object.defineProperty(hidden, "secret", { value: 1, enumerable: false });
    assert(equal(hidden, {}));
    assert(equal({
      get x() {
        return 1;
      },
    }, { x: 1 }));
  },
});

Deno.test({
  name: "equal() compares RegExp and URL by their string form",
  fn() {
    assert(equal(/a/g, /a/g));
    assertFalse(equal(/a/g, /a/i));
    assert(equal(new URL("http://a"), new URL("http://a/")));
    assertFalse(equal(new URL("http://a/x"), new URL("http://a/y")));
  },
});

Deno.test({
  name: "equal() compares class instances through all their properties, non-enumerable too",
  fn() {
    class Vec {
      constructor(public x: number, public y: number) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    assert(equal(new Vec(1, 2), new Vec(1, 2)));
    assertFalse(equal(new Vec(1, 2), new Vec(1, 3)));
    const e = new Error("x");
    assert(equal(e, e));
    assertFalse(equal(new Error("x"), new Error("x")), "stacks differ");
    assertFalse(equal(new TypeError("x"), new Error("x")));
    assert(equal(new Number(1), new Number(2)), "boxed primitives have no own keys");
  },
});

Deno.test({
  name: "equal() ends cycles",
  fn() {
    type Node = { name: string; self?: Node };
    const a: Node = { name: "n" };
    a.self = a;
    const b: Node = { name: "n" };
    b.self = b;
    assert(equal(a, b));
  },
});
