/**
 * Offline stand-in for `jsr:@std/cli@^1`: {@linkcode parseArgs} with the same
 * signature and behaviour as the real one. (`promptSecret` and
 * `unicodeWidth` are not included.) See `lib/std/README.md`.
 *
 * @example Usage
 * ```ts
 * import { parseArgs } from "@std/cli";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseArgs(["--steps=10", "x"]), { steps: 10, _: ["x"] });
 * ```
 *
 * @module
 */
export { type Args, parseArgs, type ParseOptions } from "./parse_args.ts";
