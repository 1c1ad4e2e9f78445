/** `assertObjectMatch`: `actual` has (at least) the shape and values of `expected`. @module */
import { assertEquals } from "./equals.ts";

type Loose = Record<PropertyKey, unknown>;

function isObject(v: unknown): v is Loose {
  return typeof v === "object" && v !== null;
}

function put(target: Loose | unknown[], key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    configurable: true,
    enumerable: true,
    writable: true,
  });
}

/** Reduces `a` to the shape of `b`: the keys both have, recursively. */
function reduce(a: Loose, b: Loose): Loose {
  const seen = new WeakMap<object, object>();
  return reduceObject(a, b);

  function reduceObject(a: Loose, b: Loose): Loose {
    if (seen.get(a) === b) return a;
    if (!isObject(a)) {
      throw new TypeError(`Cannot assertObjectMatch ${a === null ? null : `type ${typeof a}`}`);
    }
    seen.set(a, b);
    const out: Loose = {};
    const keysA = Reflect.ownKeys(a);
    const keysB = Reflect.ownKeys(b);
    const shared = keysA.filter((key) => keysB.includes(key));
    if (keysA.length > 0 && keysB.length > 0 && shared.length === 0) {
      // Nothing in common: keep all of `a`, so the comparison fails.
      for (const key of keysA) put(out, key, a[key]);
      return out;
    }
    for (const key of shared) put(out, key, reduceValue(a[key], b[key]));
    return out;
  }

  function reduceArray(a: readonly unknown[], b: readonly unknown[]): unknown[] {
    if (seen.get(a) === b) return a as unknown[];
    seen.set(a, b);
    const out: unknown[] = [];
    for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(reduceValue(a[i], b[i]));
    return out;
  }

  function reduceValue(value: unknown, subset: unknown): unknown {
    if (value instanceof RegExp || value instanceof Date) return value;
    if (Array.isArray(value) && Array.isArray(subset)) return reduceArray(value, subset);
    if (!isObject(value) || !isObject(subset)) return value;
    if (value instanceof Map && subset instanceof Map) {
      return new Map(
        [...value].filter(([k]) => subset.has(k)).map((
          [k, v],
        ) => [k, reduceValue(v, subset.get(k))]),
      );
    }
    if (value instanceof Set && subset instanceof Set) return value.intersection(subset);
    return reduceObject(value, subset);
  }
}

/**
 * Makes an assertion that `expected` is a deep subset of `actual`: every key
 * of `expected` (symbols and non-enumerable keys too) is in `actual` with a
 * matching value, nested objects compared the same way. Arrays match on their
 * first `min(length)` elements, so `{ a: [1, 2, 3] }` matches `{ a: [1, 2] }`.
 * The class of `actual` does not matter. On failure the message is that of
 * {@linkcode assertEquals} on the reduced values.
 *
 * @param actual The object to check.
 * @param expected The keys and values it must have.
 * @param msg The optional message to add to the error.
 *
 * @example Usage
 * ```ts
 * import { assertObjectMatch } from "@std/assert";
 *
 * assertObjectMatch({ foo: 1, bar: { baz: 2, qux: 3 } }, { bar: { baz: 2 } }); // Doesn't throw
 * ```
 */
export function assertObjectMatch(
  // deno-lint-ignore no-explicit-any -- any object, as in std
  actual: Record<PropertyKey, any>,
  expected: Record<PropertyKey, unknown>,
  msg?: string,
): void {
  assertEquals(reduce(actual, expected), reduce(expected, expected), msg);
}
