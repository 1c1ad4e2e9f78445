/**
 * Reading the command lines of `deno task train` and `deno task sample`:
 * `parseArgs` from `@std/cli`, plus what it leaves to us: unknown flags and
 * stray arguments are errors, a flag that needs a value must have one,
 * numbers are checked strictly (whole numbers for counts, a range for each),
 * and `--seed -1` works as well as `--seed=-1`.
 *
 * @module
 */

import { parseArgs } from "@std/cli";

/** A mistake on the command line: the script prints it with a pointer to `--help`. */
export class UsageError extends Error {
  /** @param message What was wrong, the value, what to do. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The flags a command takes. */
export interface FlagSpec {
  /** Flags that take a value, without `--` (such as `"seed"`). */
  readonly values: readonly string[];
  /** Flags that take no value (such as `"reference"`). */
  readonly switches: readonly string[];
}

/** The command line, read: each value flag's text (if given) and each switch. */
export interface ReadFlags {
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly switches: Readonly<Record<string, boolean>>;
}

/** Whether a word is a negative number, such as `-1`, `-0.5` or `-1e3`. */
function isNegativeNumber(word: string): boolean {
  return /^-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word);
}

/**
 * Reads `args` by `spec`. `-h` is `--help`. A value flag followed by a
 * negative number (`--seed -1`) takes it as its value, which `parseArgs`
 * alone would read as a flag named `1`.
 *
 * @param args The command-line arguments.
 * @param spec The flags the command takes.
 * @returns The values and switches given.
 * @throws {UsageError} For an unknown flag, a stray argument, or a value flag without a value.
 */
export function readFlags(args: readonly string[], spec: FlagSpec): ReadFlags {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    if (spec.values.includes(name) && i + 1 < args.length && isNegativeNumber(args[i + 1])) {
      joined.push(`${arg}=${args[i + 1]}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  const strays: string[] = [];
  const parsed = parseArgs(joined, {
    string: [...spec.values],
    boolean: [...spec.switches, "help"],
    alias: { h: "help" },
    unknown: (arg: string) => {
      strays.push(arg);
      return false;
    },
  });
  if (strays.length > 0) {
    const arg = strays[0];
    if (arg.startsWith("-")) {
      const known = [...spec.values, ...spec.switches, "help"].map((f) => `--${f}`).join(", ");
      throw new UsageError(`Unknown flag ${arg}: the flags are ${known}`);
    }
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(arg)}: every setting is a flag, such as --steps=100`,
    );
  }
  const values: Record<string, string | undefined> = {};
  for (const name of spec.values) {
    const value = parsed[name] as unknown;
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new UsageError(`Flag --${name} needs a value, such as --${name}=VALUE`);
    }
    values[name] = value;
  }
  const switches: Record<string, boolean> = {};
  for (const name of [...spec.switches, "help"]) switches[name] = parsed[name] === true;
  return { values, switches };
}

/**
 * Reads a whole number in `[min, max]`, written in decimal digits.
 *
 * @param flag The flag's name, for the message.
 * @param text The text given.
 * @param min The least value allowed.
 * @param max The largest value allowed.
 * @returns The number.
 * @throws {UsageError} If the text is not a whole number in the range.
 */
export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new UsageError(
      `Flag --${flag} must be a whole number (digits only, such as --${flag}=${min}): ` +
        `current value is ${JSON.stringify(text)}`,
    );
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw new UsageError(
      `Flag --${flag} must be a whole number from ${min} to ${max}: current value is ${text}`,
    );
  }
  return value;
}

/**
 * Reads a seed: any whole number, as Python's `random.seed` takes; beyond
 * 2**53 it becomes a bigint, which `Random` takes alike.
 *
 * @param text The text given.
 * @returns The seed.
 * @throws {UsageError} If the text is not a whole number.
 */
export function seedNumber(text: string): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new UsageError(
      "Flag --seed must be a whole number, such as --seed=42 (a negative one as --seed=-1): " +
        `current value is ${JSON.stringify(text)}`,
    );
  }
  const big = BigInt(text);
  const small = Number(big);
  return Number.isSafeInteger(small) ? small : big;
}

/**
 * Reads a finite decimal number greater than 0 (such as `0.01`, `.5` or `1e-3`).
 *
 * @param flag The flag's name, for the message.
 * @param text The text given.
 * @returns The number.
 * @throws {UsageError} If the text is not such a number.
 */
export function positiveNumber(flag: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new UsageError(
      `Flag --${flag} must be a number, such as --${flag}=0.5: current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new UsageError(
      `Flag --${flag} must be a number greater than 0: current value is ${text}`,
    );
  }
  return value;
}
