/**
 * Reads a dataset file as UTF-8 text, with errors a learner can act on: a
 * missing file, a folder, an empty file, bytes that are not UTF-8, a file one
 * may not read. Splitting the text into documents is kata 05's `parseDocs`.
 *
 * One deliberate difference from microgpt.py's `open(...).read()`: a
 * byte-order mark (U+FEFF) at the very start of the file is dropped, where
 * Python would keep it as a character of the first document (and so as a
 * token of the vocabulary). Some Windows editors write one when saving as
 * UTF-8, and it is invisible; keeping it would give the first name a
 * mysterious extra token.
 *
 * @module
 */

/** Why a dataset could not be used: the {@linkcode DatasetError.reason} of the error. */
export type DatasetErrorReason =
  /** There is no file at the path. */
  | "not-found"
  /** The path names a folder. */
  | "is-directory"
  /** The file is empty, or holds only spaces, tabs and line breaks. */
  | "empty"
  /** The bytes are not valid UTF-8. */
  | "not-utf8"
  /** The operating system does not let this user read the file. */
  | "permission-denied"
  /** Deno was not given `--allow-read` for the file. */
  | "not-allowed"
  /** Any other failure to read the file. */
  | "unreadable";

/**
 * The error {@linkcode readDataset} throws: its message names the file, says
 * what is wrong and what to do; `reason` says the same for programs.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { DatasetError, decodeDataset } from "./data.ts";
 *
 * const error = assertThrows(() => decodeDataset(new Uint8Array(0), "a.txt"), DatasetError);
 * assertEquals(error.reason, "empty");
 * ```
 */
export class DatasetError extends Error {
  /** The path of the dataset, as it was given. */
  readonly path: string;
  /** What was wrong, for programs that handle the cases differently. */
  readonly reason: DatasetErrorReason;

  /**
   * @param message The whole message: the file, what is wrong, what to do.
   * @param path The path of the dataset, as it was given.
   * @param reason What was wrong.
   * @param options The underlying error, if any, as `cause`.
   */
  constructor(message: string, path: string, reason: DatasetErrorReason, options?: ErrorOptions) {
    super(message, options);
    this.name = "DatasetError";
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Reads the file at `path` as UTF-8 text, as microgpt.py's
 * `open(path).read()` reads `input.txt`, and checks that there is something
 * in it. A byte-order mark at the very start is dropped (one only: a second
 * U+FEFF is text). The text is otherwise returned as it is: line breaks,
 * blank lines and spaces are `parseDocs`'s business.
 *
 * "Empty" means that, once a byte-order mark is dropped, the file has no
 * bytes at all, or only ASCII whitespace: spaces, tabs, line feeds, carriage
 * returns, vertical tabs and form feeds. (Python would find no documents in
 * such a file either. A file of other invisible characters gets through; then
 * `parseDocs` decides.)
 *
 * @param path The file to read, relative to the current folder or absolute.
 * @returns The text of the file.
 * @throws {DatasetError} If the file is missing, a folder, empty, not UTF-8,
 * or may not be read; the message names the path and what to do.
 *
 * @example Needs `--allow-read`
 * ```ts ignore
 * import { assert } from "@std/assert";
 * import { readDataset } from "./data.ts";
 *
 * const text = await readDataset("data/names.txt");
 * assert(text.startsWith("aaron\n"));
 * ```
 */
export async function readDataset(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw readError(error, path);
  }
  return decodeDataset(bytes, path);
}

/**
 * Decodes the bytes of a dataset with the checks of {@linkcode readDataset}:
 * UTF-8 only, a leading byte-order mark dropped, and not empty. For bytes
 * that come from elsewhere than a file.
 *
 * @param bytes The contents of the dataset.
 * @param path The name to give in error messages (a path, a URL).
 * @returns The text.
 * @throws {DatasetError} If the bytes are not UTF-8 or the text is empty.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { decodeDataset } from "./data.ts";
 *
 * const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x62, 0x6f, 0x62, 0x0a]); // BOM "bob\n"
 * assertEquals(decodeDataset(bytes, "bob.txt"), "bob\n");
 * ```
 */
export function decodeDataset(bytes: Uint8Array, path: string): string {
  let text: string;
  try {
    // The decoder drops one leading byte-order mark (ignoreBOM: false)
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw notUtf8Error(bytes, path, error);
  }
  if (text.length === 0) {
    const what = bytes.length === 0
      ? "the file is empty (0 bytes)"
      : "the file holds nothing but a byte-order mark";
    throw new DatasetError(
      `Cannot use the dataset ${quote(path)} as ${what}: put one document per line in it ` +
        "(such as one name per line), or pass another file",
      path,
      "empty",
    );
  }
  if (/^[ \t\n\r\v\f]*$/.test(text)) {
    throw new DatasetError(
      `Cannot use the dataset ${quote(path)} as it holds only spaces and line breaks ` +
        `(${bytes.length} bytes), so there are no documents in it: put one document per line ` +
        "in it (such as one name per line), or pass another file",
      path,
      "empty",
    );
  }
  return text;
}

// The DatasetError for an error thrown by Deno.readFile
function readError(error: unknown, path: string): DatasetError {
  const cause = { cause: error };
  const name = quote(path);
  if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
    return new DatasetError(
      `Cannot read the dataset ${name} as there is no file at that path${fromFolder(path)}: ` +
        "check the spelling, or pass the path of an existing text file",
      path,
      "not-found",
      cause,
    );
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return new DatasetError(
      `Cannot read the dataset ${name} as it is a folder, not a file: ` +
        "pass the path of a text file with one document per line",
      path,
      "is-directory",
      cause,
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new DatasetError(
      `Cannot read the dataset ${name} as you do not have permission to read it: ` +
        "make it readable (such as with chmod u+r), or copy it to a file you own",
      path,
      "permission-denied",
      cause,
    );
  }
  if (error instanceof Deno.errors.NotCapable) {
    return new DatasetError(
      `Cannot read the dataset ${name} as Deno was not allowed to read it: ` +
        `run deno with --allow-read=${path}`,
      path,
      "not-allowed",
      cause,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DatasetError(
    `Cannot read the dataset ${name}: ${detail}`,
    path,
    "unreadable",
    cause,
  );
}

// The DatasetError for bytes that are not UTF-8, naming the first bad byte
function notUtf8Error(bytes: Uint8Array, path: string, cause: unknown): DatasetError {
  const at = firstInvalidUtf8(bytes);
  let where = "";
  if (at >= 0) {
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, "0");
    where = `: byte 0x${hex} at offset ${at} (line ${line}) does not start a valid UTF-8 character`;
  }
  return new DatasetError(
    `Cannot read the dataset ${quote(path)} as it is not UTF-8 text${where}: ` +
      "save the file with the UTF-8 encoding (most editors offer it when saving), " +
      "or pass another file",
    path,
    "not-utf8",
    { cause },
  );
}

// The offset of the first byte that does not start a well-formed UTF-8
// sequence (the Unicode Standard's table 3-7), or -1 if all are well formed
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let more: number; // continuation bytes to follow
    let lo = 0x80; // the allowed range of the first continuation byte
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b === 0xf0) lo = 0x90; // no overlong forms
      if (b === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= more; k++) {
      const c = i + k < bytes.length ? bytes[i + k] : -1;
      if (c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += more + 1;
  }
  return -1;
}

// Where a relative path was looked for, if the current folder may be known
function fromFolder(path: string): string {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return "";
  try {
    return ` (looked for from the folder ${Deno.cwd()})`;
  } catch {
    return "";
  }
}

// A path in double quotes, as JSON writes it (so odd characters show)
function quote(path: string): string {
  return JSON.stringify(path);
}
