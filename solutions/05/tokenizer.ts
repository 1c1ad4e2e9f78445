// From a text file to documents, and from characters to token ids and back.

/**
 * The characters Python's `str.strip()` removes: its whitespace, which is not
 * JavaScript's (`trim()` keeps U+001C-U+001F and U+0085, and removes U+FEFF).
 */
const PYTHON_WHITESPACE = new Set([
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

/** `s.strip()` as Python does it. */
function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PYTHON_WHITESPACE.has(s[start])) start++;
  while (end > start && PYTHON_WHITESPACE.has(s[end - 1])) end--;
  return s.slice(start, end);
}

/**
 * The documents of a dataset, as microgpt.py reads `input.txt`: newlines
 * normalised as Python's text mode does (`\r\n` and a lone `\r` become
 * `\n`), the whole text stripped, split into lines, every line stripped, the
 * empty ones dropped.
 *
 * @param text The file's text (a leading byte-order mark already dropped).
 * @returns One document per non-empty line.
 */
export function parseDocs(text: string): string[] {
  const lines = pythonStrip(text.replace(/\r\n?/g, "\n")).split("\n");
  const docs: string[] = [];
  for (const line of lines) {
    const doc = pythonStrip(line);
    if (doc !== "") docs.push(doc);
  }
  return docs;
}

/** Compares two one-character strings by code point, as Python sorts them. */
function byCodePoint(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

/**
 * Characters to token ids and back. The vocabulary is every character of the
 * documents, sorted by code point; one extra token, BOS ("beginning of
 * sequence"), marks where a name starts and ends.
 */
export class Tokenizer {
  /** The vocabulary: token id `i` is `chars[i]`. */
  readonly chars: readonly string[];
  /** The BOS token's id: the number of characters. */
  readonly bos: number;
  /** How many tokens there are: the characters and BOS. */
  readonly vocabSize: number;
  readonly #ids: ReadonlyMap<string, number>;

  /** @param docs The documents to build the vocabulary from. */
  constructor(docs: readonly string[]) {
    const unique = new Set<string>();
    for (const doc of docs) for (const ch of doc) unique.add(ch); // by code point
    this.chars = [...unique].sort(byCodePoint);
    this.bos = this.chars.length;
    this.vocabSize = this.chars.length + 1;
    this.#ids = new Map(this.chars.map((ch, id) => [ch, id]));
  }

  /**
   * The tokens of a document, between two BOS tokens.
   *
   * @param doc A document.
   * @returns `[bos, ...ids, bos]`.
   * @throws {RangeError} When a character is not in the vocabulary.
   */
  encode(doc: string): number[] {
    const tokens = [this.bos];
    for (const ch of doc) {
      const id = this.#ids.get(ch);
      if (id === undefined) {
        throw new RangeError(
          `Cannot encode ${JSON.stringify(ch)}: it is not in the vocabulary ` +
            `(${this.vocabSize} tokens: ${JSON.stringify(this.chars.join(""))} and BOS); ` +
            "build the tokenizer from documents that contain it",
        );
      }
      tokens.push(id);
    }
    tokens.push(this.bos);
    return tokens;
  }

  /**
   * The text of some tokens; BOS tokens are left out.
   *
   * @param ids Token ids.
   * @returns Their characters, joined.
   * @throws {RangeError} When an id is not a token of this vocabulary.
   */
  decode(ids: readonly number[]): string {
    let text = "";
    for (const id of ids) {
      if (id === this.bos) continue;
      if (!Number.isInteger(id) || id < 0 || id > this.bos) {
        throw new RangeError(
          `Cannot decode token ${id}: ids go from 0 to ${this.bos} (BOS)`,
        );
      }
      text += this.chars[id];
    }
    return text;
  }
}
