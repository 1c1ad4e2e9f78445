// The real module's type parameters default to `any`; this copy keeps them.
// deno-lint-ignore-file no-explicit-any
/**
 * Offline stand-in for `jsr:@std/testing@^1/mock`: spies, stubs and the
 * assertions about their calls, with the same signatures and behaviour as
 * the real module for the parts this project uses. See `lib/std/README.md`.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCall, assertSpyCalls, spy } from "@std/testing/mock";
 *
 * const double = spy((x: number) => 2 * x);
 * double(3);
 * assertSpyCalls(double, 1);
 * assertSpyCall(double, 0, { args: [3], returned: 6 });
 * ```
 *
 * @module
 */
import { AssertionError } from "../assert/assertion_error.ts";
import { assertEquals } from "../assert/equals.ts";
import { assertIsError } from "../assert/is_error.ts";

/** An error about how a spy or stub is used (not about its calls). */
export class MockError extends Error {
  /**
   * @param message The error message.
   */
  constructor(message: string) {
    super(message);
    this.name = "MockError";
  }
}

/** One recorded call of a spy. */
export interface SpyCall<Self = any, Args extends unknown[] = any[], Return = any> {
  /** The arguments of the call. */
  args: Args;
  /** The value returned, when the call returned (the key is then present). */
  returned?: Return;
  /** The error thrown, when the call threw. */
  error?: Error;
  /** `this` of the call, recorded only when it was truthy. */
  self?: Self;
}

/** A function that records its calls and forwards them to `original`. */
export interface Spy<Self = any, Args extends unknown[] = any[], Return = any> {
  /** Calls `original` and records the call. */
  (this: Self, ...args: Args): Return;
  /** The function being spied on. */
  original: (this: Self, ...args: Args) => Return;
  /** Every call so far, in order. */
  calls: SpyCall<Self, Args, Return>[];
  /** Whether `restore()` has put the original back. */
  restored: boolean;
  /** Puts the original back (method spies only; a function spy throws {@linkcode MockError}). */
  restore(): void;
}

/** A class that records the instances it constructs. */
export interface ConstructorSpy<Self = any, Args extends unknown[] = any[]> {
  /** Constructs an instance of `original` and records the call. */
  new (...args: Args): Self;
  /** The class being spied on. */
  original: new (...args: Args) => Self;
  /** Every call so far, in order; `returned` is the instance. */
  calls: SpyCall<Self, Args, Self>[];
  /** Always false: a class spy cannot be restored. */
  restored: boolean;
  /** Throws {@linkcode MockError}: a class spy cannot be restored. */
  restore(): void;
}

/** A spy that replaced a method of an object; `using` restores it. */
export interface MethodSpy<Self = any, Args extends unknown[] = any[], Return = any>
  extends Spy<Self, Args, Return>, Disposable {}

/** A method spy that calls `fake` instead of the original method. */
export interface Stub<Self = any, Args extends unknown[] = any[], Return = any>
  extends MethodSpy<Self, Args, Return> {
  /** The function called instead of the original method. */
  fake: (this: Self, ...args: Args) => Return;
}

/** A function or class spy. */
export type SpyLike<Self = any, Args extends unknown[] = any[], Return = any> =
  | Spy<Self, Args, Return>
  | ConstructorSpy<Self, Args>;

/** The parameter types of method `Prop` of `Self`. */
export type GetParametersFromProp<Self, Prop extends keyof Self> = Self[Prop] extends
  (...args: infer Args) => unknown ? Args : unknown[];

/** The return type of method `Prop` of `Self`. */
export type GetReturnFromProp<Self, Prop extends keyof Self> = Self[Prop] extends
  (...args: any[]) => infer Return ? Return : unknown;

/** What {@linkcode assertSpyCall} checks about a call; only the given keys are checked. */
export interface ExpectedSpyCall<Self = any, Args extends unknown[] = any[], Return = any> {
  /** The arguments, compared with `assertEquals`. */
  args?: [...Args, ...unknown[]];
  /** `this` of the call. */
  self?: Self;
  /** The value returned. */
  returned?: Return;
  /** The error thrown: its class and a substring of its message. */
  error?: {
    Class?: new (...args: any[]) => Error;
    msgIncludes?: string;
  };
}

const spies = new WeakSet<object>();

/** Mock sessions: each holds the method spies made while it was the newest. */
const sessions: Set<MethodSpy>[] = [new Set()];

function currentSession(): Set<MethodSpy> {
  if (sessions.length === 0) sessions.push(new Set());
  return sessions[sessions.length - 1];
}

function record<Self, Args extends unknown[], Return>(
  calls: SpyCall<Self, Args, Return>[],
  fn: (this: Self, ...args: Args) => Return,
  self: Self,
  args: Args,
): Return {
  const call: SpyCall<Self, Args, Return> = { args };
  if (self) call.self = self;
  try {
    call.returned = fn.apply(self, args);
  } catch (error) {
    call.error = error as Error;
    calls.push(call);
    throw error;
  }
  calls.push(call);
  return call.returned;
}

function isClass(fn: unknown): fn is new (...args: any[]) => any {
  return typeof fn === "function" && String(fn).startsWith("class");
}

function spyFunction<Self, Args extends unknown[], Return>(
  original: (this: Self, ...args: Args) => Return,
): Spy<Self, Args, Return> {
  const calls: SpyCall<Self, Args, Return>[] = [];
  const wrapper = function (this: Self, ...args: Args): Return {
    return record(calls, original, this, args);
  };
  const fields = {
    original,
    calls,
    restored: false,
    restore(): void {
      throw new MockError("Cannot restore: function cannot be restored");
    },
  };
  const result = Object.assign(wrapper, fields) as Spy<Self, Args, Return>;
  spies.add(result);
  return result;
}

function spyConstructor<Self, Args extends unknown[]>(
  original: new (...args: Args) => Self,
): ConstructorSpy<Self, Args> {
  const calls: SpyCall<Self, Args, Self>[] = [];
  const Base = original as unknown as new (...args: any[]) => object;
  const Spied = class extends Base {
    // super() sits in a try so a throwing constructor is recorded too.
    // deno-lint-ignore constructor-super
    constructor(...args: any[]) {
      try {
        super(...args);
      } catch (error) {
        calls.push({ args: args as Args, error: error as Error });
        throw error;
      }
      calls.push({ args: args as Args, returned: this as unknown as Self });
    }
  };
  Object.defineProperty(Spied, "name", { value: original.name });
  const fields = {
    original,
    calls,
    restored: false,
    restore(): void {
      throw new MockError("Cannot restore: constructor cannot be restored");
    },
  };
  const result = Object.assign(Spied, fields) as unknown as ConstructorSpy<Self, Args>;
  spies.add(result);
  return result;
}

function replaceMethod<Self, Args extends unknown[], Return>(
  self: Self,
  property: keyof Self,
  kind: "spy" | "stub",
  fake?: (this: Self, ...args: Args) => Return,
): Stub<Self, Args, Return> {
  const target = self as Record<PropertyKey, unknown>;
  const original = target[property as PropertyKey];
  if (
    kind === "spy"
      ? typeof original !== "function"
      : !(typeof original === "function" || original === undefined)
  ) {
    throw new MockError("Property is not an instance method");
  }
  if (spies.has(original as object)) {
    throw new MockError(
      kind === "spy" ? "Already spying on instance method" : "Already stubbed instance method",
    );
  }
  const descriptor = Object.getOwnPropertyDescriptor(self, property);
  if (descriptor && !descriptor.configurable) {
    throw new MockError(
      kind === "spy"
        ? "Cannot spy on non configurable instance method"
        : "Cannot stub non-configurable instance method",
    );
  }
  const calls: SpyCall<Self, Args, Return>[] = [];
  const call = kind === "stub"
    ? (fake ?? (() => undefined as Return))
    : original as (this: Self, ...args: Args) => Return;
  const wrapper = function (this: Self, ...args: Args): Return {
    return record(calls, call, this, args);
  };
  const session = currentSession();
  const fields = {
    original: original as (this: Self, ...args: Args) => Return,
    calls,
    restored: false,
    fake: call,
    restore(): void {
      if (result.restored) {
        throw new MockError(`Cannot restore: instance method already restored`);
      }
      if (descriptor) Object.defineProperty(self, property, descriptor);
      else delete target[property as PropertyKey];
      result.restored = true;
      session.delete(result);
    },
    [Symbol.dispose](): void {
      result.restore();
    },
  };
  if (kind === "spy") delete (fields as Partial<typeof fields>).fake;
  const result = Object.assign(wrapper, fields) as Stub<Self, Args, Return>;
  Object.defineProperty(self, property, {
    configurable: true,
    enumerable: descriptor?.enumerable ?? false,
    writable: descriptor?.writable ?? true,
    value: result,
  });
  spies.add(result);
  session.add(result);
  return result;
}

/**
 * Creates a spy that records its calls and returns `undefined`.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCalls, spy } from "@std/testing/mock";
 *
 * const callback = spy();
 * [1, 2].forEach(callback);
 * assertSpyCalls(callback, 2);
 * ```
 */
export function spy<Self = any, Args extends unknown[] = any[], Return = undefined>(): Spy<
  Self,
  Args,
  Return
>;
/**
 * Wraps `func` in a spy: calls go through to `func` and are recorded with
 * their arguments, `this` (when truthy) and result or error.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { spy } from "@std/testing/mock";
 *
 * const add = spy((a: number, b: number) => a + b);
 * add(1, 2);
 * assertEquals(add.calls, [{ args: [1, 2], returned: 3 }]);
 * ```
 */
export function spy<Self, Args extends unknown[], Return>(
  func: (this: Self, ...args: Args) => Return,
): Spy<Self, Args, Return>;
/**
 * Wraps a class: the result is a subclass whose constructions are recorded,
 * with the instance as `returned`.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCalls, spy } from "@std/testing/mock";
 *
 * class Point {
 *   constructor(public x: number, public y: number) {}
 * }
 * const PointSpy = spy(Point);
 * new PointSpy(1, 2);
 * assertSpyCalls(PointSpy, 1);
 * ```
 */
export function spy<Self, Args extends unknown[]>(
  constructor: new (...args: Args) => Self,
): ConstructorSpy<Self, Args>;
/**
 * Replaces method `property` of `self` with a spy. `restore()` (or leaving a
 * `using` scope) puts the original back.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCall, spy } from "@std/testing/mock";
 *
 * const counter = { n: 0, inc(by: number) { return this.n += by; } };
 * using inc = spy(counter, "inc");
 * counter.inc(2);
 * assertSpyCall(inc, 0, { args: [2], self: counter, returned: 2 });
 * ```
 */
export function spy<Self, Prop extends keyof Self>(
  self: Self,
  property: Prop,
): MethodSpy<Self, GetParametersFromProp<Self, Prop>, GetReturnFromProp<Self, Prop>>;
export function spy(funcOrSelf?: unknown, property?: PropertyKey): SpyLike {
  if (property !== undefined) return replaceMethod(funcOrSelf as any, property, "spy");
  if (funcOrSelf === undefined) return spyFunction(() => undefined);
  if (isClass(funcOrSelf)) return spyConstructor(funcOrSelf);
  return spyFunction(funcOrSelf as (...args: any[]) => any);
}

/**
 * Replaces method `property` of `self` with a stub that returns `undefined`.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCalls, stub } from "@std/testing/mock";
 *
 * const logger = { log(msg: string) { console.log(msg); } };
 * using log = stub(logger, "log");
 * logger.log("quiet");
 * assertSpyCalls(log, 1);
 * ```
 */
export function stub<Self, Prop extends keyof Self>(
  self: Self,
  property: Prop,
): Stub<Self, GetParametersFromProp<Self, Prop>>;
/**
 * Replaces method `property` of `self` with a stub that calls `func`.
 * `restore()` (or leaving a `using` scope) puts the original back.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { stub } from "@std/testing/mock";
 *
 * const dice = { roll: () => Math.ceil(Math.random() * 6) };
 * {
 *   using _roll = stub(dice, "roll", () => 6);
 *   assertEquals(dice.roll(), 6);
 * }
 * // dice.roll is the original again here
 * ```
 */
export function stub<Self, Prop extends keyof Self>(
  self: Self,
  property: Prop,
  func: (
    this: Self,
    ...args: GetParametersFromProp<Self, Prop>
  ) => GetReturnFromProp<Self, Prop>,
): Stub<Self, GetParametersFromProp<Self, Prop>, GetReturnFromProp<Self, Prop>>;
export function stub(self: unknown, property: PropertyKey, func?: (...args: any[]) => any): Stub {
  return replaceMethod(self as any, property, "stub", func);
}

/**
 * Starts a mock session: method spies and stubs made from now on belong to it
 * until {@linkcode restore} ends it.
 *
 * @returns The id of the session, for {@linkcode restore}.
 *
 * @example Usage
 * ```ts
 * import { mockSession, restore, stub } from "@std/testing/mock";
 *
 * const obj = { f: () => 1 };
 * const id = mockSession();
 * stub(obj, "f", () => 2);
 * restore(id); // obj.f is the original again
 * ```
 */
export function mockSession(): number;
/**
 * Wraps `func` so each call runs in its own mock session, restored at the end.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { mockSession, stub } from "@std/testing/mock";
 *
 * const obj = { f: () => 1 };
 * mockSession(() => {
 *   stub(obj, "f", () => 2);
 *   assertEquals(obj.f(), 2);
 * })();
 * assertEquals(obj.f(), 1);
 * ```
 */
export function mockSession<Self, Args extends unknown[], Return>(
  func: (this: Self, ...args: Args) => Return,
): (this: Self, ...args: Args) => Return;
export function mockSession<Self, Args extends unknown[], Return>(
  func?: (this: Self, ...args: Args) => Return,
): number | ((this: Self, ...args: Args) => Return) {
  if (func === undefined) {
    sessions.push(new Set());
    return sessions.length - 1;
  }
  return function (this: Self, ...args: Args): Return {
    const id = mockSession();
    try {
      return func.apply(this, args);
    } finally {
      restore(id);
    }
  };
}

/**
 * Restores every method spy and stub of session `id` and of the sessions
 * started after it (by default the newest session), and ends those sessions.
 *
 * @param id The session id returned by {@linkcode mockSession}.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { restore, stub } from "@std/testing/mock";
 *
 * const obj = { f: () => 1 };
 * stub(obj, "f", () => 2);
 * restore();
 * assertEquals(obj.f(), 1);
 * ```
 */
export function restore(id?: number): void {
  const from = Math.max(0, id ?? sessions.length - 1);
  while (sessions.length > from) {
    const session = sessions.pop()!;
    for (const method of session) if (!method.restored) method.restore();
  }
}

/** Rewrites an assertEquals failure: `headline` then its diff (its first line dropped). */
function withHeadline(headline: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    assertIsError(error);
    throw new AssertionError(`${headline}\n${error.message.split("\n").slice(1).join("\n")}`);
  }
}

function getCall(spy: SpyLike, callIndex: number): SpyCall {
  if (spy.calls.length < callIndex + 1) {
    throw new AssertionError("Spy not called as much as expected");
  }
  return spy.calls[callIndex];
}

/**
 * Asserts that `spy` was called exactly `expectedCalls` times.
 *
 * @param spy The spy to check.
 * @param expectedCalls The number of calls expected.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCalls, spy } from "@std/testing/mock";
 *
 * const f = spy();
 * f();
 * f();
 * assertSpyCalls(f, 2);
 * ```
 */
export function assertSpyCalls<Self, Args extends unknown[], Return>(
  spy: SpyLike<Self, Args, Return>,
  expectedCalls: number,
): void {
  const headline = spy.calls.length < expectedCalls
    ? "Spy not called as much as expected:"
    : "Spy called more than expected:";
  withHeadline(headline, () => assertEquals(spy.calls.length, expectedCalls));
}

/**
 * Asserts that call `callIndex` of `spy` exists and matches `expected`: its
 * `args`, `self`, and `returned` value or `error` (give one of the last two).
 *
 * @param spy The spy to check.
 * @param callIndex The index of the call, from 0.
 * @param expected What the call must match; keys left out are not checked.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCall, spy } from "@std/testing/mock";
 *
 * const fail = spy(() => {
 *   throw new RangeError("too big");
 * });
 * try {
 *   fail();
 * } catch {
 *   // recorded
 * }
 * assertSpyCall(fail, 0, { args: [], error: { Class: RangeError, msgIncludes: "big" } });
 * ```
 */
export function assertSpyCall<Self, Args extends unknown[], Return>(
  spy: SpyLike<Self, Args, Return>,
  callIndex: number,
  expected?: ExpectedSpyCall<Self, Args, Return>,
): void {
  const call = getCall(spy, callIndex);
  if (!expected) return;
  if (expected.args) {
    withHeadline(
      "Spy not called with expected args:",
      () => assertEquals<unknown>(call.args, expected.args),
    );
  }
  if ("self" in expected) {
    withHeadline(
      "Spy not called as method on expected self:",
      () => assertEquals<unknown>(call.self, expected.self),
    );
  }
  if ("returned" in expected) {
    if ("error" in expected) {
      throw new TypeError("Do not expect error and return, only one should be expected");
    }
    if (call.error) {
      throw new AssertionError("Spy call did not return expected value, an error was thrown.");
    }
    withHeadline(
      "Spy call did not return expected value:",
      () => assertEquals<unknown>(call.returned, expected.returned),
    );
  }
  if ("error" in expected) {
    if ("returned" in call) {
      throw new AssertionError("Spy call did not throw an error, a value was returned.");
    }
    assertIsError(call.error, expected.error?.Class, expected.error?.msgIncludes);
  }
}

/**
 * Asserts that argument `argIndex` of call `callIndex` of `spy` equals
 * `expected`, and returns it.
 *
 * @param spy The spy to check.
 * @param callIndex The index of the call, from 0.
 * @param argIndex The index of the argument, from 0.
 * @param expected The expected argument.
 * @returns The argument.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCallArg, spy } from "@std/testing/mock";
 *
 * const f = spy();
 * f("a", "b");
 * assertSpyCallArg(f, 0, 1, "b");
 * ```
 */
export function assertSpyCallArg<Self, Args extends unknown[], Return, ExpectedArg>(
  spy: SpyLike<Self, Args, Return>,
  callIndex: number,
  argIndex: number,
  expected: ExpectedArg,
): ExpectedArg {
  const call = getCall(spy, callIndex);
  const arg = call.args[argIndex];
  assertEquals<unknown>(arg, expected);
  return arg as ExpectedArg;
}

/**
 * Asserts that the arguments of call `callIndex` of `spy` equal `expected`,
 * and returns them.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCallArgs, spy } from "@std/testing/mock";
 *
 * const f = spy();
 * f(1, 2, 3);
 * assertSpyCallArgs(f, 0, [1, 2, 3]);
 * ```
 */
export function assertSpyCallArgs<
  Self,
  Args extends unknown[],
  Return,
  ExpectedArgs extends unknown[],
>(spy: SpyLike<Self, Args, Return>, callIndex: number, expected: ExpectedArgs): ExpectedArgs;
/**
 * Asserts that the arguments of call `callIndex` of `spy`, from `argsStart`
 * on, equal `expected`, and returns them.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCallArgs, spy } from "@std/testing/mock";
 *
 * const f = spy();
 * f(1, 2, 3);
 * assertSpyCallArgs(f, 0, 1, [2, 3]);
 * ```
 */
export function assertSpyCallArgs<
  Self,
  Args extends unknown[],
  Return,
  ExpectedArgs extends unknown[],
>(
  spy: SpyLike<Self, Args, Return>,
  callIndex: number,
  argsStart: number,
  expected: ExpectedArgs,
): ExpectedArgs;
/**
 * Asserts that the arguments of call `callIndex` of `spy`, from `argsStart`
 * up to (not including) `argsEnd`, equal `expected`, and returns them.
 *
 * @example Usage
 * ```ts
 * import { assertSpyCallArgs, spy } from "@std/testing/mock";
 *
 * const f = spy();
 * f(1, 2, 3);
 * assertSpyCallArgs(f, 0, 0, 2, [1, 2]);
 * ```
 */
export function assertSpyCallArgs<
  Self,
  Args extends unknown[],
  Return,
  ExpectedArgs extends unknown[],
>(
  spy: SpyLike<Self, Args, Return>,
  callIndex: number,
  argsStart: number,
  argsEnd: number,
  expected: ExpectedArgs,
): ExpectedArgs;
export function assertSpyCallArgs(
  spy: SpyLike,
  callIndex: number,
  argsStartOrExpected: number | unknown[],
  argsEndOrExpected?: number | unknown[],
  expected?: unknown[],
): unknown[] {
  const call = getCall(spy, callIndex);
  let start: number | undefined;
  let end: number | undefined;
  if (Array.isArray(argsStartOrExpected)) {
    expected = argsStartOrExpected;
  } else {
    start = argsStartOrExpected;
    if (Array.isArray(argsEndOrExpected)) expected = argsEndOrExpected;
    else end = argsEndOrExpected;
  }
  const args = start === undefined ? call.args : call.args.slice(start, end);
  assertEquals(args, expected);
  return args;
}

/**
 * Makes a function that returns `values` one per call, throwing any that is
 * an `Error`. Once they run out it throws {@linkcode MockError}.
 *
 * @typeParam Return The type of the values.
 * @param values The values to return, in order.
 * @returns The function, to use as a spy or stub body.
 *
 * @example Usage
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { returnsNext } from "@std/testing/mock";
 *
 * const next = returnsNext([1, new Error("two"), 3]);
 * assertEquals(next(), 1);
 * assertThrows(() => next(), Error, "two");
 * assertEquals(next(), 3);
 * ```
 */
export function returnsNext<Return, Args extends unknown[] = any[]>(
  values: Iterable<Return | Error>,
): (...args: Args) => Return {
  const iterator = values[Symbol.iterator]();
  let calls = 0;
  return () => {
    const next = iterator.next();
    if (next.done) {
      throw new MockError(`Not expected to be called more than ${calls} time(s)`);
    }
    calls++;
    if (next.value instanceof Error) throw next.value;
    return next.value;
  };
}

/**
 * Makes an async function that resolves to `values` one per call, rejecting
 * with any that is an `Error`. Once they run out it rejects with
 * {@linkcode MockError}.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { resolvesNext } from "@std/testing/mock";
 *
 * const next = resolvesNext([1, 2]);
 * assertEquals(await next(), 1);
 * assertEquals(await next(), 2);
 * ```
 */
export function resolvesNext<Return, Args extends unknown[] = any[]>(
  values: Iterable<Return | Error | Promise<Return | Error>>,
): (...args: Args) => Promise<Return> {
  const iterator = values[Symbol.iterator]();
  let calls = 0;
  return async () => {
    const next = iterator.next();
    if (next.done) {
      throw new MockError(`Not expected to be called more than ${calls} time(s)`);
    }
    calls++;
    const value = await next.value;
    if (value instanceof Error) throw value;
    return value;
  };
}

/**
 * Makes a function that returns its `this`.
 *
 * @example Usage
 * ```ts
 * import { assertStrictEquals } from "@std/assert";
 * import { returnsThis } from "@std/testing/mock";
 *
 * const obj = { self: returnsThis() };
 * assertStrictEquals(obj.self(), obj);
 * ```
 */
export function returnsThis<Self = any, Args extends unknown[] = any[]>(): (
  this: Self,
  ...args: Args
) => Self {
  return function (this: Self) {
    return this;
  };
}

/**
 * Makes a function that returns its argument number `idx`.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { returnsArg } from "@std/testing/mock";
 *
 * assertEquals(returnsArg(1)("a", "b"), "b");
 * ```
 */
export function returnsArg<Arg, Self = any>(
  idx: number,
): (this: Self, ...args: Arg[]) => Arg | undefined {
  return (...args: Arg[]) => args[idx];
}

/**
 * Makes a function that returns its arguments from `start` up to `end`.
 *
 * @example Usage
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { returnsArgs } from "@std/testing/mock";
 *
 * assertEquals(returnsArgs(1)("a", "b", "c"), ["b", "c"]);
 * ```
 */
export function returnsArgs<Args extends unknown[], Self = any>(
  start = 0,
  end?: number,
): (this: Self, ...args: Args) => Args {
  return (...args: Args) => args.slice(start, end) as Args;
}
