import { assertEquals, AssertionError, assertThrows } from "@std/assert";
import { assertAllClose, assertClose, assertSame, numericGradient } from "./check.ts";

Deno.test("assertClose() accepts numbers within the tolerance", () => {
  assertClose(1.0000001, 1, 1e-6);
  assertClose(-0, 0, 0);
  assertClose(Infinity, Infinity, 0);
});

Deno.test("assertClose() names the value and both numbers when they differ", () => {
  const error = assertThrows(() => assertClose(1.5, 1, 0.1, "a.grad"), AssertionError);
  assertEquals(
    error.message,
    "Expected a.grad to be 1 (within 0.1): current value is 1.5, off by 0.5",
  );
});

Deno.test("assertClose() rejects NaN where a number is expected", () => {
  assertThrows(() => assertClose(NaN, 1, 1), AssertionError, "current value is NaN");
});

Deno.test("assertAllClose() names the first element that differs", () => {
  assertAllClose([1, 2], [1, 2], 0);
  assertThrows(() => assertAllClose([1, 2, 4], [1, 2, 3], 0.5, "xs"), AssertionError, "xs[2]");
});

Deno.test("assertAllClose() rejects arrays of another length", () => {
  assertThrows(() => assertAllClose([1], [1, 2], 1), AssertionError, "2 elements");
});

Deno.test("numericGradient() matches known derivatives", () => {
  // d/dx sin(x) * y = cos(x) * y, d/dy = sin(x)
  const [dx, dy] = numericGradient(([x, y]) => Math.sin(x) * y, [0.5, 3]);
  assertClose(dx, Math.cos(0.5) * 3, 1e-8);
  assertClose(dy, Math.sin(0.5), 1e-8);
});

Deno.test("numericGradient() leaves the point unchanged", () => {
  const xs = [1, 2];
  numericGradient(([a, b]) => a + b, xs);
  assertEquals(xs, [1, 2]);
});

Deno.test("assertSame() tells two equal objects apart without printing them", () => {
  const a = { data: 1 };
  assertSame(a, a);
  const error = assertThrows(() => assertSame(a, { data: 1 }, "order[0]"), AssertionError);
  assertEquals(
    error.message,
    "Expected order[0] to be the very same object, but it is another one",
  );
});
