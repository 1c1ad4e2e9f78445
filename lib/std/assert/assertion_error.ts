/**
 * The error every assertion of this module throws.
 *
 * @module
 */

/**
 * Error thrown when an assertion fails. Its `name` is `"AssertionError"`.
 *
 * @example Usage
 * ```ts
 * import { AssertionError } from "@std/assert";
 *
 * const error = new AssertionError("Assertion failed");
 * console.log(error.name); // "AssertionError"
 * ```
 */
export class AssertionError extends Error {
  /**
   * @param message The error message.
   * @param options Standard error options, such as `cause`.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AssertionError";
  }
}
