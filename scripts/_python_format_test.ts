// Tests for Python's number formatting. Every expected string was printed by
// CPython 3.11: format(x, ".4f") (or the precision named) and format(n, "4d").

import { assertEquals, assertThrows } from "@std/assert";
import { formatFixed, formatInt } from "./_python_format.ts";

Deno.test({
  name: "formatFixed() rounds an exact tie to the even digit, as Python does",
  timeout: 10_000,
  fn() {
    assertEquals(formatFixed(0.03125, 4), "0.0312"); // JavaScript's toFixed gives 0.0313
    assertEquals(formatFixed(0.09375, 4), "0.0938");
    assertEquals(formatFixed(0.5, 0), "0");
    assertEquals(formatFixed(1.5, 0), "2");
    assertEquals(formatFixed(2.5, 0), "2");
    assertEquals(formatFixed(0.125, 2), "0.12");
    assertEquals(formatFixed(0.375, 2), "0.38");
    assertEquals(formatFixed(1.00005, 4), "1.0001"); // not a tie in binary: 1.00005000000000010551...
  },
});

Deno.test({
  name: "formatFixed() rounds the exact binary value, not the shortest decimal",
  timeout: 10_000,
  fn() {
    assertEquals(formatFixed(2.675, 2), "2.67"); // 2.67499999999999982236431605997495353221893310546875
    assertEquals(formatFixed(1.0005, 3), "1.000"); // 1.000499999999999944932938...
    assertEquals(formatFixed(0.00005, 4), "0.0001"); // 5.00000000000000023960868e-05
    assertEquals(formatFixed(1.23445, 4), "1.2345"); // 1.23445000000000004725109192804...
    assertEquals(formatFixed(2.00015, 4), "2.0002"); // 2.00015000000000009450218385609...
  },
});

Deno.test({
  name: "formatFixed() prints microgpt.py's losses as it does",
  timeout: 10_000,
  fn() {
    assertEquals(formatFixed(3.443011724217978, 4), "3.4430");
    assertEquals(formatFixed(3.436567271273728, 4), "3.4366");
    assertEquals(formatFixed(3.2384029443987603, 4), "3.2384");
    assertEquals(formatFixed(2.11840459645546, 4), "2.1184");
  },
});

Deno.test({
  name: "formatFixed() handles zero, negatives, huge, tiny and non-finite numbers",
  timeout: 10_000,
  fn() {
    assertEquals(formatFixed(0, 4), "0.0000");
    assertEquals(formatFixed(-0, 4), "-0.0000");
    assertEquals(formatFixed(-0.00001, 4), "-0.0000");
    assertEquals(formatFixed(-1.5, 4), "-1.5000");
    assertEquals(formatFixed(123456.789, 1), "123456.8");
    assertEquals(formatFixed(1e22, 2), "10000000000000000000000.00");
    assertEquals(formatFixed(2 ** 70, 0), "1180591620717411303424");
    assertEquals(formatFixed(5e-324, 4), "0.0000");
    assertEquals(formatFixed(Number.MAX_VALUE, 0).length, 309);
    assertEquals(formatFixed(NaN, 4), "nan");
    assertEquals(formatFixed(Infinity, 4), "inf");
    assertEquals(formatFixed(-Infinity, 4), "-inf");
  },
});

Deno.test({
  name: "formatFixed() rejects a number of decimals Python would not take here",
  timeout: 10_000,
  fn() {
    assertThrows(() => formatFixed(1, -1), RangeError, "decimals");
    assertThrows(() => formatFixed(1, 1.5), RangeError, "decimals");
  },
});

Deno.test({
  name: "formatInt() right-aligns in the width and never cuts",
  timeout: 10_000,
  fn() {
    assertEquals(formatInt(1, 4), "   1");
    assertEquals(formatInt(1000, 4), "1000");
    assertEquals(formatInt(12345, 4), "12345");
    assertEquals(formatInt(-3, 4), "  -3");
    assertEquals(formatInt(20, 2), "20");
  },
});
