// deno-lint-ignore-file no-unused-vars
// From a text file to documents, and from characters to token ids and back.

import { todo } from "../../lib/todo.ts";

/**
 * Given: the characters Python's `str.strip()` removes, that is what Python
 * calls whitespace. It is not JavaScript's: `trim()` keeps U+001C-U+001F and
 * U+0085, and removes U+FEFF, which Python keeps.
 */
const PYTHON_WHITESPACE: ReadonlySet<string> = new Set([
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  "\x1c",
  "\x1d",
  "\x1e",
  "\x1f",
  " ",
  "\x85",
  "\xa0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2002",
  "\u2003",
  "\u2004",
  "\u2005",
  "\u2006",
  "\u2007",
  "\u2008",
  "\u2009",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
]);

/**
 * The documents of a dataset, as microgpt.py reads `input.txt`: newlines
 * normalised as Python's text mode does (`\r\n` and a lone `\r` become
 * `\n`), the whole text stripped, split on `\n` (and nothing else), every
 * line stripped as Python's `str.strip()` does, the empty ones dropped.
 *
 * @param text The file's text (`lib/data.ts` has already dropped a leading byte-order mark).
 * @returns One document per non-empty line, in the file's order.
 *
 * @example
 * ```ts ignore
 * parseDocs("anna\r\n  bob \n\n"); // ["anna", "bob"]
 * ```
 */
export function parseDocs(text: string): string[] {
  // TODO: normalise newlines, strip, split on "\n", strip each line, keep the non-empty ones
  return todo("parseDocs");
}

/**
 * Characters to token ids and back. The vocabulary is every character of the
 * documents, once each, sorted by code point; token id `i` is `chars[i]`.
 * One extra token, BOS ("beginning of sequence"), marks where a document
 * starts and ends; its id is the number of characters.
 *
 * @example
 * ```ts ignore
 * const tokenizer = new Tokenizer(["ab", "ba"]);
 * tokenizer.chars; // ["a", "b"]
 * tokenizer.encode("ba"); // [2, 1, 0, 2]
 * ```
 */
export class Tokenizer {
  /** The vocabulary: token id `i` is `chars[i]`, sorted by code point. */
  readonly chars: readonly string[];
  /** The BOS token's id: the number of characters. */
  readonly bos: number;
  /** How many tokens there are: the characters and BOS. */
  readonly vocabSize: number;

  /** @param docs The documents to build the vocabulary from. */
  constructor(docs: readonly string[]) {
    // TODO: collect every character (code point) once, sort by code point, then set bos and vocabSize
    todo("Tokenizer");
  }

  /**
   * The tokens of a document, between two BOS tokens.
   *
   * @param doc A document.
   * @returns `[bos, ...ids, bos]`, one id per character (code point).
   * @throws {RangeError} When a character is not in the vocabulary; the message
   * names the character and the vocabulary.
   */
  encode(doc: string): number[] {
    // TODO: BOS, then the id of each character, then BOS; a clear RangeError for an unknown one
    return todo("Tokenizer.encode");
  }

  /**
   * The text of some tokens; BOS tokens are left out.
   *
   * @param ids Token ids.
   * @returns Their characters, joined.
   * @throws {RangeError} When an id is not a token of this vocabulary.
   */
  decode(ids: readonly number[]): string {
    // TODO: join the characters of the ids, skipping BOS; a RangeError for an id out of range
    return todo("Tokenizer.decode");
  }
}
