import {
  assertEquals,
  assertInstanceOf,
  AssertionError,
  assertIsError,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "./mod.ts";

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    assertInstanceOf(error, AssertionError);
    return error.message;
  }
  throw new Error("expected an AssertionError");
}

async function rejectionOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    assertInstanceOf(error, AssertionError);
    return error.message;
  }
  throw new Error("expected an AssertionError");
}

Deno.test({
  name: "assertThrows() returns the error it caught, typed by the class",
  fn() {
    const thrown = new RangeError("index 5 is out of range");
    const error = assertThrows(
      () => {
        throw thrown;
      },
      RangeError,
      "out of range",
    );
    assertStrictEquals(error, thrown);
    assertEquals(error.message, "index 5 is out of range");
  },
});

Deno.test({
  name: "assertThrows() without a class accepts and returns any thrown value",
  fn() {
    assertEquals(
      assertThrows(() => {
        throw "plain string";
      }),
      "plain string",
    );
    assertEquals(
      assertThrows(() => {
        throw 5;
      }, "custom"),
      5,
    );
  },
});

Deno.test({
  name: "assertThrows() accepts subclasses and checks the message as a substring",
  fn() {
    assertThrows(
      () => {
        throw new TypeError("bad \x1b[31mred\x1b[39m input");
      },
      Error,
      "bad red",
    );
  },
});

Deno.test({
  name: "assertThrows() fails with the documented messages",
  fn() {
    assertEquals(messageOf(() => assertThrows(() => {})), "Expected function to throw.");
    assertEquals(
      messageOf(() => assertThrows(() => {}, "should throw")),
      "Expected function to throw: should throw",
    );
    assertEquals(
      messageOf(() =>
        assertThrows(() => {
          throw "str";
        }, Error)
      ),
      "A non-Error object was thrown.",
    );
    assertEquals(
      messageOf(() =>
        assertThrows(() => {
          throw new TypeError("x");
        }, RangeError)
      ),
      'Expected error to be instance of "RangeError", but was "TypeError".',
    );
    assertEquals(
      messageOf(() =>
        assertThrows(
          () => {
            throw new Error("xyz");
          },
          Error,
          "abc",
          "why",
        )
      ),
      'Expected error message to include "abc", but got "xyz": why',
    );
  },
});

Deno.test({
  name: "assertThrows() fails for an async function, which rejects instead of throwing",
  async fn() {
    let promise: Promise<void> | undefined;
    const rejecting = async () => {
      await Promise.resolve();
      throw new Error("x");
    };
    assertEquals(
      messageOf(() => assertThrows(() => (promise = rejecting()))),
      "Expected function to throw.",
    );
    await promise?.catch(() => {});
  },
});

Deno.test({
  name: "assertThrows() ignores a second argument that is not an error class and reads msg third",
  fn() {
    const notAClass = (() => {}) as unknown as typeof Error;
    assertEquals(
      messageOf(() => assertThrows(() => {}, notAClass, "third")),
      "Expected function to throw: third",
    );
  },
});

Deno.test({
  name: "assertIsError() checks the class and a string or RegExp message",
  fn() {
    assertIsError(new RangeError("out of range"), RangeError, /range$/);
    assertEquals(messageOf(() => assertIsError(5)), 'Expected "error" to be an Error object.');
    assertEquals(
      messageOf(() => assertIsError(new Error("abc"), Error, /x+/)),
      'Expected error message to include /x+/, but got "abc".',
    );
  },
});

Deno.test({
  name: "assertRejects() resolves to the rejection, typed by the class",
  async fn() {
    const error = await assertRejects(
      () => Promise.reject(new TypeError("bad input")),
      TypeError,
      "bad",
    );
    assertEquals(error.message, "bad input");
    assertEquals(await assertRejects(() => Promise.reject(42)), 42);
  },
});

Deno.test({
  name: "assertRejects() accepts any thenable",
  async fn() {
    const thenable: PromiseLike<never> = {
      then(_resolve, reject) {
        reject?.(new Error("from thenable"));
        return thenable as never;
      },
    };
    const error = await assertRejects(() => thenable, Error);
    assertEquals(error.message, "from thenable");
  },
});

Deno.test({
  name: "assertRejects() fails with the documented messages",
  async fn() {
    assertEquals(
      await rejectionOf(() => assertRejects(() => Promise.resolve(1))),
      "Expected function to reject.",
    );
    assertEquals(
      await rejectionOf(() =>
        assertRejects(
          (() => {
            throw new Error("sync");
          }) as () => Promise<void>,
        )
      ),
      "Function throws when expected to reject.",
    );
    assertEquals(
      await rejectionOf(() => assertRejects((() => 1) as unknown as () => Promise<void>, "m")),
      "Function throws when expected to reject: m",
    );
    assertEquals(
      await rejectionOf(() => assertRejects(() => Promise.reject("no"), Error)),
      "A non-Error object was rejected.",
    );
    assertEquals(
      await rejectionOf(() => assertRejects(() => Promise.reject(new Error("x")), RangeError)),
      'Expected error to be instance of "RangeError", but was "Error".',
    );
  },
});
