// ANSI colours for assertion messages, off when NO_COLOR is set (as in std).

const noColor = typeof Deno?.noColor === "boolean" ? Deno.noColor : false;

function code(open: number, close: number): (s: string) => string {
  return (s) => noColor ? s : `\x1b[${open}m${s}\x1b[${close}m`;
}

/** Bold text. */
export const bold: (s: string) => string = code(1, 22);
/** Red text. */
export const red: (s: string) => string = code(31, 39);
/** Green text. */
export const green: (s: string) => string = code(32, 39);
/** White text. */
export const white: (s: string) => string = code(37, 39);
/** Grey text. */
export const gray: (s: string) => string = code(90, 39);
/** Red background. */
export const bgRed: (s: string) => string = code(41, 49);
/** Green background. */
export const bgGreen: (s: string) => string = code(42, 49);

// CSI sequences (colours, cursor moves) and OSC sequences ended by BEL.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/** Removes ANSI escape codes from `s`. */
export function stripAnsiCode(s: string): string {
  return s.replace(ANSI, "");
}
