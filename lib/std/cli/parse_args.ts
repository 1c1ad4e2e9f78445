/**
 * `parseArgs`: command-line flags to an object, as `jsr:@std/cli@^1` does it
 * (minimist rules).
 *
 * @module
 */

// ---------------------------------------------------------------------------
// Types. They reproduce the real package's inferred result types: typed keys
// when `boolean`, `string` or `collect` is given, `any` values otherwise.

/** Merges an intersection of records into one record type, recursively. */
type Id<T> = T extends Record<string, unknown> ? T extends infer U ? { [K in keyof U]: Id<U[K]> }
  : never
  : T;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends
  (x: infer I) => void ? I extends Record<string, unknown> ? I : never
  : never;

type BooleanType = boolean | string | undefined;
type StringType = string | undefined;
type Collectable = string | undefined;
type Negatable = string | undefined;

/** Whether any of `boolean`, `string`, `collect` was given, which switches typing on. */
type UseTypes<B extends BooleanType, S extends StringType, C extends Collectable> =
  undefined extends ((false extends B ? undefined : B) & C & S) ? false : true;

/** `{ a?: { b?: V } }` for the name `"a.b"`; `V | false` if the name is negatable. */
type Nest<Name extends string, V> = Name extends `${infer Head}.${infer Rest}`
  ? { [K in Head]?: Nest<Rest, V> }
  : { [K in Name]?: V };

type Optional<Names, V, N extends Negatable> = [Extract<Names, string>] extends [never]
  ? Record<never, never>
  : UnionToIntersection<
    Names extends string ? Nest<Names, Names extends N ? V | false : V> : Record<never, never>
  >;

type DeepRequired<T> = T extends Record<string, unknown> ? { [K in keyof T]-?: DeepRequired<T[K]> }
  : T;

/** The typed keys of one kind (`string` or `boolean`): plain ones optional, collected ones arrays. */
type KindValues<Names, V, C extends Collectable, N extends Negatable> =
  & Optional<Exclude<Names, C>, V, N>
  & DeepRequired<Optional<Extract<Names, C>, V[], N>>;

/** Collected names that are neither booleans nor strings: `unknown[]`. */
type OtherCollected<B, S, C extends Collectable, N extends Negatable> = DeepRequired<
  Optional<Exclude<Extract<C, string>, Extract<B | S, string>>, unknown[], N>
>;

/** `{ "a.b": V }` to `{ a: { b: V } }`. */
type Dedot<T> = Record<string, unknown> extends T ? T
  : T extends Record<string, unknown> ? UnionToIntersection<
      { [K in keyof T]: K extends string ? DedotKey<K, T[K]> : never }[keyof T]
    >
  : T;
type DedotKey<K extends string, V> = K extends `${infer Head}.${infer Rest}`
  ? { [P in Head]: DedotKey<Rest, V> }
  : { [P in K]: V };

/** Default values make keys required and add their own type. */
type WithDefaults<A, D> = D extends undefined ? A
  : A extends Record<string, unknown> ?
      & Omit<A, keyof D>
      & {
        [K in keyof D]: K extends keyof A
          ? (A[K] & D[K] | D[K]) extends Record<string, unknown>
            ? NonNullable<WithDefaults<A[K], D[K]>>
          : D[K] | NonNullable<A[K]>
          : unknown;
      }
  : never;

type Aliases<TArgNames = string, TAliasNames extends string = string> = Partial<
  Record<Extract<TArgNames, string>, TAliasNames | ReadonlyArray<TAliasNames>>
>;

/** The names a key is also known by, when the alias was written `{ key: "alias" }`. */
type NamesOf<K, A extends Aliases | undefined> = K extends keyof A ? string extends A[K] ? K
  : A[K] extends string ? K | A[K]
  : A[K] extends Array<string> ? K | A[K][number]
  : K
  : K;

type WithAliases<T, A extends Aliases | undefined> = {
  [K in keyof T as NamesOf<K, A>]: T[K];
};

type Values<
  B extends BooleanType,
  S extends StringType,
  C extends Collectable,
  N extends Negatable,
  D extends Record<string, unknown> | undefined,
  A extends Aliases | undefined,
> = UseTypes<B, S, C> extends true ?
    & Record<string, unknown>
    & WithAliases<
      WithDefaults<
        & KindValues<S, string, C, N>
        & DeepRequired<KindValues<B, boolean, C, undefined>>
        & OtherCollected<B, S, C, N>,
        Dedot<D>
      >,
      A
    >
  // deno-lint-ignore no-explicit-any -- untyped parsing gives `any` values, as in std
  : Record<string, any>;

/** Suggested keys for the `default` option. */
type Defaults<B extends BooleanType, S extends StringType> = Id<
  UnionToIntersection<
    & Record<string, unknown>
    & Optional<S, unknown, undefined>
    & Optional<B, unknown, undefined>
    & Partial<Record<B extends string ? B : string, unknown>>
    & Partial<Record<S extends string ? S : string, unknown>>
  >
>;

type DoubleDash = {
  /** The arguments after the first `"--"`. */
  "--"?: Array<string>;
};

/** The value `parseArgs` returns: the flags, plus `_` for the positional arguments. */
export type Args<
  // deno-lint-ignore no-explicit-any -- untyped parsing gives `any` values, as in std
  TArgs extends Record<string, unknown> = Record<string, any>,
  TDoubleDash extends boolean | undefined = undefined,
> = Id<
  & TArgs
  & {
    /** The arguments that are not flags or flag values. */
    _: Array<string | number>;
  }
  & (boolean extends TDoubleDash ? DoubleDash
    : true extends TDoubleDash ? Required<DoubleDash>
    : Record<never, never>)
>;

/** The options of {@linkcode parseArgs}. */
export interface ParseOptions<
  TBooleans extends BooleanType = BooleanType,
  TStrings extends StringType = StringType,
  TCollectable extends Collectable = Collectable,
  TNegatable extends Negatable = Negatable,
  TDefault extends Record<string, unknown> | undefined = Record<string, unknown> | undefined,
  TAliases extends Aliases | undefined = Aliases | undefined,
  TDoubleDash extends boolean | undefined = boolean | undefined,
> {
  /**
   * When `true`, the arguments after the first `"--"` go to `result["--"]`
   * instead of `_`.
   *
   * @default {false}
   */
  "--"?: TDoubleDash;
  /** Other names for flags: `{ help: "h" }` makes `-h` set `help` too (and the reverse). */
  alias?: TAliases;
  /**
   * Flags that are booleans (`false` when absent). `true` treats every long
   * flag without `=` as a boolean (short flags are unaffected).
   */
  boolean?: TBooleans | ReadonlyArray<Extract<TBooleans, string>>;
  /** Values for flags that were not given. */
  default?: TDefault & Defaults<TBooleans, TStrings>;
  /**
   * When `true`, everything from the first positional argument on goes to
   * `_` unparsed.
   *
   * @default {false}
   */
  stopEarly?: boolean;
  /** Flags whose values stay strings (never converted to numbers). */
  string?: TStrings | ReadonlyArray<Extract<TStrings, string>>;
  /** Flags that may repeat, gathered into an array (`[]` when absent). */
  collect?: TCollectable | ReadonlyArray<Extract<TCollectable, string>>;
  /** Flags that `--no-<flag>` sets to `false`. */
  negatable?: TNegatable | ReadonlyArray<Extract<TNegatable, string>>;
  /**
   * Called for each flag not declared in `boolean`, `string`, `collect` or
   * `alias`, and for each positional argument; returning `false` drops it.
   */
  unknown?: (arg: string, key?: string, value?: unknown) => unknown;
}

// ---------------------------------------------------------------------------
// Runtime.

type Nested = Record<string, unknown>;

/** Non-blank and a finite number once converted: `"7"`, `"0x10"`, `"1e3"`, `"-2.5"`. */
function looksNumeric(s: string): boolean {
  return /\S/.test(s) && Number.isFinite(Number(s));
}

/** Keys that must never be written through (prototype pollution). */
function isUnsafe(object: Nested, key: string): boolean {
  return key === "__proto__" || (key === "constructor" && typeof object[key] === "function");
}

function setPath(object: Nested, path: readonly string[], value: unknown, collect = false): void {
  let target = object;
  for (const key of path.slice(0, -1)) {
    if (isUnsafe(target, key)) return;
    target = (target[key] ??= {}) as Nested;
  }
  const last = path[path.length - 1];
  if (isUnsafe(target, last)) return;
  if (collect) {
    const existing = target[last];
    if (Array.isArray(existing)) {
      existing.push(value);
      return;
    }
    value = existing ? [existing, value] : [value];
  }
  target[last] = value;
}

function hasPath(object: Nested, path: readonly string[]): boolean {
  let target = object;
  for (const key of path) {
    if (!Object.hasOwn(target, key)) return false;
    target = target[key] as Nested;
  }
  return true;
}

function toList(v: string | readonly string[] | undefined | boolean): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter(Boolean);
  return [];
}

/**
 * Parses command-line arguments into an object: `--key value`,
 * `--key=value`, `-abc` (three flags), `--no-key` (if negatable), and the
 * rest in `_`. Values that look like finite numbers become numbers, unless
 * the key is in `string`.
 *
 * A value that starts with `-` is not consumed as the previous flag's value:
 * `["--seed", "-1"]` gives `{ seed: true, 1: true }` (or `seed: ""` for a
 * string key). Write `--seed=-1` for a negative value.
 *
 * Everything after the first `"--"` is kept as raw strings, in `_` (or in
 * `result["--"]` with the `"--"` option).
 *
 * @param args The arguments, usually `Deno.args`.
 * @param options How to read them.
 * @returns The parsed flags, with the positional arguments in `_`.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "@std/cli";
 * import { assertEquals } from "@std/assert";
 *
 * const args = parseArgs(["--steps", "500", "--seed=-1", "-v", "data.txt"], {
 *   boolean: ["v"],
 *   string: ["out"],
 * });
 * assertEquals(args, { steps: 500, seed: -1, v: true, _: ["data.txt"] });
 * ```
 *
 * @example Defaults, aliases and negatable flags
 * ```ts
 * import { parseArgs } from "@std/cli";
 * import { assertEquals } from "@std/assert";
 *
 * const args = parseArgs(["-h", "--no-color"], {
 *   boolean: ["help", "color"],
 *   negatable: ["color"],
 *   alias: { help: "h" },
 *   default: { color: true, name: "anon" },
 * });
 * assertEquals(args, { help: true, h: true, color: false, name: "anon", _: [] });
 * ```
 */
export function parseArgs<
  TArgs extends Values<TBooleans, TStrings, TCollectable, TNegatable, TDefaults, TAliases>,
  TDoubleDash extends boolean | undefined = undefined,
  TBooleans extends BooleanType = undefined,
  TStrings extends StringType = undefined,
  TCollectable extends Collectable = undefined,
  TNegatable extends Negatable = undefined,
  TDefaults extends Record<string, unknown> | undefined = undefined,
  TAliases extends Aliases<TAliasArgNames, TAliasNames> | undefined = undefined,
  TAliasArgNames extends string = string,
  TAliasNames extends string = string,
>(
  args: readonly string[],
  options?: ParseOptions<
    TBooleans,
    TStrings,
    TCollectable,
    TNegatable,
    TDefaults,
    TAliases,
    TDoubleDash
  >,
): Args<TArgs, TDoubleDash> {
  const aliases = new Map<string, string[]>();
  for (const [key, value] of Object.entries(options?.alias ?? {})) {
    if (value === undefined) throw new TypeError("Alias value must be defined");
    const list = value as string | readonly string[];
    const names: string[] = typeof list === "string" ? [list] : [...list];
    aliases.set(key, names);
    for (const name of names) aliases.set(name, [key, ...names.filter((n) => n !== name)]);
  }
  /** The names and all their aliases. */
  const withAliases = (names: string[]) =>
    new Set(names.flatMap((name) => [name, ...(aliases.get(name) ?? [])]));
  const allBooleans = options?.boolean === true;
  const booleans = withAliases(toList(options?.boolean));
  const strings = withAliases(toList(options?.string));
  const collects = withAliases(toList(options?.collect));
  const negatables = withAliases(toList(options?.negatable));
  const unknown = options?.unknown ?? ((arg: string): unknown => arg);
  const isBoolean = (key: string) =>
    booleans.has(key) || (aliases.get(key) ?? []).some((name) => booleans.has(name));

  const result: Nested & { _: Array<string | number> } = { _: [] };

  function set(key: string, value: string | boolean, arg: string, collect = true): void {
    const declared = booleans.has(key) || strings.has(key) || collects.has(key) ||
      aliases.has(key) || (allBooleans && /^--[^=]+$/.test(arg));
    if (!declared && unknown(arg, key, value) === false) return;
    const stored = typeof value === "string" && !strings.has(key) && looksNumeric(value)
      ? Number(value)
      : value;
    const collectable = collect && collects.has(key);
    for (const name of [key, ...(aliases.get(key) ?? [])]) {
      setPath(result, name.split("."), stored, collectable);
    }
  }

  /** Gives the flag `key` (from `arg`) its value, maybe taking it from `next`. */
  function setFromNext(key: string, arg: string, next: string | undefined, long: boolean): number {
    if (next) {
      const takesValue = long ? !allBooleans && !next.startsWith("-") : !/^(-|--)[^-]/.test(next);
      if (takesValue && !isBoolean(key)) {
        set(key, next, arg);
        return 1;
      }
      if (next === "true" || next === "false") {
        set(key, next !== "false", arg);
        return 1;
      }
    }
    set(key, strings.has(key) ? "" : true, arg);
    return 0;
  }

  const split = args.indexOf("--");
  const flagArgs = split === -1 ? args : args.slice(0, split);
  const rawArgs = split === -1 ? [] : args.slice(split + 1);

  for (let i = 0; i < flagArgs.length; i++) {
    const arg = flagArgs[i];
    if (arg.startsWith("--") && arg.length > 2) {
      let body = arg.slice(2);
      const negated = body.startsWith("no-") && body.length > 3;
      if (negated) body = body.slice(3);
      const eq = body.indexOf("=", 1);
      if (eq !== -1) {
        const key = body.slice(0, eq);
        const value = body.slice(eq + 1);
        set(key, booleans.has(key) ? value !== "false" : value, arg);
        continue;
      }
      if (negated && negatables.has(body)) {
        set(body, false, arg, false);
        continue;
      }
      i += setFromNext(negated ? `no-${body}` : body, arg, flagArgs[i + 1], true);
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const body = arg.slice(1);
      let done = false;
      for (let j = 0; j < body.length - 1 && !done; j++) {
        const letter = body[j];
        const rest = body.slice(j + 1);
        if (rest === "-") {
          set(letter, rest, arg);
          continue;
        }
        if (/[A-Za-z]/.test(letter)) {
          const valueMatch = /=(.+)/.exec(rest);
          if (valueMatch) {
            set(letter, valueMatch[1], arg);
            done = true;
            continue;
          }
          if (/-?\d+(\.\d*)?(e-?\d+)?$/.test(rest)) {
            set(letter, rest, arg);
            done = true;
            continue;
          }
        }
        if (/\W/.test(body[j + 1])) {
          set(letter, rest, arg);
          done = true;
          continue;
        }
        set(letter, strings.has(letter) ? "" : true, arg);
      }
      const last = body[body.length - 1];
      if (!done && last !== "-") i += setFromNext(last, arg, flagArgs[i + 1], false);
      continue;
    }
    if (unknown(arg) !== false) {
      result._.push(strings.has("_") || !looksNumeric(arg) ? arg : Number(arg));
    }
    if (options?.stopEarly) {
      result._.push(...flagArgs.slice(i + 1));
      break;
    }
  }

  for (const [key, value] of Object.entries(options?.default ?? {})) {
    if (hasPath(result, key.split("."))) continue;
    for (const name of [key, ...(aliases.get(key) ?? [])]) {
      setPath(result, name.split("."), value);
    }
  }
  for (const key of booleans) {
    const path = key.split(".");
    if (!hasPath(result, path)) setPath(result, path, collects.has(key) ? [] : false);
  }
  for (const key of strings) {
    const path = key.split(".");
    if (!hasPath(result, path) && collects.has(key)) setPath(result, path, []);
  }
  if (options?.["--"]) result["--"] = [...rawArgs];
  else result._.push(...rawArgs);
  return result as Args<TArgs, TDoubleDash>;
}
