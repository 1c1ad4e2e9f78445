/**
 * The marker every kata stub throws: "this part is not written yet".
 *
 * Stubs call {@linkcode todo} in each body, so the file type-checks and every
 * test fails with a message that names what to write and where to read about
 * it. Tools tell "not written yet" apart from "wrong answer" by the error's
 * class ({@linkcode NotWrittenYet}) or, across processes, by its name.
 *
 * @module
 */

/** The error a kata stub throws until the learner writes the body. */
export class NotWrittenYet extends Error {
  /** What is still to write, e.g. `"Value.mul"`. */
  readonly what: string;

  /**
   * @param what The function or method still to write, e.g. `"Value.mul"`.
   * @param lesson Where to read about it, e.g. `"katas/01/README.md"`.
   */
  constructor(what: string, lesson: string) {
    super(`${what} is not written yet: see ${lesson}`);
    this.name = "NotWrittenYet";
    this.what = what;
  }
}

/**
 * Throws {@linkcode NotWrittenYet} for `what`. The lesson it points to is
 * found from the caller's file: a stub in `katas/03/` points to
 * `katas/03/README.md`.
 *
 * @param what The function or method still to write, e.g. `"Value.mul"`.
 * @returns Never: it always throws.
 *
 * @example A stub body
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { NotWrittenYet, todo } from "./todo.ts";
 *
 * function relu(): number {
 *   return todo("Value.relu");
 * }
 * assertThrows(relu, NotWrittenYet, "Value.relu is not written yet");
 * ```
 */
export function todo(what: string): never {
  throw new NotWrittenYet(what, _lessonOfCaller());
}

/** The README of the kata folder that called `todo()`, from the stack. */
function _lessonOfCaller(): string {
  const stack = new Error().stack ?? "";
  const match = stack.match(/[/\\]katas[/\\](\d\d)[/\\]/);
  return match ? `katas/${match[1]}/README.md` : "the kata's README.md";
}
