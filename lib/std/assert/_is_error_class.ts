// How assertThrows/assertRejects tell an error class from a message argument.

/** Whether `v` is `Error` or a class derived from it. */
export function isErrorClass(v: unknown): boolean {
  if (typeof v !== "function") return false;
  const proto: unknown = v.prototype;
  return proto === Error.prototype || proto instanceof Error;
}
