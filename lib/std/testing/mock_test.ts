import {
  assertEquals,
  assertInstanceOf,
  AssertionError,
  assertStrictEquals,
  assertThrows,
} from "../assert/mod.ts";
import { stripAnsiCode } from "../assert/_styles.ts";
import {
  assertSpyCall,
  assertSpyCallArg,
  assertSpyCallArgs,
  assertSpyCalls,
  MockError,
  mockSession,
  resolvesNext,
  restore,
  returnsArg,
  returnsArgs,
  returnsNext,
  returnsThis,
  spy,
  stub,
} from "./mock.ts";

function messageOf(fn: () => void): string {
  return stripAnsiCode(assertThrows(fn, AssertionError).message);
}

Deno.test({
  name: "spy() records args and the returned value, with the key present even for undefined",
  fn() {
    const add = spy((a: number, b: number) => a + b);
    assertEquals(add(1, 2), 3);
    assertEquals(add.calls, [{ args: [1, 2], returned: 3 }]);
    const noop = spy();
    assertEquals(noop("x"), undefined);
    assertEquals("returned" in noop.calls[0], true);
    assertEquals(noop.calls[0], { args: ["x"], returned: undefined });
  },
});

Deno.test({
  name: "spy() records this as self only when it is truthy",
  fn() {
    const f = spy(function (this: unknown) {
      return this;
    });
    f();
    const owner = { f };
    owner.f();
    assertEquals("self" in f.calls[0], false);
    assertStrictEquals(f.calls[1].self, owner);
  },
});

Deno.test({
  name: "spy() records a thrown error and rethrows it",
  fn() {
    const boom = new RangeError("boom");
    const f = spy(() => {
      throw boom;
    });
    assertStrictEquals(assertThrows(() => f(), RangeError), boom);
    assertEquals(f.calls, [{ args: [], error: boom }]);
  },
});

Deno.test({
  name: "spy() of a function keeps the original and cannot be restored",
  fn() {
    const original = (x: number) => x;
    const f = spy(original);
    assertStrictEquals(f.original, original);
    assertEquals(f.restored, false);
    assertThrows(() => f.restore(), MockError, "Cannot restore: function cannot be restored");
  },
});

Deno.test({
  name: "spy() of a class records each instance as returned",
  fn() {
    class Point {
      constructor(public x: number, public y: number) {}
    }
    const PointSpy = spy(Point);
    const p = new PointSpy(1, 2);
    assertInstanceOf(p, Point);
    assertEquals(PointSpy.calls.length, 1);
    assertEquals(PointSpy.calls[0].args, [1, 2]);
    assertStrictEquals(PointSpy.calls[0].returned, p);
  },
});

Deno.test({
  name: "spy(obj, method) wraps the method, records self, and restore() puts it back",
  fn() {
    const counter = {
      n: 0,
      inc(by: number) {
        return this.n += by;
      },
    };
    const original = counter.inc;
    const inc = spy(counter, "inc");
    assertEquals(counter.inc(2), 2);
    assertStrictEquals(inc.original, original);
    assertStrictEquals(inc.calls[0].self, counter);
    assertThrows(() => spy(counter, "inc"), MockError, "Already spying on instance method");
    inc.restore();
    assertEquals(inc.restored, true);
    assertStrictEquals(counter.inc, original);
    assertThrows(() => inc.restore(), MockError);
  },
});

Deno.test({
  name: "spy(obj, method) on an inherited method deletes the own wrapper on restore",
  fn() {
    class Greeter {
      hello() {
        return "hi";
      }
    }
    const g = new Greeter();
    const hello = spy(g, "hello");
    assertEquals(Object.hasOwn(g, "hello"), true);
    g.hello();
    hello.restore();
    assertEquals(Object.hasOwn(g, "hello"), false);
    assertEquals(g.hello(), "hi");
  },
});

Deno.test({
  name: "spy(obj, prop) refuses non-functions and non-configurable properties",
  fn() {
    const obj = { value: 1 } as Record<string, unknown>;
    assertThrows(() => spy(obj, "value"), MockError);
    Object.defineProperty(obj, "fixed", { value: () => 1, configurable: false });
    assertThrows(() => spy(obj, "fixed"), MockError);
  },
});

Deno.test({
  name: "stub() returns undefined by default, calls a fake otherwise, and works with using",
  fn() {
    const dice = { roll: (): number => 4 };
    {
      using roll = stub(dice, "roll");
      assertEquals(dice.roll(), undefined);
      assertEquals(roll.calls.length, 1);
    }
    assertEquals(dice.roll(), 4);
    {
      using roll = stub(dice, "roll", () => 6);
      assertEquals(dice.roll(), 6);
      assertEquals(roll.calls, [{ args: [], self: dice, returned: 6 }]);
    }
    assertEquals(dice.roll(), 4);
  },
});

Deno.test({
  name: "restore() and mockSession() restore every method spy of the session",
  fn() {
    const obj = { f: () => 1, g: () => 2 };
    const id = mockSession();
    stub(obj, "f", () => 10);
    spy(obj, "g");
    restore(id);
    assertEquals(obj.f(), 1);
    assertEquals(Object.hasOwn(obj.g, "calls"), false);
    mockSession(() => {
      stub(obj, "f", () => 20);
      assertEquals(obj.f(), 20);
    })();
    assertEquals(obj.f(), 1);
  },
});

Deno.test({
  name: "assertSpyCalls() reports too few and too many calls with a diff",
  fn() {
    const f = spy();
    f();
    assertSpyCalls(f, 1);
    assertEquals(
      messageOf(() => assertSpyCalls(f, 2)),
      "Spy not called as much as expected:\n\n\n    [Diff] Actual / Expected\n\n\n-   1\n+   2\n",
    );
    assertEquals(
      messageOf(() => assertSpyCalls(f, 0)).split("\n")[0],
      "Spy called more than expected:",
    );
  },
});

Deno.test({
  name: "assertSpyCall() checks args, self, returned and error",
  fn() {
    const f = spy((x: number) => {
      if (x < 0) throw new RangeError("negative");
      return x * 2;
    });
    f(2);
    assertThrows(() => f(-1));
    assertSpyCall(f, 0, { args: [2], returned: 4 });
    assertSpyCall(f, 1, { args: [-1], error: { Class: RangeError, msgIncludes: "neg" } });
    assertEquals(messageOf(() => assertSpyCall(f, 2)), "Spy not called as much as expected");
    assertEquals(
      messageOf(() => assertSpyCall(f, 0, { args: [3] })),
      "Spy not called with expected args:\n\n\n    [Diff] Actual / Expected\n\n\n    [\n-     2,\n+     3,\n    ]\n",
    );
    assertEquals(
      messageOf(() => assertSpyCall(f, 0, { returned: 5 })).split("\n")[0],
      "Spy call did not return expected value:",
    );
    assertThrows(() => assertSpyCall(f, 0, { returned: 4, error: {} }), TypeError);
    assertThrows(() => assertSpyCall(f, 0, { error: {} }), AssertionError);
    assertThrows(() => assertSpyCall(f, 1, { returned: 4 }), AssertionError);
  },
});

Deno.test({
  name: "assertSpyCallArg() and assertSpyCallArgs() check and return arguments",
  fn() {
    const f = spy();
    f(1, 2, 3);
    assertEquals(assertSpyCallArg(f, 0, 1, 2), 2);
    assertEquals(assertSpyCallArgs(f, 0, [1, 2, 3]), [1, 2, 3]);
    assertEquals(assertSpyCallArgs(f, 0, 1, [2, 3]), [2, 3]);
    assertEquals(assertSpyCallArgs(f, 0, 0, 2, [1, 2]), [1, 2]);
    assertThrows(() => assertSpyCallArgs(f, 0, [1]), AssertionError);
  },
});

Deno.test({
  name: "returnsNext() returns values in order, throws errors, then throws MockError",
  fn() {
    const next = spy(returnsNext([1, new Error("two"), 3]));
    assertEquals(next(), 1);
    assertThrows(() => next(), Error, "two");
    assertEquals(next(), 3);
    assertThrows(() => next(), MockError, "Not expected to be called more than 3 time(s)");
    assertEquals(next.calls.length, 4);
  },
});

Deno.test({
  name: "resolvesNext(), returnsThis(), returnsArg() and returnsArgs() return what they say",
  async fn() {
    const next = resolvesNext([1, Promise.resolve(2)]);
    assertEquals(await next(), 1);
    assertEquals(await next(), 2);
    const obj = { self: returnsThis() };
    assertStrictEquals(obj.self(), obj);
    assertEquals(returnsArg(1)("a", "b"), "b");
    assertEquals(returnsArgs(1, 3)("a", "b", "c", "d"), ["b", "c"]);
  },
});
