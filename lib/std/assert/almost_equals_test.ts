import { assertAlmostEquals, assertEquals, AssertionError, assertThrows } from "./mod.ts";

function messageOf(fn: () => void): string {
  return assertThrows(fn, AssertionError).message;
}

Deno.test({
  name: "assertAlmostEquals() defaults to a tolerance of |expected * 1e-7|",
  fn() {
    assertAlmostEquals(0.1 + 0.2, 0.3);
    assertAlmostEquals(100.000001, 100);
    assertEquals(
      messageOf(() => assertAlmostEquals(100.00001, 100)),
      'Expected actual: "1.0000001e+2" to be close to "100": delta "1.0000000003174137e-5" ' +
        'is greater than "9.999999999999999e-6".',
    );
  },
});

Deno.test({
  name:
    "assertAlmostEquals() with the default tolerance fails for anything but 0 when expected is 0",
  fn() {
    assertAlmostEquals(-0, 0);
    assertEquals(
      messageOf(() => assertAlmostEquals(1e-10, 0)),
      'Expected actual: "1e-10" to be close to "0": delta "1e-10" is greater than "0".',
    );
    assertAlmostEquals(1e-10, 0, 1e-9);
  },
});

Deno.test({
  name: "assertAlmostEquals() passes identical NaN and infinities, fails NaN against anything else",
  fn() {
    assertAlmostEquals(NaN, NaN);
    assertAlmostEquals(Infinity, Infinity);
    assertAlmostEquals(-Infinity, -Infinity);
    assertEquals(
      messageOf(() => assertAlmostEquals(NaN, 1, Infinity)),
      'Expected actual: "NaN" to be close to "1": delta "NaN" is greater than "Infinity".',
    );
    assertEquals(
      messageOf(() => assertAlmostEquals(1, Infinity)),
      'Expected actual: "1" to be close to "Infinity": delta "Infinity" is greater than "1e-7".',
    );
  },
});

Deno.test({
  name: "assertAlmostEquals() uses an explicit tolerance inclusively and appends the message",
  fn() {
    assertAlmostEquals(1.5, 1, 0.5);
    assertEquals(
      messageOf(() => assertAlmostEquals(1.5, 1, 0.1, "loss")),
      'Expected actual: "1.5e+0" to be close to "1": delta "5e-1" is greater than "1e-1": loss',
    );
  },
});
