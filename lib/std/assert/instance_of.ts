/** `assertInstanceOf`: `actual instanceof Type`. @module */
import { AssertionError } from "./assertion_error.ts";

/** Any constructor, abstract or not. */
// deno-lint-ignore no-explicit-any -- any constructor signature, as in std
export type AnyConstructor = new (...args: any[]) => any;
/** The instance type a constructor makes. */
export type GetConstructorType<T extends AnyConstructor> = InstanceType<T>;

/**
 * Makes an assertion that `actual` is an instance of `expectedType`, and
 * narrows its type. The failure message names the actual type:
 * `Expected object to be an instance of "Map" but was "Object".`.
 *
 * @typeParam T The constructor.
 * @param actual The value to check.
 * @param expectedType The class `actual` must be an instance of.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertInstanceOf } from "@std/assert";
 *
 * assertInstanceOf(new Date(), Date); // Doesn't throw
 * ```
 */
// deno-lint-ignore no-explicit-any -- any constructor signature, as in std
export function assertInstanceOf<T extends abstract new (...args: any[]) => any>(
  actual: unknown,
  expectedType: T,
  msg?: string,
): asserts actual is InstanceType<T> {
  if (actual instanceof expectedType) return;
  const msgSuffix = msg ? `: ${msg}` : ".";
  const expectedName = expectedType.name;
  let actualType: string;
  if (actual === null) actualType = "null";
  else if (actual === undefined) actualType = "undefined";
  else if (typeof actual === "object") actualType = actual.constructor?.name ?? "Object";
  else actualType = typeof actual;
  const head = `Expected object to be an instance of "${expectedName}"`;
  if (actualType === expectedName) throw new AssertionError(`${head}${msgSuffix}`);
  if (actualType === "function") {
    throw new AssertionError(`${head} but was not an instanced object${msgSuffix}`);
  }
  throw new AssertionError(`${head} but was "${actualType}"${msgSuffix}`);
}
