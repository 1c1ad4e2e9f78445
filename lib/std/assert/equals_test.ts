import { assertEquals, AssertionError, assertThrows } from "./mod.ts";
import { stripAnsiCode } from "./_styles.ts";

const HEADER = "\n\n\n    [Diff] Actual / Expected\n\n\n";

function messageOf(fn: () => void): string {
  return stripAnsiCode(assertThrows(fn, AssertionError).message);
}

Deno.test({
  name: "assertEquals() passes for 0 and -0, NaN and NaN, and deep-equal values",
  fn() {
    assertEquals(0, -0);
    assertEquals(NaN, NaN);
    assertEquals({ a: [1, { b: new Set([2]) }] }, { a: [1, { b: new Set([2]) }] });
  },
});

Deno.test({
  name:
    "assertEquals() reports a line diff of the sorted renderings, actual as - and expected as +",
  fn() {
    const message = messageOf(() => assertEquals({ b: 2, a: 1 }, { a: 1, b: 3 }));
    assertEquals(
      message,
      "Values are not equal." + HEADER +
        "    {\n      a: 1,\n-     b: 2,\n+     b: 3,\n    }\n",
    );
  },
});

Deno.test({
  name: "assertEquals() adds the custom message after a colon",
  fn() {
    const message = messageOf(() => assertEquals([1], [2], "lists differ"));
    assertEquals(
      message,
      "Values are not equal: lists differ" + HEADER + "    [\n-     1,\n+     2,\n    ]\n",
    );
  },
});

Deno.test({
  name: "assertEquals() diffs two strings line by line with escaped newlines",
  fn() {
    assertEquals(
      messageOf(() => assertEquals("hello world", "hello there")),
      "Values are not equal." + HEADER + "-   hello world\n+   hello there\n\n",
    );
    assertEquals(
      messageOf(() => assertEquals("a\nb", "a\nc")),
      "Values are not equal." + HEADER + "    a\\n\n-   b\n+   c\n\n",
    );
  },
});

Deno.test({
  name: "assertEquals() colours the diff unless NO_COLOR is set",
  fn() {
    const raw = assertThrows(() => assertEquals(1, 2), AssertionError).message;
    if (Deno.noColor) assertEquals(raw, stripAnsiCode(raw));
    else assertEquals(raw.includes("\x1b[31m\x1b[1m-   1"), true);
  },
});

Deno.test({
  name: "assertEquals() shows only common lines for values that render the same",
  fn() {
    const message = messageOf(() => assertEquals(() => 1, () => 1));
    assertEquals(message, "Values are not equal." + HEADER + "    [Function (anonymous)]\n");
  },
});
