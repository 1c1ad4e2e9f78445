/**
 * Deep equality as used by `assertEquals`.
 *
 * @module
 */

type AnyObject = Record<PropertyKey, unknown>;

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

const TypedArray = Object.getPrototypeOf(Uint8Array);

function isTypedArray(v: object): v is ArrayLike<unknown> {
  return v instanceof TypedArray;
}

/** Objects compared through their string form. */
function comparesAsString(v: object): boolean {
  if (v instanceof RegExp || v instanceof URL || v instanceof URLSearchParams) return true;
  if (v instanceof Intl.Locale) return true;
  const tag = (v as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  return typeof tag === "string" && tag.startsWith("Temporal.");
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || Object.is(a, b);
}

function enumerableKeys(v: object): PropertyKey[] {
  const symbols = Object.getOwnPropertySymbols(v).filter((s) =>
    Object.prototype.propertyIsEnumerable.call(v, s)
  );
  return [...Object.keys(v), ...symbols];
}

/** Own keys (non-enumerable too) of `v` and its prototypes up to Object/Array.prototype. */
function allKeys(v: object): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (
    let o: object | null = v;
    o !== null && o !== Object.prototype && o !== Array.prototype;
    o = Object.getPrototypeOf(o)
  ) {
    keys.push(...Reflect.ownKeys(o));
  }
  return keys;
}

/**
 * Deep equality of two values, the comparison behind `assertEquals`.
 *
 * Primitives are compared with SameValueZero (so `NaN` equals `NaN` and `0`
 * equals `-0`). Objects must have the same prototype (a null prototype counts
 * as `Object.prototype`) and the same number of own enumerable keys. Plain
 * objects and arrays compare their own enumerable string and symbol keys;
 * other objects (class instances, errors) compare every own and inherited
 * property up to `Object.prototype`. Maps and Sets ignore insertion order;
 * dates compare their time; regular expressions and URLs their string form;
 * typed arrays element by element. Cycles are handled. Comparing `WeakMap`s
 * or `WeakSet`s throws a `TypeError`.
 *
 * @param a The first value.
 * @param b The second value.
 * @returns Whether the values are deeply equal.
 *
 * @example Usage
 * ```ts
 * import { equal } from "@std/assert";
 *
 * equal({ foo: "bar" }, { foo: "bar" }); // true
 * equal([NaN, 0], [NaN, -0]); // true
 * equal({ a: undefined }, {}); // false
 * ```
 */
export function equal(a: unknown, b: unknown): boolean {
  const seen = new Map<object, object>();
  return compare(a, b);

  function compare(a: unknown, b: unknown): boolean {
    if (sameValueZero(a, b)) return true;
    if (isPrimitive(a) || isPrimitive(b)) return false;
    if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime());
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (!samePrototype(a, b)) return false;
    if (isTypedArray(a)) {
      const bb = b as ArrayLike<unknown>;
      if (a.length !== bb.length) return false;
      for (let i = 0; i < a.length; i++) if (!sameValueZero(a[i], bb[i])) return false;
      return true;
    }
    if (a instanceof ArrayBuffer || a instanceof SharedArrayBuffer) {
      const x = new Uint8Array(a);
      const y = new Uint8Array(b as ArrayBuffer);
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      return true;
    }
    if (a instanceof WeakMap) throw new TypeError("Cannot compare WeakMap instances");
    if (a instanceof WeakSet) throw new TypeError("Cannot compare WeakSet instances");
    if (a instanceof WeakRef) return compare(a.deref(), (b as WeakRef<WeakKey>).deref());
    if (seen.get(a) === b) return true;
    if (Object.keys(a).length !== Object.keys(b).length) return false;
    seen.set(a, b);
    if (a instanceof Set) return compareSets(a, b as Set<unknown>);
    if (a instanceof Map) return compareMaps(a, b as Map<unknown, unknown>);
    if (comparesAsString(a)) return String(a) === String(b);
    const proto = Object.getPrototypeOf(a);
    const plain = proto === null || proto === Object.prototype ||
      (Array.isArray(a) && proto === Array.prototype);
    const keys = new Set(
      plain ? [...enumerableKeys(a), ...enumerableKeys(b)] : [
        ...allKeys(a),
        ...allKeys(b),
      ],
    );
    for (const key of keys) {
      if (!compare((a as AnyObject)[key], (b as AnyObject)[key])) return false;
      if ((key in a) !== (key in b)) return false;
    }
    return true;
  }

  function compareSets(a: Set<unknown>, b: Set<unknown>): boolean {
    if (a.size !== b.size) return false;
    const values = [...a];
    if (values.every(isPrimitive)) return values.every((v) => b.has(v));
    return values.every((x) => [...b].some((y) => compare(x, y)));
  }

  function compareMaps(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
    if (a.size !== b.size) return false;
    const keys = [...a.keys()];
    if (keys.every(isPrimitive)) {
      return keys.every((k) => b.has(k) && compare(a.get(k), b.get(k)));
    }
    return [...a].every(([ka, va]) =>
      [...b].some(([kb, vb]) => compare(ka, kb) && compare(va, vb))
    );
  }
}

function samePrototype(a: object, b: object): boolean {
  const pa = Object.getPrototypeOf(a);
  const pb = Object.getPrototypeOf(b);
  if (pa === pb) return true;
  const plain = (p: unknown) => p === null || p === Object.prototype;
  return plain(pa) && plain(pb);
}
