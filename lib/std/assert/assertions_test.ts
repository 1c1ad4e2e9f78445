import {
  assert,
  assertArrayIncludes,
  assertEquals,
  assertExists,
  assertFalse,
  assertGreater,
  assertGreaterOrEqual,
  assertInstanceOf,
  AssertionError,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertNotEquals,
  assertNotInstanceOf,
  assertNotMatch,
  assertNotStrictEquals,
  assertObjectMatch,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
  fail,
  unimplemented,
  unreachable,
} from "./mod.ts";
import { stripAnsiCode } from "./_styles.ts";

function messageOf(fn: () => void): string {
  return stripAnsiCode(assertThrows(fn, AssertionError).message);
}

Deno.test({
  name: "AssertionError() sets name as an own enumerable property and passes options on",
  fn() {
    const cause = new Error("root");
    const error = new AssertionError("m", { cause });
    assertEquals(Object.keys(error), ["name"]);
    assertEquals(error.name, "AssertionError");
    assertStrictEquals(error.cause, cause);
  },
});

Deno.test({
  name: "assert() and assertFalse() throw with the given message, empty by default",
  fn() {
    assert(1);
    assertFalse(0);
    assertEquals(messageOf(() => assert(0)), "");
    assertEquals(messageOf(() => assert("", "was empty")), "was empty");
    assertEquals(messageOf(() => assertFalse("x")), "");
  },
});

Deno.test({
  name: "assertStrictEquals() fails -0 against 0 and names same-looking objects",
  fn() {
    assertStrictEquals(NaN, NaN);
    assertEquals(
      messageOf(() => assertStrictEquals(-0, 0)),
      "Values are not strictly equal.\n\n\n    [Diff] Actual / Expected\n\n\n-   -0\n+   0\n",
    );
    assertEquals(
      messageOf(() => assertStrictEquals({ a: 1 }, { a: 1 }, "why")),
      "Values have the same structure but are not reference-equal: why\n\n    {\n      a: 1,\n    }\n",
    );
  },
});

Deno.test({
  name: "assertNotEquals() and assertNotStrictEquals() report the values",
  fn() {
    assertNotEquals(1, 2);
    assertNotStrictEquals({}, {});
    assertEquals(messageOf(() => assertNotEquals(1, 1)), "Expected actual: 1 not to be: 1.");
    assertEquals(
      messageOf(() => assertNotStrictEquals("a", "a")),
      'Expected "actual" to not be strictly equal to: "a".\n',
    );
  },
});

Deno.test({
  name: "assertExists() fails only for null and undefined",
  fn() {
    assertExists(0);
    assertExists("");
    assertExists(false);
    assertEquals(
      messageOf(() => assertExists(null)),
      'Expected actual: "null" to not be null or undefined.',
    );
    assertEquals(
      messageOf(() => assertExists(undefined, "m")),
      'Expected actual: "undefined" to not be null or undefined: m',
    );
  },
});

Deno.test({
  name: "assertInstanceOf() names the actual type in its message",
  fn() {
    assertInstanceOf(new Map(), Map);
    assertEquals(
      messageOf(() => assertInstanceOf(1, Number)),
      'Expected object to be an instance of "Number" but was "number".',
    );
    assertEquals(
      messageOf(() => assertInstanceOf({}, Map)),
      'Expected object to be an instance of "Map" but was "Object".',
    );
    assertEquals(
      messageOf(() => assertInstanceOf(null, Map)),
      'Expected object to be an instance of "Map" but was "null".',
    );
    assertEquals(
      messageOf(() => assertInstanceOf(Map, Map)),
      'Expected object to be an instance of "Map" but was not an instanced object.',
    );
    class Map2 {}
    Object.defineProperty(Map2, "name", { value: "Map" });
    assertEquals(
      messageOf(() => assertInstanceOf(new Map2(), Map)),
      'Expected object to be an instance of "Map".',
    );
  },
});

Deno.test({
  name: "assertNotInstanceOf() names typeof the class, as std does",
  fn() {
    assertNotInstanceOf(1, Number);
    assertEquals(
      messageOf(() => assertNotInstanceOf(new Date(), Date)),
      'Expected object to not be an instance of "function".',
    );
  },
});

Deno.test({
  name: "assertGreater() and friends say 'Expect a > b' and a given msg replaces it",
  fn() {
    assertGreater(2, 1);
    assertGreaterOrEqual(2, 2);
    assertLess(1n, 2n);
    assertLessOrEqual("a", "a");
    assertEquals(messageOf(() => assertGreater(1, 2)), "Expect 1 > 2");
    assertEquals(messageOf(() => assertGreaterOrEqual(1, 2)), "Expect 1 >= 2");
    assertEquals(messageOf(() => assertLess("b", "a")), 'Expect "b" < "a"');
    assertEquals(messageOf(() => assertLessOrEqual(NaN, NaN)), "Expect NaN <= NaN");
    assertEquals(messageOf(() => assertGreater(1, 2, "too small")), "too small");
  },
});

Deno.test({
  name: "assertArrayIncludes() finds primitives and deep-equal objects, and lists what is missing",
  fn() {
    assertArrayIncludes([NaN, { a: [1] }, 2], [{ a: [1] }, NaN]);
    assertEquals(
      messageOf(() => assertArrayIncludes([1, 2], [2, 3])),
      'Expected actual: "[\n  1,\n  2,\n]" to include: "[\n  2,\n  3,\n]".\nmissing: [\n  3,\n]',
    );
  },
});

Deno.test({
  name: "assertMatch(), assertNotMatch() and assertStringIncludes() interpolate raw values",
  fn() {
    assertMatch("abc", /b/);
    assertNotMatch("abc", /x/);
    assertStringIncludes("hello", "ell");
    assertEquals(
      messageOf(() => assertMatch("abc", /x/g)),
      'Expected actual: "abc" to match: "/x/g".',
    );
    assertEquals(
      messageOf(() => assertNotMatch("abc", /b/, "m")),
      'Expected actual: "abc" to not match: "/b/": m',
    );
    assertEquals(
      messageOf(() => assertStringIncludes("hello", "xyz")),
      'Expected actual: "hello" to contain: "xyz".',
    );
  },
});

Deno.test({
  name: "assertObjectMatch() matches a deep subset, arrays by their common prefix",
  fn() {
    assertObjectMatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } });
    assertObjectMatch({ a: [1, 2, 3] }, { a: [1, 2] });
    assertObjectMatch({ a: [{ x: 1, y: 2 }] }, { a: [{ x: 1 }] });
    assertObjectMatch({ a: 1 }, {});
    class Point {
      constructor(public x: number, public y: number) {}
    }
    assertObjectMatch(new Point(1, 2), { x: 1 });
    assertThrows(() => assertObjectMatch({ a: [1, 2] }, { a: [1, 2, 3] }), AssertionError);
    assertThrows(() => assertObjectMatch({}, { b: undefined }), AssertionError);
    assertThrows(() => assertObjectMatch({ a: 1 }, { b: 1 }), AssertionError);
  },
});

Deno.test({
  name: "assertObjectMatch() fails with the assertEquals message of the reduced values",
  fn() {
    assertEquals(
      messageOf(() => assertObjectMatch({ a: 1, b: 2 }, { a: 2 }, "why")),
      "Values are not equal: why\n\n\n    [Diff] Actual / Expected\n\n\n    {\n-     a: 1,\n+     a: 2,\n    }\n",
    );
  },
});

Deno.test({
  name: "assertObjectMatch() throws a TypeError for a non-object actual",
  fn() {
    assertThrows(
      () => assertObjectMatch(5 as unknown as Record<string, unknown>, {}),
      TypeError,
      "Cannot assertObjectMatch type number",
    );
    assertThrows(
      () => assertObjectMatch(null as unknown as Record<string, unknown>, {}),
      TypeError,
      "Cannot assertObjectMatch null",
    );
  },
});

Deno.test({
  name: "fail(), unreachable() and unimplemented() always throw their fixed messages",
  fn() {
    assertEquals(messageOf(() => fail()), "Failed assertion.");
    assertEquals(messageOf(() => fail("why")), "Failed assertion: why");
    assertEquals(messageOf(() => unreachable()), "Unreachable.");
    assertEquals(messageOf(() => unreachable("why")), "Unreachable: why");
    assertEquals(messageOf(() => unimplemented()), "Unimplemented.");
    assertEquals(messageOf(() => unimplemented("why")), "Unimplemented: why");
  },
});
