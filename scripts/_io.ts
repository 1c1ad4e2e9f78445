/**
 * Where `deno task train` and `deno task sample` write, as an object, so
 * tests can run them in-process and read what they printed; and how they
 * report an error: one clear message, never a stack trace.
 *
 * @module
 */

import { UsageError } from "./_flags.ts";

/** The terminal (or the test standing in for it). */
export interface Io {
  /** Writes to stdout: only what microgpt.py would print. */
  readonly out: (text: string) => void;
  /** Writes to stderr: progress, notes and errors. */
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (progress bar and chart only then). */
  readonly errIsTerminal: boolean;
  /** Whether colours may be used: stderr is a terminal and `NO_COLOR` is not set. */
  readonly color: boolean;
  /** The terminal's width in columns. */
  readonly columns: number;
}

/** The real terminal: synchronous writes, so stdout and stderr interleave in order. */
export function denoIo(): Io {
  const encoder = new TextEncoder();
  const writeAll = (file: typeof Deno.stdout, text: string) => {
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
  };
  const errIsTerminal = Deno.stderr.isTerminal();
  let columns = 80;
  if (errIsTerminal) {
    try {
      columns = Deno.consoleSize().columns || 80;
    } catch {
      // not a console after all: keep 80
    }
  }
  return {
    out: (text) => writeAll(Deno.stdout, text),
    err: (text) => writeAll(Deno.stderr, text),
    errIsTerminal,
    color: errIsTerminal && !Deno.noColor,
    columns,
  };
}

/**
 * Prints `error` on stderr as `error: <message>` (in red on a colour
 * terminal) and returns the exit code: 2 for a mistake on the command line
 * (with a pointer to `--help`), 1 otherwise.
 *
 * @param io Where to write.
 * @param command The command, for the pointer to its help (`"deno task train"`).
 * @param error What went wrong.
 * @returns The exit code.
 */
export function reportError(io: Io, command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const label = io.color ? "\x1b[31merror\x1b[0m" : "error";
  io.err(`${label}: ${message}\n`);
  if (error instanceof UsageError) {
    io.err(`Run ${command} --help to see the flags.\n`);
    return 2;
  }
  return 1;
}
