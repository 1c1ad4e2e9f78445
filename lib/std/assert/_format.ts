// How assertion messages render a value: Deno.inspect with std's options.

const OPTIONS = {
  depth: Infinity,
  sorted: true,
  trailingComma: true,
  compact: false,
  iterableLimit: Infinity,
  getters: true,
  strAbbreviateSize: Infinity,
} as const;

/**
 * Renders `v` as std's assertions do: keys sorted, one item per line, every
 * item followed by a comma. Outside Deno, a quoted `String(v)`.
 */
export function format(v: unknown): string {
  if (typeof Deno?.inspect === "function") return Deno.inspect(v, OPTIONS);
  return `"${String(v).replace(/(?=["\\])/g, "\\")}"`;
}
