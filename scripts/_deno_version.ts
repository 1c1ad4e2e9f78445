/**
 * The oldest Deno the course works on, checked when a script starts: kata
 * tests use `Deno.test`'s `timeout` and `with { type: "text" }` imports,
 * which arrived in Deno 2.8. An older Deno fails with type errors that say
 * nothing of the cause, so the scripts say it first.
 *
 * @module
 */

/** The oldest supported version. */
export const MINIMUM = [2, 8] as const;

/** Whether `version` (e.g. `"2.9.6"`) is at least {@linkcode MINIMUM}. */
export function isSupported(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** Exits with a clear message when this Deno is too old. */
export function requireSupportedDeno(): void {
  if (isSupported(Deno.version.deno)) return;
  console.error(
    `This course needs Deno ${MINIMUM.join(".")} or newer: this is Deno ${Deno.version.deno}.\n` +
      `Upgrade with \`deno upgrade\`, or run the same command through npm: ` +
      `\`npx --yes deno@2 task check-progress\``,
  );
  Deno.exit(1);
}
